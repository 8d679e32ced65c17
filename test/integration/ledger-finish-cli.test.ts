/**
 * The ledger kept as runs finish: the run loop appends each ended job's row to the index log of the
 * root it is under (when that root has an index), so `orch runs` lists it without rescanning; two
 * sweeps finishing at once under one root lose no row. Python task, real CLI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { INDEX_FILE, INDEX_LOG } from '../../src/ledger/ledger.js';
import { copyFixture, orch } from '../helpers/cli.js';
import { startOrch } from './orch-process.js';

interface Row { id: string; status: string; metrics: Record<string, unknown>; params: Record<string, string> }
const runs = (dir: string, args: string[] = []): Row[] => {
  const r = orch(dir, ['runs', '--json', '--limit', '1000', ...args]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Row[];
};
const logLines = (dir: string): Array<{ id: string; row: Row }> => readFileSync(join(dir, 'outputs', INDEX_LOG), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

/** A project with a ledger index under outputs/ (built by a first `orch runs` over one old sweep). */
function project(): string {
  const dir = copyFixture('cli/pymetrics');
  const first = orch(dir, ['diverge', '-m', 'seed=1', 'orch.sweep.dir=outputs/multirun/first']);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(runs(dir).length, 1);
  assert.ok(existsSync(join(dir, 'outputs', INDEX_FILE)));
  return dir;
}

test('ledger: a sweep\'s rows are in the index log as soon as it ends, and orch runs lists them from it', () => {
  const dir = project();
  const run = orch(dir, ['diverge', '-m', 'seed=1,2,3', 'lr=0.5', 'orch.sweep.dir=outputs/multirun/second']);
  assert.equal(run.code, 0, run.stderr);
  const lines = logLines(dir);
  assert.deepEqual(lines.map((l) => l.id).sort(), ['multirun/second/0', 'multirun/second/1', 'multirun/second/2']);
  assert.equal(lines[0]!.row.status, 'completed');
  assert.equal(typeof lines[0]!.row.metrics.acc, 'number');
  const rows = runs(dir, ['--where', 'lr=0.5']);
  assert.equal(rows.length, 3);
  assert.ok(rows.every((r) => r.status === 'completed' && typeof r.metrics.acc === 'number'));
  assert.ok(!existsSync(join(dir, 'outputs', INDEX_LOG)), 'folded into the index');
  rmSync(dir, { recursive: true, force: true });
});

test('ledger: without an index under the root, nothing is appended (orch runs builds it from the run store)', () => {
  const dir = copyFixture('cli/pymetrics');
  assert.equal(orch(dir, ['diverge', '-m', 'seed=1,2', 'orch.sweep.dir=outputs/multirun/a']).code, 0);
  assert.ok(!existsSync(join(dir, 'outputs', INDEX_LOG)));
  assert.equal(runs(dir).length, 2);
  rmSync(dir, { recursive: true, force: true });
});

test('ledger: two sweeps finishing at once under one root: every row arrives, each line whole', async () => {
  const dir = project();
  const a = startOrch(dir, ['diverge', '-m', 'seed=range(12)', 'lr=0.2', 'orch.launcher.n_jobs=2', 'orch.sweep.dir=outputs/multirun/a']);
  const b = startOrch(dir, ['diverge', '-m', 'seed=range(12)', 'lr=0.3', 'orch.launcher.n_jobs=2', 'orch.sweep.dir=outputs/multirun/b']);
  const [ea, eb] = await Promise.all([a.exited, b.exited]);
  assert.equal(ea.code, 0, a.stderr());
  assert.equal(eb.code, 0, b.stderr());
  const lines = logLines(dir); // JSON.parse of every line: none glued or torn
  assert.equal(new Set(lines.map((l) => l.id)).size, 24);
  assert.equal(runs(dir, ['--where', 'lr=0.2']).length, 12);
  assert.equal(runs(dir, ['--where', 'lr=0.3']).length, 12);
  rmSync(dir, { recursive: true, force: true });
});

test('ledger: a log set aside by an orch runs that died before folding it is folded by the next', () => {
  const dir = project();
  assert.equal(orch(dir, ['diverge', '-m', 'seed=5', 'lr=0.7', 'orch.sweep.dir=outputs/multirun/c']).code, 0);
  renameSync(join(dir, 'outputs', INDEX_LOG), join(dir, 'outputs', `${INDEX_LOG}.99999.dead`));
  mkdirSync(join(dir, 'outputs', 'unrelated'));
  const rows = runs(dir, ['--where', 'lr=0.7']);
  assert.equal(rows.length, 1);
  assert.deepEqual(readdirSync(join(dir, 'outputs')).filter((n) => n.startsWith(INDEX_LOG)), []);
  rmSync(dir, { recursive: true, force: true });
});
