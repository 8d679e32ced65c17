/**
 * Python tasks through the real CLI with the orch_task helper that orch puts on PYTHONPATH: config
 * values arrive exactly, log/metrics are what orch reads back, a stop signal is seen by should_stop().
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { PYTHON_HELPER_DIR } from '../../src/orch-root.js';
import { parseTaskJson, parseTaskJsonLines } from '../../src/store/task-json.js';
import { copyFixture, orch } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { startOrch } from './orch-process.js';

const json = (file: string): any => parseTaskJson(readFileSync(file, 'utf8'), file);
const record = (dir: string) => json(join(dir, '.orch', 'run.json'));

async function waitForFile(file: string, what: string): Promise<string> {
  for (let i = 0; i < 1200; i++) {
    if (existsSync(file)) return readFileSync(file, 'utf8');
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what} (${file})`);
}

test('config values reach a Python task exactly: inf, nan, nested lists, ints of any size', () => {
  const dir = copyFixture('cli/pytask');
  const run = orch(dir, ['probe', 'lr=inf', 'x=nan', 'big=9007199254740992', 'grid=[[1,2],[3.5,-inf]]', 'orch.run.dir=outputs/p']);
  assert.equal(run.code, 0, run.stderr);
  const out = join(dir, 'outputs/p');
  assert.deepEqual(json(join(out, 'seen.json')), {
    lr: ['inf', 'float'], x: ['nan', 'float'], big: ['9007199254740992', 'int'], grid: ['[[1, 2], [3.5, -inf]]', 'list'],
    units: 4, 'val/loss': 0.5,
  });
  // Back through metrics.json and history.jsonl, orch reads the values it sent.
  const metrics = json(join(out, 'metrics.json'));
  assert.deepEqual(metrics, { lr: Infinity, x: NaN, big: 2 ** 53, grid: { first: -Infinity }, job: 0 });
  assert.deepEqual(parseTaskJsonLines(readFileSync(join(out, 'history.jsonl'), 'utf8'), 'history.jsonl').records, [{ step: 1, lr: Infinity, x: NaN }]);
  assert.equal(record(out).warnings, undefined);

  const beyond = orch(dir, ['probe', 'big=9007199254740993', 'orch.run.dir=outputs/q']);
  assert.equal(beyond.code, 0, beyond.stderr);
  assert.deepEqual(json(join(dir, 'outputs/q/seen.json')).big, ['9007199254740993', 'int'], 'an int beyond 2^53 keeps its digits');
  const floats = orch(dir, ['probe', 'x=2', 'orch.run.dir=outputs/r']);
  assert.equal(floats.code, 0, floats.stderr);
  assert.deepEqual(json(join(dir, 'outputs/r/seen.json')).x, ['2', 'int'], 'an int override stays an int');
  assert.deepEqual(json(join(dir, 'outputs/r/seen.json')).lr, ['0.1', 'float']);
});

test('the example Python task: learning curves in history.jsonl and the report, metrics, a diverged run completes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'orch-linreg-'));
  for (const f of ['config/linreg.yaml', 'runs/linreg.py']) cpSync(join(REPO_ROOT, f), join(dir, f), { recursive: true });
  const run = orch(dir, ['linreg', '-m', 'lr=0.1,5', 'seed=0,1', 'epochs=300', 'orch.sweep.dir=outputs/s']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /4 completed, 0 failed/);
  const history = parseTaskJsonLines(readFileSync(join(dir, 'outputs/s/0/history.jsonl'), 'utf8'), 'history.jsonl').records as any[];
  assert.deepEqual(history.map((r) => r.step), Array.from({ length: 300 }, (_, i) => i + 1));
  assert.ok(history[299].val_loss < history[0].val_loss / 10, 'it learns');
  const good = json(join(dir, 'outputs/s/0/metrics.json'));
  assert.equal(good.converged, true);
  assert.ok(Math.abs(good.w - 2) < 0.1 && Math.abs(good.b + 1) < 0.1, JSON.stringify(good));
  const diverged = json(join(dir, 'outputs/s/2/metrics.json'));
  assert.ok(!Number.isFinite(diverged.val_loss) && diverged.converged === false, JSON.stringify(diverged));

  const report = orch(dir, ['report', 'outputs/s', 'report.metric=val_loss', 'report.higher_is_better=false', 'report.group_by=[lr]']);
  assert.equal(report.code, 0, report.stderr);
  const html = readFileSync(join(dir, 'outputs/s/report/index.html'), 'utf8');
  assert.match(html, /val_loss per step/);
  assert.match(html, /non-finite point\(s\) \(diverged steps\) left out/);
});

test('should_stop() after SIGTERM to the job: hooks run, the task saves its result, exit 143 (failed: stopped from outside)', async () => {
  const dir = copyFixture('cli/pytask');
  const out = join(dir, 'outputs/w');
  const o = startOrch(dir, ['wait', 'orch.run.dir=outputs/w']);
  const pid = Number(await waitForFile(join(out, 'ready'), 'the task to be ready'));
  process.kill(pid, 'SIGTERM');
  const { code } = await o.exited;
  assert.equal(code, 1, o.stderr());
  assert.equal(json(join(out, 'metrics.json')).stopped_by, 'SIGTERM');
  assert.equal(readFileSync(join(out, 'checkpoint'), 'utf8'), 'saved');
  const rec = record(out);
  assert.deepEqual([rec.status, rec.exitCode], ['failed', 143]);
});

test('Ctrl-C to orch reaches should_stop(): the job saves and is recorded cancelled, orch exits 130', async () => {
  const dir = copyFixture('cli/pytask');
  const out = join(dir, 'outputs/c');
  const o = startOrch(dir, ['wait', 'orch.run.dir=outputs/c', 'orch.launcher.kill_grace_sec=120']);
  await waitForFile(join(out, 'ready'), 'the task to be ready');
  o.child.kill('SIGINT');
  const { code } = await o.exited;
  assert.equal(code, 130, o.stderr());
  assert.equal(json(join(out, 'metrics.json')).stopped_by, 'SIGINT');
  assert.equal(readFileSync(join(out, 'checkpoint'), 'utf8'), 'saved');
  const rec = record(out);
  assert.deepEqual([rec.status, rec.exitCode], ['cancelled', 130], 'resume will run it again');
});

test('orch_task comes first on PYTHONPATH; the user\'s own entries still import', () => {
  const dir = copyFixture('cli/pytask');
  const lib = join(dir, 'mylib');
  mkdirSync(lib);
  writeFileSync(join(lib, 'mylib.py'), 'VALUE = 42\n');
  const run = orch(dir, ['uselib', 'orch.run.dir=outputs/u'], { PYTHONPATH: lib });
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(json(join(dir, 'outputs/u/metrics.json')), { value: 42, pythonpath: `${PYTHON_HELPER_DIR}${delimiter}${lib}` });
});
