"""
Stopping early, the way orch's TypeScript runner does: SIGTERM (a timeout, a cancel) and SIGINT
(Ctrl-C) run the checkpoint hooks and end the job with 143/130; SIGUSR1 runs the hooks too, and
under Slurm (the preemption/time-limit warning, when requeue is on) also ends the job, which the
batch script then puts back in the queue.

Two ways to use it:
- A task that calls ``should_stop()`` in its loop stops where it chooses: a signal only sets a
  flag; the next ``should_stop()`` runs the hooks at that safe point and returns True, the task
  winds down, and when the interpreter exits the status is still 143/130, so orch records the job
  as cancelled (or timed out) and ``orch resume`` runs it again.
  A second SIGTERM/SIGINT ends the task at once (hooks that are still due run first).
- A task that only registers ``on_checkpoint`` hooks is stopped at once: the hooks run inside the
  signal handler, then ``SystemExit`` unwinds the task (``finally`` blocks run).
"""
from __future__ import annotations

import atexit
import os
import signal
import sys
import threading
import traceback
from types import FrameType
from typing import Callable, Dict, List, Optional, TypeVar

from ._env import OrchTaskError

Hook = TypeVar('Hook', bound=Callable[[], object])

EXIT_CODES: Dict[int, int] = {int(signal.SIGTERM): 143, int(signal.SIGINT): 130}
PREEMPT: Optional[int] = getattr(signal, 'SIGUSR1', None)


class _State:
    def __init__(self) -> None:
        self.installed = False
        self.pid = 0
        self.polling = False
        self.checkpoint_due = False
        self.stop: Optional[int] = None
        self.hooks: List[Callable[[], object]] = []


_state = _State()


def _preemptible() -> bool:
    return os.environ.get('ORCH_LAUNCHER') == 'slurm'


def _stops(signum: int) -> bool:
    return signum in EXIT_CODES or (signum == PREEMPT and _preemptible())


def _run_hooks() -> None:
    for hook in list(_state.hooks):
        try:
            hook()
        except Exception:
            sys.stderr.write('orch_task: checkpoint hook failed:\n' + traceback.format_exc())


def _in_forked_child(signum: int, frame: Optional[FrameType]) -> bool:
    # Forked children (data loader workers) inherit the handlers but never poll should_stop():
    # they keep Python's defaults, so a signal to the job's process group still ends them.
    if os.getpid() == _state.pid:
        return False
    if signum == signal.SIGINT:
        signal.default_int_handler(signum, frame)
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)
    return True


def _on_signal(signum: int, frame: Optional[FrameType]) -> None:
    if _in_forked_child(signum, frame):
        return
    # A second SIGINT/SIGTERM ends the task at once, as a second Ctrl-C does to orch's jobs.
    again = _state.stop is not None and signum in EXIT_CODES
    if _stops(signum) and _state.stop is None:
        _state.stop = signum
    if _state.polling and not again:
        _state.checkpoint_due = True
        return
    if not _state.polling or _state.checkpoint_due:
        _state.checkpoint_due = False
        _run_hooks()
    if _stops(signum):
        raise SystemExit(EXIT_CODES.get(signum, 0))


def _exit_as_stopped() -> None:
    # A polling task that stopped returns normally; without this its job would read "completed"
    # and resume would skip a run that never finished. os._exit is the only way to set the status
    # from here, so flush what Python would have flushed.
    code = EXIT_CODES.get(_state.stop) if _state.polling and _state.stop is not None else None
    if code is None or os.getpid() != _state.pid:
        return
    if 'logging' in sys.modules:
        sys.modules['logging'].shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    os._exit(code)


def install_signal_handlers() -> None:
    """Installs the handlers for SIGTERM, SIGINT and SIGUSR1 (once; from the main thread)."""
    if _state.installed:
        return
    if threading.current_thread() is not threading.main_thread():
        raise OrchTaskError('orch_task: signal handlers can only be installed from the main thread; call '
                            'orch_task.install_signal_handlers() (or should_stop()/on_checkpoint()) there first')
    for signum in (signal.SIGTERM, signal.SIGINT, PREEMPT):
        if signum is not None:
            signal.signal(signum, _on_signal)
    atexit.register(_exit_as_stopped)
    _state.pid = os.getpid()
    _state.installed = True


def should_stop() -> bool:
    """
    True once SIGTERM or SIGINT arrived (or SIGUSR1 under Slurm): save what you need and return.
    A call after a signal first runs the checkpoint hooks (a SIGUSR1 outside Slurm asks for a
    checkpoint only: hooks run, and this stays False).
    """
    install_signal_handlers()
    _state.polling = True
    if _state.checkpoint_due:
        _state.checkpoint_due = False
        _run_hooks()
    return _state.stop is not None


def stop_signal() -> Optional[signal.Signals]:
    """The signal that asked the task to stop (``signal.SIGTERM``, ...), or None."""
    return None if _state.stop is None else signal.Signals(_state.stop)


def on_checkpoint(hook: Hook) -> Hook:
    """
    Registers ``hook()`` to run on SIGUSR1/SIGTERM/SIGINT before the job ends (e.g. to save a
    checkpoint the next attempt resumes from). Hooks run in order; one that raises is printed on
    stderr and the next still runs. Usable as a decorator.
    """
    install_signal_handlers()
    _state.hooks.append(hook)
    return hook
