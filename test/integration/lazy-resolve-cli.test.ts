/**
 * Lazy resolution through the real CLI: a job value that cannot be resolved (a dangling
 * interpolation, `???`) does not stop the run; it is kept as written, named in one warning, and fails
 * only where a task reads it (TS: OmegaConf's exception name; Python: orch_task.UnresolvedValueError).
 * `orch.job.strict=true` refuses before anything is written, as before.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { copyFixture, orch } from '../helpers/cli.js';

const json = (file: string): any => JSON.parse(readFileSync(file, 'utf8'));
const warnings = (stderr: string): number => stderr.split('\n').filter((l) => l.includes('cannot be resolved and are kept as written')).length;

test('a TS task that never reads the unresolvable values completes; they are kept as written and warned about once', () => {
  const dir = copyFixture('cli/lazy');
  const r = orch(dir, ['train', 'orch.run.dir=outputs/ok']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(warnings(r.stderr), 1, r.stderr);
  assert.match(r.stderr, /need: missing mandatory value/);
  assert.match(r.stderr, /action_optimizer\.iters: interpolation key 'overrides\.cem_num_iters' not found/);
  const out = join(dir, 'outputs/ok');
  assert.deepEqual(json(join(out, '.orch/config.json')), { seed: 1, need: '???', action_optimizer: { iters: '${overrides.cem_num_iters}' }, read: 'none' });
  assert.deepEqual(json(join(out, 'metrics.json')), { seed: 1 });
});

test('a TS task reading an unresolvable value fails there with the error OmegaConf raises, naming the key', () => {
  const dir = copyFixture('cli/lazy');
  const iters = orch(dir, ['train', 'read=iters', 'orch.run.dir=outputs/iters']);
  assert.equal(iters.code, 1, iters.stderr);
  assert.match(iters.stderr, /InterpolationKeyError: action_optimizer\.iters: interpolation key 'overrides\.cem_num_iters' not found/);
  assert.ok(existsSync(join(dir, 'outputs/iters/seed.txt')), 'the task ran up to the read');
  const need = orch(dir, ['train', 'read=need', 'orch.run.dir=outputs/need']);
  assert.equal(need.code, 1, need.stderr);
  assert.match(need.stderr, /MissingMandatoryValue: need: missing mandatory value/);
});

test('a sweep warns once for all its jobs, and each dispatched job keeps the values as written', () => {
  const dir = copyFixture('cli/lazy');
  const r = orch(dir, ['train', '-m', 'seed=1,2,3', 'orch.sweep.dir=outputs/sw']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(warnings(r.stderr), 1, r.stderr);
  for (const n of ['0', '1', '2']) assert.equal(json(join(dir, 'outputs/sw', n, '.orch/unresolved.json')).values.length, 2);
});

test('orch.job.strict=true refuses the run before anything is written, naming the key', () => {
  const dir = copyFixture('cli/lazy');
  const r = orch(dir, ['train', 'orch.job.strict=true', 'orch.run.dir=outputs/strict']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /action_optimizer\.iters: interpolation key 'overrides\.cem_num_iters' not found/);
  assert.ok(!existsSync(join(dir, 'outputs')) || readdirSync(join(dir, 'outputs')).length === 0);
  const missing = orch(dir, ['train', 'orch.job.strict=true', '+overrides.cem_num_iters=3']);
  assert.equal(missing.code, 2, missing.stderr);
  assert.match(missing.stderr, /Missing mandatory value in the job config: need/);
});

test('a Python command task sees the literal in ORCH_CONFIG; orch_task.config() raises UnresolvedValueError where it is read', () => {
  const dir = copyFixture('cli/lazy');
  const r = orch(dir, ['cmd', 'orch.run.dir=outputs/py']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(json(join(dir, 'outputs/py/seen.json')), { raw: '${nope}', seed: 1, error: 'InterpolationKeyError', key: 'dangling' });
});
