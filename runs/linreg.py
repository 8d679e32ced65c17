"""
Example Python task: linear regression by full-batch gradient descent, standard library only.

It shows what orch gives a Python task through ``orch_task`` (on PYTHONPATH in every job): the
config with attribute access, a learning curve in history.jsonl, metrics.json, and stopping
cleanly on Ctrl-C, a timeout or a Slurm preemption, with a checkpoint the next attempt resumes from.
"""
import json
import math
import os
import random

import orch_task

cfg = orch_task.config()
checkpoint_path = os.path.join(orch_task.output_dir(), 'checkpoint.json')


def make_data(rng: random.Random, n: int):
    xs = [rng.uniform(-1, 1) for _ in range(n)]
    return xs, [cfg.data.true_w * x + cfg.data.true_b + rng.gauss(0, cfg.data.noise) for x in xs]


def mse(w: float, b: float, xs, ys) -> float:
    # e * e, not e ** 2: a diverging run overflows to inf instead of raising OverflowError.
    return sum((w * x + b - y) * (w * x + b - y) for x, y in zip(xs, ys)) / len(xs)


rng = random.Random(cfg.seed)
train_x, train_y = make_data(rng, cfg.data.n)
val_x, val_y = make_data(rng, cfg.data.n)

# A Slurm requeue (or `orch rerun`) runs the job again in the same directory: continue from the
# last checkpoint, which orch leaves in place.
state = {'epoch': 0, 'w': 0.0, 'b': 0.0}
if os.path.exists(checkpoint_path):
    with open(checkpoint_path) as f:
        state = json.load(f)


@orch_task.on_checkpoint
def save_checkpoint() -> None:
    tmp = checkpoint_path + '.tmp'
    with open(tmp, 'w') as f:
        json.dump(state, f)
    os.replace(tmp, checkpoint_path)


while state['epoch'] < cfg.epochs and not orch_task.should_stop():
    w, b, n = state['w'], state['b'], len(train_x)
    errors = [w * x + b - y for x, y in zip(train_x, train_y)]
    grad_w = 2 * sum(e * x for e, x in zip(errors, train_x)) / n
    grad_b = 2 * sum(errors) / n
    state.update(epoch=state['epoch'] + 1, w=w - cfg.lr * grad_w, b=b - cfg.lr * grad_b)
    orch_task.log(step=state['epoch'], loss=mse(state['w'], state['b'], train_x, train_y),
                  val_loss=mse(state['w'], state['b'], val_x, val_y))

val_loss = mse(state['w'], state['b'], val_x, val_y)
orch_task.metrics(val_loss=val_loss, w=state['w'], b=state['b'], epochs=state['epoch'],
                  converged=math.isfinite(val_loss) and val_loss < 2 * cfg.data.noise ** 2)
