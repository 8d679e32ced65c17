/**
 * `orch status` of a finished sweep comes from the plan and the journal: each `finished` event
 * carries the job's metrics and warning count, so no job file is read unless the event lacks them
 * (a journal of an earlier orch) or the job has warnings to list. Python task, real CLI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTaskJson } from '../../src/store/task-json.js';
import { copyFixture, orch } from '../helpers/cli.js';

interface Row { num: number; status: string; attempt: number; metric?: number; durationSec?: number; overrides: string[]; warnings?: string[] }
const statusJson = (dir: string, sweep: string): { counts: Record<string, number>; metric: string; jobs: Row[] } => {
  const r = orch(dir, ['status', sweep, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return parseTaskJson(r.stdout, 'status --json') as never;
};

/** Every job's metrics.json says `acc: 0.123` now: a reader of the files would show that. */
function rewriteMetrics(sweep: string): void {
  for (const d of readdirSync(sweep).filter((n) => /^\d+$/.test(n))) writeFileSync(join(sweep, d, 'metrics.json'), '{"acc": 0.123, "converged": true}\n');
}

function runSweep(): { dir: string; sweep: string } {
  const dir = copyFixture('cli/pymetrics');
  // lr=10 seed=1,2 diverge (acc NaN); mode=junk writes a broken metrics.json (a warning).
  const run = orch(dir, ['diverge', '-m', 'lr=0.1,10', 'seed=1,2', 'mode=ok,junk', 'orch.launcher.n_jobs=2', 'orch.sweep.dir=outputs/s']);
  assert.equal(run.code, 0, run.stderr);
  return { dir, sweep: join(dir, 'outputs/s') };
}

test('status of a finished sweep: metrics from the journal (job files changed afterwards are not read), warnings still listed', () => {
  const { dir, sweep } = runSweep();
  const before = statusJson(dir, sweep);
  assert.equal(before.metric, 'acc');
  assert.deepEqual(before.counts, { completed: 8 });
  const journal = readFileSync(join(sweep, '.orch/journal.jsonl'), 'utf8');
  assert.match(journal, /"ev":"finished".*"metrics":\{"acc":0\.81,"converged":true\},"warnings":0\}/, 'the finished event carries the metrics');
  assert.match(journal, /"metrics":\{"acc":\{"\$float":"nan"\},"converged":false\}/, 'NaN is tagged: the journal is plain JSON');

  rewriteMetrics(sweep);
  const after = statusJson(dir, sweep);
  const ok = after.jobs.filter((j) => !j.warnings);
  assert.equal(ok.length, 4);
  for (const j of ok) assert.notEqual(j.metric, 0.123, `job ${j.num}: status read metrics.json instead of the journal`);
  assert.ok(Number.isNaN(after.jobs.find((j) => j.overrides.join(' ') === 'lr=10 seed=1 mode=ok')!.metric!), 'NaN back from the journal');
  // A job with warnings is read from its files: its warning texts are listed as before.
  const junk = after.jobs.filter((j) => j.warnings);
  assert.equal(junk.length, 4);
  assert.match(junk[0]!.warnings![0]!, /metrics\.json/);
  assert.match(orch(dir, ['status', sweep]).stdout, /^0 +completed +1 +\S+ +0\.81 +lr=0\.1 seed=1 mode=ok$/m, 'text output from the journal too');
  for (const [i, j] of after.jobs.entries()) {
    assert.equal(j.attempt, before.jobs[i]!.attempt);
    assert.equal(j.durationSec, before.jobs[i]!.durationSec);
    assert.equal(j.status, 'completed');
  }
});

test('status of a sweep whose journal has no facts (an earlier orch): read from the job files, same answer', () => {
  const { dir, sweep } = runSweep();
  const fresh = orch(dir, ['status', sweep, '--json']).stdout;
  const path = join(sweep, '.orch/journal.jsonl');
  const old = readFileSync(path, 'utf8').replace(/,"metrics":\{.*?\},"warnings":\d+\}$/gm, '}');
  assert.doesNotMatch(old, /"metrics"/);
  writeFileSync(path, old);
  assert.equal(orch(dir, ['status', sweep, '--json']).stdout, fresh);
  rewriteMetrics(sweep);
  for (const j of statusJson(dir, sweep).jobs) assert.equal(j.metric, 0.123, `job ${j.num}: files are the source without facts`);
});

test('status after a crash mid-write: a torn finished line (facts cut) is ignored and the run record tells the job', () => {
  const { dir, sweep } = runSweep();
  const path = join(sweep, '.orch/journal.jsonl');
  const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
  const last = lines.findLastIndex((l) => l.includes('"ev":"finished"'));
  const job = JSON.parse(lines[last]!).job as number;
  // The journal as a SIGKILL during the last write leaves it: that line cut inside its metrics.
  writeFileSync(path, [...lines.slice(0, last), ...lines.slice(last + 1)].join('\n') + '\n');
  appendFileSync(path, lines[last]!.slice(0, lines[last]!.indexOf('"metrics"') + 15));
  const s = statusJson(dir, sweep);
  assert.deepEqual(s.counts, { completed: 8 });
  assert.equal(s.jobs[job]!.status, 'completed');
  assert.equal(typeof s.jobs[job]!.metric === 'number' || s.jobs[job]!.warnings !== undefined, true);
});
