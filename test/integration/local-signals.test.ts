import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAlive } from '../../src/process-alive.js';
import { createDefaultLauncherRegistry } from '../../src/launchers/registry.js';
import { readRunRecord } from '../../src/store/run-record.js';
import { resumeCommand } from '../../src/cli/commands/resume.js';
import { captureStream, eventually, journalText, processesInGroups, ranPids, runCounts, startRunner, sweepStatuses } from './local-harness.js';
import { gateInBash } from '../helpers/barrier.js';

async function records(sweepDir: string, n: number) {
  return Promise.all(Array.from({ length: n }, (_, i) => readRunRecord(join(sweepDir, String(i)))));
}

test('SIGINT: running jobs are stopped, queued ones never start, no process survives, exit 130', async () => {
  const root = mkdtempSync(join(tmpdir(), 'orch-sig-'));
  const r = startRunner({ task: 'hang', configs: [{}, {}, {}], launcher: { n_jobs: 2, kill_grace_sec: 2 }, root });
  const sweepDir = await r.sweepDir;
  assert.ok(await eventually(() => ranPids(sweepDir).length === 2), 'two jobs started');
  const pids = ranPids(sweepDir);
  r.child.kill('SIGINT');
  const { code } = await r.exited;
  assert.equal(code, 130, r.stderr());
  assert.match(r.stderr(), /SIGINT received: stopping/);
  assert.ok(await eventually(() => processesInGroups(pids).length === 0), `left running: ${processesInGroups(pids)}`);
  assert.deepEqual(await sweepStatuses(sweepDir), ['cancelled', 'cancelled', 'cancelled']);
  const recs = await records(sweepDir, 3);
  assert.deepEqual(recs.map((x) => x?.status), ['cancelled', 'cancelled', undefined], 'the job never started has no run record');
  assert.match(journalText(sweepDir), /"job":2,"ev":"finished","status":"cancelled".*not started: interrupted by SIGINT/);
  assert.equal(ranPids(sweepDir).length, 2);
  rmSync(root, { recursive: true, force: true });
});

test('SIGTERM stops module jobs and their worker processes, exit 143', async () => {
  const root = mkdtempSync(join(tmpdir(), 'orch-sig-'));
  const r = startRunner({ task: 'slow', configs: [{ sleep: 100 }, { sleep: 100 }], launcher: { n_jobs: 2, kill_grace_sec: 2 }, root });
  const sweepDir = await r.sweepDir;
  assert.ok(await eventually(() => ranPids(sweepDir).length === 2), 'two jobs started');
  const workers = ranPids(sweepDir);
  r.child.kill('SIGTERM');
  assert.equal((await r.exited).code, 143, r.stderr());
  assert.ok(await eventually(() => workers.every((p) => !isAlive(p))), 'workers survived');
  assert.deepEqual((await records(sweepDir, 2)).map((x) => x?.status), ['cancelled', 'cancelled']);
  rmSync(root, { recursive: true, force: true });
});

test('a second Ctrl-C kills jobs that ignore the first one at once', async () => {
  const root = mkdtempSync(join(tmpdir(), 'orch-sig-'));
  const stubborn = ['bash', '-c', 'trap "" INT TERM; echo "$ORCH_JOB_NUM $$" >> "$ORCH_SWEEP_DIR/ran.log"; sleep 1000'];
  const r = startRunner({ task: 'stubborn', taskCommand: stubborn, configs: [{}], launcher: { n_jobs: 1, kill_grace_sec: 600 }, root });
  const sweepDir = await r.sweepDir;
  assert.ok(await eventually(() => ranPids(sweepDir).length === 1), 'job started');
  r.child.kill('SIGINT');
  assert.ok(await eventually(() => r.stderr().includes('SIGINT received')));
  r.child.kill('SIGINT');
  assert.equal((await r.exited).code, 130, r.stderr());
  assert.match(r.stderr(), /received again: killing/);
  assert.ok(await eventually(() => processesInGroups(ranPids(sweepDir)).length === 0));
  rmSync(root, { recursive: true, force: true });
});

test('SIGKILL of orch mid-sweep, then resume: no completed result lost, no completed job run twice', async () => {
  const root = mkdtempSync(join(tmpdir(), 'orch-sig-'));
  const n = 6;
  // Jobs 2 and up wait at a gate that opens only after the kill: orch dies with exactly jobs 0 and 1 done.
  const gate = join(root, 'gate');
  const script = ['echo "$ORCH_JOB_NUM $$" >> "$ORCH_SWEEP_DIR/ran.log"', `[ "$ORCH_JOB_NUM" -lt 2 ] || { ${gateInBash(gate)}; }`,
    'echo "{\\"job\\": $ORCH_JOB_NUM}" > "$ORCH_OUTPUT_DIR/metrics.json"'].join('\n');
  const r = startRunner({ task: 'gated', taskCommand: ['bash', '-c', script], configs: Array.from({ length: n }, () => ({})), launcher: { n_jobs: 2 }, root });
  const sweepDir = await r.sweepDir;
  let done: number[] = [];
  assert.ok(await eventually(() => {
    done = [];
    for (let i = 0; i < n; i++) {
      try {
        if (JSON.parse(readFileSync(join(sweepDir, String(i), '.orch', 'run.json'), 'utf8')).status === 'completed') done.push(i);
      } catch { /* not written yet */ }
    }
    return done.length >= 2;
  }), 'two jobs completed');
  r.child.kill('SIGKILL');
  await r.exited;
  writeFileSync(gate, '');
  const before = (await records(sweepDir, n)).map((x) => x?.status);
  const completedBefore = before.flatMap((s, i) => (s === 'completed' ? [i] : []));
  assert.deepEqual(completedBefore, [0, 1], before.join(','));
  const metricsBefore = completedBefore.map((i) => readFileSync(join(sweepDir, String(i), 'metrics.json'), 'utf8'));

  const out = captureStream();
  const code = await resumeCommand({ sweepDir, registry: createDefaultLauncherRegistry(), out, handleSignals: false });
  assert.equal(code, 0, out.text());
  assert.match(out.text(), new RegExp(`Resuming ${n - completedBefore.length} of ${n} jobs`));
  const after = await records(sweepDir, n);
  assert.deepEqual(after.map((x) => x?.status), Array(n).fill('completed'));
  const counts = runCounts(sweepDir);
  for (const i of completedBefore) assert.equal(counts.get(i), 1, `completed job ${i} ran again`);
  for (let i = 0; i < n; i++) assert.ok((counts.get(i) ?? 0) >= 1 && (counts.get(i) ?? 0) <= 2, `job ${i} ran ${counts.get(i)} times`);
  assert.deepEqual(completedBefore.map((i) => readFileSync(join(sweepDir, String(i), 'metrics.json'), 'utf8')), metricsBefore);
  for (const i of completedBefore) assert.equal(after[i]!.attempt, 1);
  rmSync(root, { recursive: true, force: true });
});
