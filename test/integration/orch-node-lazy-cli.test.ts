/**
 * orch's own node is resolved only where it is used, as Hydra resolves its `hydra` node: a single run
 * never reads `orch.sweep.*`, a sweep never reads `orch.run.dir`, so a dangling interpolation or `???`
 * there does not stop it; a dir that is used is resolved strictly, and `${orch:...}` reading an
 * unresolvable key fails where it is read (kept as written in the job config, as any lazy value).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { copyFixture, orch } from '../helpers/cli.js';

const json = (file: string): any => JSON.parse(readFileSync(file, 'utf8'));
const fine = ['+overrides.cem_num_iters=3', 'need=1'];

test('a single run whose orch.sweep.dir cannot be resolved (a missing key, ???) runs', () => {
  const dir = copyFixture('cli/lazy');
  for (const [i, sweepDir] of ['${nope.key}/x', '${need}/x', '???'].entries()) {
    const r = orch(dir, ['train', ...(sweepDir === '${need}/x' ? ['+overrides.cem_num_iters=3'] : fine), `orch.sweep.dir=${sweepDir}`, `orch.sweep.subdir=\${nope}`, `orch.run.dir=outputs/r${i}`]);
    assert.equal(r.code, 0, `${sweepDir}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /orch\.sweep|nope/, 'nothing read it: nothing to warn about');
    assert.deepEqual(json(join(dir, `outputs/r${i}/metrics.json`)), { seed: 1 });
  }
  // The strict `orch compose` too: the run does not read it.
  const c = orch(dir, ['compose', '-c', 'train', ...fine, 'orch.sweep.dir=${nope}']);
  assert.equal(c.code, 0, c.stderr);
});

test('a sweep whose orch.run.dir cannot be resolved runs', () => {
  const dir = copyFixture('cli/lazy');
  const r = orch(dir, ['train', '-m', 'seed=1,2', ...fine, 'orch.run.dir=${nope}/${need}', 'orch.sweep.dir=outputs/s']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readdirSync(join(dir, 'outputs/s')).sort(), ['.orch', '0', '1']);
  assert.deepEqual(json(join(dir, 'outputs/s/1/metrics.json')), { seed: 2 });
});

test('the dir a run or sweep uses is resolved strictly: an error naming the key, nothing written', () => {
  const dir = copyFixture('cli/lazy');
  const run = orch(dir, ['train', ...fine, 'orch.run.dir=outputs/${nope}']);
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, /orch\.run\.dir: interpolation key 'nope' not found/);
  const sweep = orch(dir, ['train', '-m', 'seed=1,2', ...fine, 'orch.sweep.dir=outputs/${nope}']);
  assert.equal(sweep.code, 2, sweep.stderr);
  assert.match(sweep.stderr, /orch\.sweep\.dir: interpolation key 'nope' not found/);
  const subdir = orch(dir, ['train', '-m', 'seed=1,2', ...fine, 'orch.sweep.subdir=${nope}']);
  assert.equal(subdir.code, 2, subdir.stderr);
  assert.match(subdir.stderr, /orch\.sweep\.subdir: interpolation key 'nope' not found/);
  for (const r of [run, sweep, subdir]) assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(existsSync(join(dir, 'outputs')), false, 'nothing written');
});

test('${orch:sweep.dir} read by a single run whose sweep dir cannot be resolved fails where it is read (Python task)', () => {
  const dir = copyFixture('cli/lazy');
  const r = orch(dir, ['cmd', 'orch.sweep.dir=${nope}/x', '+where=${orch:sweep.dir}', 'orch.run.dir=outputs/py']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /where: .*nope/, 'listed in the one warning');
  assert.equal(json(join(dir, 'outputs/py/.orch/config.json')).where, '${orch:sweep.dir}', 'kept as written');
  const strict = orch(dir, ['cmd', 'orch.job.strict=true', 'orch.sweep.dir=${nope}/x', '+where=${orch:sweep.dir}', 'orch.run.dir=outputs/strict']);
  assert.equal(strict.code, 2, strict.stderr);
  assert.match(strict.stderr, /interpolation key 'nope' not found/);
  // Resolvable, it is read as Hydra's ${hydra:sweep.dir} is in a single run.
  const ok = orch(dir, ['cmd', 'orch.sweep.dir=outputs/multi/${seed}', '+where=${orch:sweep.dir}', 'orch.run.dir=outputs/py2']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(json(join(dir, 'outputs/py2/.orch/config.json')).where, 'outputs/multi/1');
});
