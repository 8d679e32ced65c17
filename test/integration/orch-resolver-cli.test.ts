/**
 * `${orch:...}` through the real CLI, from a TS task and a Python task (python3 reading ORCH_CONFIG):
 * `ckpt: ${orch:runtime.output_dir}/ckpt` is the job's real dir, also when the run or sweep dir
 * already existed and got a `_1` suffix (the dispatch-time hash check tolerates exactly that).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyFixture, orch } from '../helpers/cli.js';
import { gitProject } from './git-project.js';

const seen = (dir: string): any => JSON.parse(readFileSync(join(dir, 'seen.json'), 'utf8'));

function expectSeen(dir: string, num: number, dirname: string, model: string): void {
  assert.deepEqual(seen(dir), { ckpt: join(dir, 'ckpt'), num, dirname, model, n_jobs: 2, outputDir: dir });
}

for (const task of ['train', 'cmd']) {
  test(`${task}: a single run reads its real run dir, a second run with the same dir its _1 dir`, () => {
    const dir = copyFixture('cli/orchres');
    for (const out of ['outputs/r', 'outputs/r_1']) {
      const r = orch(dir, [task, 'orch.run.dir=outputs/r', 'model=big', '+orch.launcher.n_jobs=2']);
      assert.equal(r.code, 0, r.stderr);
      expectSeen(join(dir, out), 0, 'model=big', 'big');
    }
  });

  test(`${task}: a sweep job reads its own dir, number, override_dirname and choice, also in a _1 sweep dir`, () => {
    const dir = copyFixture('cli/orchres');
    for (const out of ['outputs/s', 'outputs/s_1']) {
      const r = orch(dir, [task, '-m', 'model=small,big', 'orch.sweep.dir=outputs/s', 'orch.launcher.n_jobs=2']);
      assert.equal(r.code, 0, r.stderr);
      expectSeen(join(dir, out, '0'), 0, 'model=small', 'small');
      expectSeen(join(dir, out, '1'), 1, 'model=big', 'big');
    }
  });
}

test('--cfg job --resolve and orch compose show the planned dir', () => {
  const dir = copyFixture('cli/orchres');
  const cfg = orch(dir, ['train', '--cfg', 'job', '--resolve', 'orch.run.dir=outputs/r', '+orch.launcher.n_jobs=2']);
  assert.equal(cfg.code, 0, cfg.stderr);
  assert.match(cfg.stdout, new RegExp(`ckpt: ${join(dir, 'outputs/r/ckpt')}`));
  const compose = orch(dir, ['compose', '-c', 'train', '-m', 'model=small,big', 'orch.sweep.dir=outputs/s', 'orch.launcher.n_jobs=2']);
  assert.equal(compose.code, 0, compose.stderr);
  assert.ok(compose.stdout.includes(join(dir, 'outputs/s/1/ckpt')), compose.stdout);
});

test('an unknown ${orch:} key is kept as written and warned about naming the valid keys; strict refuses it', () => {
  const dir = copyFixture('cli/orchres');
  writeFileSync(join(dir, 'config/bad.yaml'), 'defaults:\n  - cmd\n  - _self_\nbad: ${orch:job.nme}\n');
  const r = orch(dir, ['cmd', '-c', 'bad', 'orch.run.dir=outputs/b', '+orch.launcher.n_jobs=2']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /bad: interpolation key 'orch:job\.nme' not found/);
  assert.equal(JSON.parse(readFileSync(join(dir, 'outputs/b/.orch/config.json'), 'utf8')).bad, '${orch:job.nme}');
  const strict = orch(dir, ['cmd', '-c', 'bad', 'orch.job.strict=true', 'orch.run.dir=outputs/b2', '+orch.launcher.n_jobs=2']);
  assert.equal(strict.code, 2, strict.stderr);
  assert.match(strict.stderr, /Valid keys: .*job\.name, job\.num/);
  assert.doesNotMatch(strict.stderr, /\n\s+at /);
});

test('orch.run.dir cannot read the output dir it defines: a clear error, exit 2', () => {
  const dir = copyFixture('cli/orchres');
  const r = orch(dir, ['train', 'orch.run.dir=outputs/${orch:runtime.output_dir}', '+orch.launcher.n_jobs=2']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /orch\.run\.dir: .*the orch node cannot use it/);
});

test('skip_completed reuses a run whose config differs only in its own dir (${orch:runtime.output_dir})', () => {
  const { dir } = gitProject();
  writeFileSync(join(dir, 'config/train.yaml'), 'lr: 0.1\nseed: 0\nckpt: ${orch:runtime.output_dir}/ckpt\n');
  let r = orch(dir, ['train', '-m', 'seed=1,2', 'orch.sweep.dir=outputs/s1']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(readFileSync(join(dir, 'outputs/s1/1/.orch/config.json'), 'utf8')).ckpt, join(dir, 'outputs/s1/1/ckpt'));
  r = orch(dir, ['train', '-m', 'seed=1,2', 'orch.sweeper.skip_completed=true', 'orch.sweep.dir=outputs/s2']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /2 of the completed job\(s\) reused the results of earlier runs/);
  assert.equal(JSON.parse(readFileSync(join(dir, 'outputs/s2/1/.orch/config.json'), 'utf8')).ckpt, join(dir, 'outputs/s2/1/ckpt'));
});

for (const task of ['train', 'cmd']) {
  test(`${task}: \${orch:runtime.cwd} is the directory orch was started from (a subdirectory of the project), in a run and in each sweep job`, () => {
    const dir = copyFixture('cli/orchres');
    const sub = join(dir, 'notebooks', 'deep');
    mkdirSync(sub, { recursive: true });
    const run = orch(sub, [task, 'orch.run.dir=outputs/r', '+orch.launcher.n_jobs=2', '+seen.cwd=${orch:runtime.cwd}', '+seen.work=${orch:runtime.cwd}/data']);
    assert.equal(run.code, 0, run.stderr);
    // Outputs are under the project root, found from the subdirectory; cwd is where orch started.
    assert.equal(seen(join(dir, 'outputs/r')).cwd, sub);
    assert.equal(seen(join(dir, 'outputs/r')).work, join(sub, 'data'));
    const sweep = orch(sub, [task, '-m', 'model=small,big', 'orch.sweep.dir=outputs/s', 'orch.launcher.n_jobs=2', '+seen.cwd=${orch:runtime.cwd}']);
    assert.equal(sweep.code, 0, sweep.stderr);
    for (const n of ['0', '1']) assert.equal(seen(join(dir, 'outputs/s', n)).cwd, sub);
    // The plan records it, so a job composed again at dispatch (resume from elsewhere) gets the same.
    const plan = JSON.parse(readFileSync(join(dir, 'outputs/s/.orch/plan.json'), 'utf8'));
    assert.equal(plan.compose.cwd, sub);
    // orch's own dirs may use it, as hydra.run.dir: ${hydra:runtime.cwd}/outputs does.
    const own = orch(sub, [task, 'orch.run.dir=${orch:runtime.cwd}/here', '+orch.launcher.n_jobs=2']);
    assert.equal(own.code, 0, own.stderr);
    assert.equal(seen(join(sub, 'here')).outputDir, join(sub, 'here'));
  });
}
