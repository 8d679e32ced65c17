/**
 * `orch rerun --exact` end to end on a git repository made by the test: a run from a dirty tree
 * with an untracked helper, then the code changed and committed; the exact rerun rebuilds the old
 * code and gets the old numbers, where a plain run gets new ones.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { orch } from '../helpers/cli.js';
import { gitProject, TRAIN_PY } from './git-project.js';

const json = (file: string): any => JSON.parse(readFileSync(file, 'utf8'));

function ranDirty() {
  const p = gitProject();
  writeFileSync(join(p.dir, 'runs/train.py'), TRAIN_PY(3)); // the uncommitted edit
  writeFileSync(join(p.dir, 'runs/helper.py'), 'x = 2\n'); // untracked
  const r = orch(p.dir, ['train', 'lr=0.5', 'seed=1', 'orch.run.dir=outputs/a']);
  assert.equal(r.code, 0, r.stderr);
  const run = join(p.dir, 'outputs/a');
  assert.deepEqual(json(join(run, 'metrics.json')), { loss: 3.01, steps: 3 });
  // Then the code moves on.
  writeFileSync(join(p.dir, 'runs/train.py'), TRAIN_PY(5));
  writeFileSync(join(p.dir, 'runs/helper.py'), 'x = 7\n');
  p.git('add', 'runs/train.py');
  p.git('commit', '-q', '-m', 'scale 5');
  return { ...p, run };
}

test('rerun --exact rebuilds commit + diff + untracked files in a worktree and reproduces the old metrics', () => {
  const { dir, git, run } = ranDirty();
  const now = orch(dir, ['train', 'lr=0.5', 'seed=1', 'orch.run.dir=outputs/b']);
  assert.equal(now.code, 0, now.stderr);
  assert.deepEqual(json(join(dir, 'outputs/b/metrics.json')), { loss: 17.51, steps: 5 }, 'today\'s code gives other numbers');

  const r = orch(dir, ['rerun', 'outputs/a', '--exact']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^key\s+old\s+new/);
  assert.match(r.stdout, /loss\s+3\.01\s+3\.01\s+equal/);
  assert.match(r.stdout, /steps\s+3\s+3\s+equal/);
  assert.match(r.stderr, /reproduced: all 2 metric\(s\) identical/);
  assert.match(r.stderr, /code state identical to the original run's/);
  assert.equal(git('worktree', 'list').trim().split('\n').length, 1, 'the worktree is removed');
  // The original job is untouched; the rerun has a directory of its own.
  assert.equal(json(join(run, '.orch/run.json')).attempt, 1);
  const exact = readdirSync(join(run, '.orch/exact'));
  assert.equal(exact.length, 1);
  const cmp = json(join(run, '.orch/exact', exact[0]!, 'comparison.json'));
  assert.equal(cmp.identical, true);
  assert.deepEqual(json(join(run, '.orch/exact', exact[0]!, 'metrics.json')), { loss: 3.01, steps: 3 });
  assert.equal(readFileSync(join(dir, 'runs/helper.py'), 'utf8'), 'x = 7\n', 'the project itself is not touched');
});

test('rerun --exact says which metrics differ and exits 1; --keep-worktree leaves the worktree', () => {
  const { dir, git, run } = ranDirty();
  writeFileSync(join(run, 'metrics.json'), JSON.stringify({ loss: 3.02, steps: 3 }));
  const r = orch(dir, ['rerun', 'outputs/a', '--exact', '--keep-worktree']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /loss\s+3\.02\s+3\.01\s+differs/);
  assert.match(r.stdout, /steps\s+3\s+3\s+equal/);
  assert.match(r.stderr, /not reproduced: 1 of 2 metric\(s\) differ/);
  const kept = /worktree kept at (\S+)/.exec(r.stderr)![1]!;
  assert.ok(existsSync(join(kept, 'runs/helper.py')));
  assert.equal(readFileSync(join(kept, 'runs/helper.py'), 'utf8'), 'x = 2\n');
  git('worktree', 'remove', '--force', kept);
});

test('rerun --exact: a missing commit, a diff that does not apply, no git checkout are typed errors saying what to do', () => {
  const { dir, run } = ranDirty();
  const recPath = join(run, '.orch/run.json');
  const rec = json(recPath);
  const provPath = join(run, rec.provenance);
  const prov = readFileSync(provPath, 'utf8');

  writeFileSync(recPath, JSON.stringify({ ...rec, git: { ...rec.git, commit: 'f'.repeat(40) } }));
  writeFileSync(provPath, prov.replace(new RegExp(rec.git.commit, 'g'), 'f'.repeat(40)));
  let r = orch(dir, ['rerun', 'outputs/a', '--exact']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^Error: commit f{40} the job ran at is not in the repository/m);
  assert.match(r.stderr, /git fetch/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');

  writeFileSync(recPath, JSON.stringify(rec));
  const doc = JSON.parse(prov);
  doc.git.diff = doc.git.diff.replace(/^-SCALE = 2$/m, '-SCALE = 9');
  writeFileSync(provPath, JSON.stringify(doc));
  r = orch(dir, ['rerun', 'outputs/a', '--exact']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^Error: the job's recorded diff does not apply to its commit/m);

  writeFileSync(provPath, prov);
  renameSync(join(dir, '.git'), join(dir, 'git-moved'));
  r = orch(dir, ['rerun', 'outputs/a', '--exact']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /not a git checkout, so the job's code state cannot be rebuilt there/);
  assert.match(r.stderr, /Clone the project's repository/);
});
