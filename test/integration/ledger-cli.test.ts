import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INDEX_FILE, INDEX_LOG, updateLedgerEntry } from '../../src/ledger/ledger.js';
import { FORMAT_VERSION } from '../../src/ledger/index-codec.js';
import { orch } from '../helpers/cli.js';
import { makeSweep, type FakeJob } from '../fixtures/report/make-sweep.js';

const HOUR_AGO = new Date(Date.now() - 3_600_000);

/** Every file and dir under `dir` an hour old: the index then trusts what it saw (nothing is "too recent"). */
function age(dir: string): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) age(p);
    utimesSync(p, HOUR_AGO, HOUR_AGO);
  }
  utimesSync(dir, HOUR_AGO, HOUR_AGO);
}

function runRecord(dir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dir, '.orch', 'run.json'), 'utf8')) as Record<string, unknown>;
}

function rewriteRecord(dir: string, patch: Record<string, unknown>): void {
  writeFileSync(join(dir, '.orch', 'run.json'), JSON.stringify({ ...runRecord(dir), ...patch }));
}

/** A project with one sweep (model x seed, one failed, one running) and two single runs. */
async function project(): Promise<{ root: string; sweep: string; single: string }> {
  const root = await mkdtemp(join(tmpdir(), 'orch-ledger-'));
  const jobs: FakeJob[] = [
    { overrides: ['model=net5', 'seed=1'], metrics: { test: { accuracy: 0.981 }, epochs: 10 } },
    { overrides: ['model=net5', 'seed=2'], metrics: { test: { accuracy: 0.975 }, epochs: 10 } },
    { overrides: ['model=net2', 'seed=1'], metrics: { test: { accuracy: 0.962 }, epochs: 10 } },
    { overrides: ['model=net2', 'seed=2'], status: 'failed' },
    { overrides: ['model=linear', 'seed=1'], status: 'running' },
  ];
  const sweep = await makeSweep(join(root, 'outputs', 'multirun', '2026-11-02', '10-00-00'), jobs, { createdAt: '2026-11-02T10:00:00.000Z' });
  jobs.forEach((_, i) => rewriteRecord(join(sweep, String(i)), { startedAt: `2026-11-02T10:0${i}:00.000Z` }));
  const single = join(root, 'outputs', '2026-10-20', '09-00-00');
  await makeSweep(single, [{ overrides: ['model=net5', 'lr=0.1'], metrics: { test: { accuracy: 0.99 } } }]);
  // A single run is a job dir of its own: move job 0 up and drop the sweep files around it.
  rmSync(join(single, 'sweep.json'));
  for (const f of ['.orch', 'metrics.json', 'stdout.log', 'stderr.log']) {
    const from = join(single, '0', f);
    if (existsSync(from)) writeMove(from, join(single, f));
  }
  rmSync(join(single, '0'), { recursive: true });
  rewriteRecord(single, { startedAt: '2026-10-20T09:00:00.000Z' });
  age(root);
  return { root, sweep, single };
}

function writeMove(from: string, to: string): void {
  if (statSync(from).isDirectory()) {
    mkdirSync(to, { recursive: true });
    for (const e of readdirSync(from)) writeMove(join(from, e), join(to, e));
  } else writeFileSync(to, readFileSync(from));
}

async function withProject(fn: (p: { root: string; sweep: string; single: string }) => void | Promise<void>): Promise<void> {
  const p = await project();
  try { await fn(p); } finally { await rm(p.root, { recursive: true, force: true }); }
}

function runsJson(root: string, args: string[] = []): Array<Record<string, any>> {
  const r = orch(root, ['runs', '--json', ...args]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Array<Record<string, any>>;
}

test('orch runs lists single runs and sweep jobs, newest first, with the parameters that differ', () => withProject(({ root }) => {
  const r = orch(root, ['runs']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.match(lines[0]!, /^id\s+date\s+task\s+sweep\s+status\s+model\s+seed\s+lr\s+test\.accuracy\s+epochs\s+commit\s+notes$/);
  assert.equal(lines.length, 1 + 6 + 1);
  assert.match(lines[1]!, /^outputs\/multirun\/2026-11-02\/10-00-00\/\d\s/);
  assert.match(lines[6]!, /^outputs\/2026-10-20\/09-00-00\s.*completed\s+net5\s+0\.1\s+0\.99\s+abc1234/);
  assert.match(lines[7]!, /^6 runs, under /);
  assert.ok(existsSync(join(root, 'outputs', INDEX_FILE)), 'the index is written');
}));

test('filters, sort, columns, limit and the CSV / Markdown outputs', () => withProject(({ root }) => {
  const ids = (args: string[]) => runsJson(root, args).map((x) => x.id as string);
  assert.deepEqual(ids(['--where', 'model=net5', '--where', 'test.accuracy>=0.976', '--sort', 'test.accuracy']), ['outputs/multirun/2026-11-02/10-00-00/0', 'outputs/2026-10-20/09-00-00']);
  assert.deepEqual(ids(['--status', 'failed,running', '--sort', 'id']), ['outputs/multirun/2026-11-02/10-00-00/3', 'outputs/multirun/2026-11-02/10-00-00/4']);
  assert.equal(ids(['--since', '2026-11-01']).length, 5);
  assert.deepEqual(ids(['--sort=-test.accuracy', '--limit', '2']), ids(['--sort', 'test.accuracy:desc', '--limit', '2']));
  assert.deepEqual(ids(['--sort', 'test.accuracy:desc', '--limit', '2']), ['outputs/2026-10-20/09-00-00', 'outputs/multirun/2026-11-02/10-00-00/0']);
  const csv = orch(root, ['runs', '--csv', '--where', 'seed=1', '--columns', 'id,model,test.accuracy', '--sort', 'id']);
  assert.equal(csv.code, 0, csv.stderr);
  assert.equal(csv.stdout, 'id,model,test.accuracy\r\noutputs/multirun/2026-11-02/10-00-00/0,net5,0.981\r\noutputs/multirun/2026-11-02/10-00-00/2,net2,0.962\r\noutputs/multirun/2026-11-02/10-00-00/4,linear,\r\n');
  const md = orch(root, ['runs', '--md', '--where', 'model=net2']);
  assert.match(md.stdout, /^\| id \| date \| task \| sweep \| status \| seed \| test\.accuracy \| epochs \| commit \| notes \|\n\| --- \|/);
  const one = runsJson(root, ['--where', 'model=net2', '--where', 'seed=1'])[0]!;
  assert.equal(one.sweep, 'outputs/multirun/2026-11-02/10-00-00');
  assert.deepEqual(one.metrics, { 'test.accuracy': 0.962, epochs: 10 });
  assert.equal(one.commit, 'abc1234def5678');
  assert.equal(one.dirty, false);
}));

test('bad input: a typed error naming it, exit 2, no stack trace', () => withProject(({ root }) => {
  for (const [args, words] of [
    [['runs', '--where', 'model'], /--where 'model': no comparison/],
    [['runs', '--status', 'done'], /--status done: not a run status/],
    [['runs', '--since', 'last week'], /not a date/],
    [['runs', '--root', 'nowhere'], /nowhere: no such directory/],
    [['runs', '--columns', 'modle'], /'modle' is no field/],
    [['note', 'outputs', 'hi'], /not a run or sweep directory/],
  ] as const) {
    const r = orch(root, [...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, words);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
}));

test('notes round-trip: on a run and on a sweep, beside it and never in the snapshot', () => withProject(({ root, sweep }) => {
  orch(root, ['runs']);
  const job = 'outputs/multirun/2026-11-02/10-00-00/1';
  let r = orch(root, ['note', job, 'loss spikes at epoch 3']);
  assert.equal(r.code, 0, r.stderr);
  r = orch(root, ['note', 'multirun/2026-11-02/10-00-00', 'net5 wins; try net8 next']);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(existsSync(join(sweep, '1', 'orch-notes.jsonl')));
  assert.ok(!readdirSync(join(sweep, '1', '.orch')).some((f) => f.includes('note')));
  const row = runsJson(root, ['--where', `id=${job}`])[0]!;
  assert.equal(row.notes.length, 1);
  assert.equal(row.notes[0].text, 'loss spikes at epoch 3');
  assert.match(row.notes[0].at, /^\d{4}-\d\d-\d\dT/);
  const table = orch(root, ['runs', '--where', 'seed=2', '--where', 'model=net5']).stdout;
  assert.match(table, /loss spikes at epoch 3/);
  const sheet = orch(root, ['runs', '--sheet']);
  assert.match(sheet.stdout, /\| outputs\/multirun\/2026-11-02\/10-00-00 \| 2026-11-02 \| train \|.*\| net5 wins; try net8 next \|/);
}));

test('the index: a run that finishes after it was built shows up; a new sweep too; a rerun of a finished one', () => withProject(async ({ root, sweep }) => {
  assert.equal(runsJson(root, ['--status', 'running']).length, 1);
  // Job 4 finishes: its record is rewritten (the sweep dir does not move).
  writeFileSync(join(sweep, '4', 'metrics.json'), JSON.stringify({ test: { accuracy: 0.91 } }));
  rewriteRecord(join(sweep, '4'), { status: 'completed', endedAt: '2026-11-02T10:09:00.000Z' });
  const done = runsJson(root, ['--where', 'model=linear'])[0]!;
  assert.equal(done.status, 'completed');
  assert.equal(done.metrics['test.accuracy'], 0.91);
  // A new sweep after the index was built.
  await makeSweep(join(root, 'outputs', 'multirun', '2026-11-03', '08-00-00'), [{ overrides: ['model=net8', 'seed=1'], metrics: { test: { accuracy: 0.99 } } }]);
  assert.equal(runsJson(root, ['--where', 'model=net8']).length, 1);
  // A rerun of finished job 3: it takes the sweep's lock (the sweep dir moves), then rewrites the record.
  age(root);
  orch(root, ['runs']);
  writeFileSync(join(sweep, '.orch.lock'), '{}');
  rmSync(join(sweep, '.orch.lock'));
  rewriteRecord(join(sweep, '3'), { status: 'completed', attempt: 2 });
  assert.equal(runsJson(root, ['--where', 'model=net2', '--where', 'seed=2'])[0]!.status, 'completed');
}));

test('the index is used: a finished run in an unchanged sweep is not re-read, unless --refresh or --rebuild', () => withProject(({ root, sweep }) => {
  orch(root, ['runs']);
  const sweepTime = statSync(sweep).mtime;
  // Edited behind orch's back, with the sweep dir's mtime put back: nothing a refresh looks at moved.
  rewriteRecord(join(sweep, '0'), { status: 'failed' });
  utimesSync(sweep, sweepTime, sweepTime);
  const id = 'outputs/multirun/2026-11-02/10-00-00/0';
  assert.equal(runsJson(root, ['--where', `id=${id}`])[0]!.status, 'completed');
  assert.equal(runsJson(root, ['--where', `id=${id}`, '--refresh'])[0]!.status, 'failed');
  rewriteRecord(join(sweep, '0'), { status: 'timeout' });
  utimesSync(sweep, sweepTime, sweepTime);
  assert.equal(runsJson(root, ['--where', `id=${id}`, '--rebuild'])[0]!.status, 'timeout');
}));

test('a fresh index is not rewritten: its own write moves the root, which alone is no change', () => withProject(({ root }) => {
  orch(root, ['runs']);
  age(root);
  orch(root, ['runs']);
  // That listing wrote the index, which moved the root's mtime; the next one must see no change in that.
  const file = join(root, 'outputs', INDEX_FILE);
  utimesSync(file, HOUR_AGO, HOUR_AGO);
  assert.equal(runsJson(root).length, 6);
  // utimes keeps microseconds, so the time read back may differ from the one set below a millisecond.
  assert.ok(Math.abs(statSync(file).mtimeMs - HOUR_AGO.getTime()) < 1, 'an unchanged tree: the index is not written');
}));

test('a job dir made before its record (at dispatch) is listed once the record lands', () => withProject(({ root, sweep }) => {
  const job = join(sweep, '5');
  mkdirSync(join(job, '.orch'), { recursive: true });
  writeFileSync(join(job, '.orch', 'config.json'), '{}');
  age(root);
  assert.equal(runsJson(root).length, 6);
  const jobTime = statSync(job).mtime;
  writeFileSync(join(job, '.orch', 'run.json'), JSON.stringify({ ...runRecord(join(sweep, '0')), jobNum: 5, overrides: ['model=net8', 'seed=1'], status: 'running' }));
  utimesSync(job, jobTime, jobTime);
  // The new store appends to the sweep's journal at dispatch.
  mkdirSync(join(sweep, '.orch'), { recursive: true });
  writeFileSync(join(sweep, '.orch', 'journal.jsonl'), '{"job":5}\n');
  assert.equal(runsJson(root, ['--where', 'model=net8'])[0]?.status, 'running');
}));

test('an index of another format version, or torn, is rebuilt; a removed run disappears', () => withProject(({ root, sweep }) => {
  orch(root, ['runs']);
  const file = join(root, 'outputs', INDEX_FILE);
  writeFileSync(file, readFileSync(file, 'utf8').replace(`"version":${FORMAT_VERSION}`, '"version":999'));
  assert.equal(runsJson(root).length, 6);
  assert.match(readFileSync(file, 'utf8'), new RegExp(`"version":${FORMAT_VERSION}`));
  writeFileSync(file, '{"format":"orch-le');
  assert.equal(runsJson(root).length, 6);
  rmSync(join(sweep, '2'), { recursive: true });
  assert.equal(runsJson(root).length, 5);
}));

test('updateLedgerEntry: a launcher puts a finished job into the index; orch runs folds it in', () => withProject(({ root, sweep }) => {
  assert.equal(updateLedgerEntry(join(sweep, '4')), false, 'no index yet: nothing to update');
  orch(root, ['runs']);
  writeFileSync(join(sweep, '4', 'metrics.json'), JSON.stringify({ test: { accuracy: 0.93 } }));
  rewriteRecord(join(sweep, '4'), { status: 'completed' });
  assert.equal(updateLedgerEntry(join(sweep, '4')), true);
  assert.match(readFileSync(join(root, 'outputs', INDEX_LOG), 'utf8'), /"id":"multirun\/2026-11-02\/10-00-00\/4"/);
  const row = runsJson(root, ['--where', 'model=linear'])[0]!;
  assert.equal(row.status, 'completed');
  assert.equal(row.metrics['test.accuracy'], 0.93);
  assert.ok(!existsSync(join(root, 'outputs', INDEX_LOG)), 'folded into the index');
}));

test('other roots: --root and orch.ledger.roots in config/ledger.yaml', () => withProject(async ({ root }) => {
  const scratch = await mkdtemp(join(tmpdir(), 'orch-ledger-scratch-'));
  try {
    await makeSweep(join(scratch, 'multirun', 'x'), [{ overrides: ['model=far', 'seed=1'], metrics: { test: { accuracy: 0.5 } } }]);
    assert.equal(runsJson(root, ['--root', scratch, '--where', 'model=far']).length, 1);
    mkdirSync(join(root, 'config'), { recursive: true });
    writeFileSync(join(root, 'config', 'ledger.yaml'), `orch:\n  ledger:\n    roots: [${scratch}]\n`);
    const rows = runsJson(root, ['--where', 'model=far']);
    assert.equal(rows.length, 1);
    assert.ok(rows[0]!.id.endsWith('multirun/x/0'));
    rmSync(join(root, 'config', 'ledger.yaml'));
    assert.equal(runsJson(root, ['--root', 'outputs/multirun']).length, 6, 'a root inside another lists nothing twice');
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}));

test('a Python task sweep: description and hypothesis from orch.sweep.*, on the sheet as Markdown, CSV and HTML', async () => {
  const root = await mkdtemp(join(tmpdir(), 'orch-ledger-py-'));
  try {
    mkdirSync(join(root, 'config'));
    mkdirSync(join(root, 'runs'));
    writeFileSync(join(root, 'config', 'train.yaml'), 'lr: 0.1\nseed: 0\norch:\n  task:\n    command: [python3, runs/train.py]\n');
    writeFileSync(join(root, 'runs', 'train.py'), [
      'import json, os',
      "cfg = json.load(open(os.environ['ORCH_CONFIG']))",
      "json.dump({'test': {'accuracy': 0.9 + cfg['lr'] / 10}}, open(os.path.join(os.environ['ORCH_OUTPUT_DIR'], 'metrics.json'), 'w'))",
    ].join('\n') + '\n');
    const run = orch(root, ['train', '-m', 'lr=0.1,0.01', 'orch.sweep.description=lr sweep', "orch.sweep.hypothesis='a smaller lr is better'"]);
    assert.equal(run.code, 0, run.stderr);
    const rows = runsJson(root);
    assert.equal(rows.length, 2);
    assert.deepEqual(rows.map((x) => x.status), ['completed', 'completed']);
    assert.equal(rows[0]!.description, 'lr sweep');
    assert.equal(rows[0]!.hypothesis, 'a smaller lr is better');
    const md = orch(root, ['runs', '--sheet']).stdout;
    assert.match(md, /\| lr sweep \| a smaller lr is better \| \(first\) \| test\.accuracy 0\.901\.\.0\.91 \(mean 0\.9055\); 2 of 2 runs completed \|/);
    assert.match(orch(root, ['runs', '--sheet', '--csv']).stdout, /^id,date,task,description,hypothesis,changes,results,verdict,notes\r\n.*,lr sweep,a smaller lr is better,/);
    assert.match(orch(root, ['runs', '--sheet', '--html']).stdout, /^<!doctype html>[\s\S]*<td>lr sweep<\/td>/);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
