"""What orch hands a Python task, without dependencies (Python 3.8+, standard library only).

orch puts this package on every job's PYTHONPATH, so a task run by orch (``runs/<task>.py`` or
``orch.task.command: [python3, ...]``) can write::

    import orch_task

    cfg = orch_task.config()                 # the job's resolved config: cfg.model.width, cfg["lr"]
    for epoch in range(cfg.training.epochs):
        loss = ...
        orch_task.log(step=epoch, loss=loss) # one line of history.jsonl (learning curves)
        if orch_task.should_stop():          # Ctrl-C, timeout, Slurm preemption
            break
    orch_task.metrics(accuracy=0.98)         # metrics.json (merged with earlier calls)

Everything here only reads the environment orch sets (ORCH_CONFIG, ORCH_OUTPUT_DIR, ORCH_JOB_NUM,
ORCH_SWEEP_DIR, ORCH_DEVICE, ORCH_LAUNCHER) and writes the files orch reads; the README's
"Python tasks" section is the reference.
"""
from ._env import Config, OrchTaskError, UnresolvedValueError, config, device, job_num, output_dir, sweep_dir
from ._records import log, metrics
from ._stop import install_signal_handlers, on_checkpoint, should_stop, stop_signal

__all__ = [
    'Config', 'OrchTaskError', 'UnresolvedValueError', 'config', 'device', 'job_num', 'output_dir', 'sweep_dir',
    'log', 'metrics', 'install_signal_handlers', 'on_checkpoint', 'should_stop', 'stop_signal',
]
