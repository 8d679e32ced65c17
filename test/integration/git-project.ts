/**
 * A small deterministic Python project in a fresh git repository, made by the test: `train`
 * reads `lr` and `seed` and a constant from `runs/train.py`, and a factor from `runs/helper.py`
 * when that (untracked) file exists; its metrics depend on nothing else.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TRAIN_PY = (scale: number) => `import os, sys
sys.path.insert(0, os.path.dirname(__file__))
import orch_task
cfg = orch_task.config()
try:
    from helper import x as factor
except ImportError:
    factor = 1
SCALE = ${scale}
orch_task.metrics(loss=round(cfg.lr * SCALE * factor + cfg.seed / 100, 6), steps=SCALE)
`;

export interface GitProject { dir: string; git: (...args: string[]) => string }

export function gitProject(): GitProject {
  const dir = mkdtempSync(join(tmpdir(), 'orch-gitproj-'));
  mkdirSync(join(dir, 'config'));
  mkdirSync(join(dir, 'runs'));
  writeFileSync(join(dir, 'config/train.yaml'), 'lr: 0.1\nseed: 0\n');
  writeFileSync(join(dir, 'runs/train.py'), TRAIN_PY(2));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: dir, encoding: 'utf8' });
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'init');
  return { dir, git };
}
