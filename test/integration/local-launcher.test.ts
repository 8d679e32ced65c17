import { test } from 'node:test';
import { feedOf, sourceOfJobs } from '../../src/launchers/job-source.js';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLocalLauncher } from '../../src/launchers/local/local-launcher.js';
import { groupAlive } from '../../src/launchers/local/process-tree.js';
import { createDefaultLauncherRegistry } from '../../src/launchers/registry.js';
import { runSweep } from '../../src/launchers/run-sweep.js';
import { readRunRecord } from '../../src/store/run-record.js';
import type { RunRecord } from '../../src/store/types.js';
import { captureStream, eventually, journalText, launchCtx, makeSweep, runCounts, sweepStatuses, type TestSweep } from './local-harness.js';
import { meetInBash } from '../helpers/barrier.js';

async function run(s: TestSweep, settings: Record<string, unknown>) {
  const out = captureStream();
  const result = await runSweep(feedOf(s.jobs), createLocalLauncher(settings), launchCtx(s), { out, handleSignals: false });
  const records = await Promise.all(s.jobs.map((j) => readRunRecord(j.outputDir).catch(() => undefined))) as Array<RunRecord | undefined> as RunRecord[];
  return { ...result, out: out.text(), records };
}

function metricsOf(s: TestSweep, num: number): Record<string, unknown> {
  return JSON.parse(readFileSync(join(s.jobs[num]!.outputDir, 'metrics.json'), 'utf8'));
}

test('module task: every job completes with its metrics, in reused workers', async () => {
  const s = await makeSweep({ task: 'score', configs: [{ x: 1 }, { x: 2 }, { x: 3 }, { x: 4 }] });
  const r = await run(s, { n_jobs: 1 });
  assert.equal(r.exitCode, 0, r.out);
  assert.deepEqual(r.records.map((x) => x.status), ['completed', 'completed', 'completed', 'completed']);
  assert.deepEqual(s.jobs.map((j) => metricsOf(s, j.num).score), [2, 4, 6, 8]);
  // One slot: one worker ran all four jobs.
  assert.equal(new Set(s.jobs.map((j) => metricsOf(s, j.num).pid)).size, 1);
  assert.match(readFileSync(join(s.jobs[2]!.outputDir, 'stdout.log'), 'utf8'), /^stdout of job 2\n/);
  assert.match(r.out, /Sweep finished: 4 completed, 0 failed\./);
  s.cleanup();
});

test('n_jobs=2 runs two jobs at the same time, n_jobs=1 never does', async () => {
  const overlap = (a: RunRecord, b: RunRecord) => Date.parse(a.startedAt!) < Date.parse(b.endedAt!) && Date.parse(b.startedAt!) < Date.parse(a.endedAt!);
  const two = await makeSweep({ task: 'count', configs: [{}, {}] });
  // Each job finishes only once both have started, so completing at all proves they overlapped.
  two.jobs = two.jobs.map((j) => ({ ...j, argv: ['bash', '-c', meetInBash(2)] }));
  const r2 = await run(two, { n_jobs: 2 });
  assert.equal(r2.exitCode, 0, r2.out);
  assert.ok(overlap(r2.records[0]!, r2.records[1]!), JSON.stringify(r2.records.map((x) => [x.startedAt, x.endedAt])));
  const one = await makeSweep({ task: 'count', configs: [{ sleep: 0 }, { sleep: 0 }] });
  const r1 = await run(one, { n_jobs: 1 });
  assert.ok(!overlap(r1.records[0]!, r1.records[1]!));
  two.cleanup();
  one.cleanup();
});

test('a failing job is reported with its stderr tail and the sweep goes on', async () => {
  const s = await makeSweep({ task: 'fail', configs: [{ fail: true }, { fail: false }, { fail: false }] });
  const r = await run(s, { n_jobs: 1 });
  assert.equal(r.exitCode, 1);
  assert.deepEqual(r.records.map((x) => x.status), ['failed', 'completed', 'completed']);
  assert.equal(r.records[0]!.exitCode, 3);
  assert.match(r.out, /Job 0 failed \(fail=true\): exit code 3/);
  assert.match(r.out, /stderr \(last lines\):\n {4}about to fail\n {4}something broke in job 0/);
  assert.match(r.out, new RegExp(`log: ${s.jobs[0]!.outputDir}/stderr.log`));
  assert.match(r.out, new RegExp(`Sweep directory: ${s.sweepDir}`));
  s.cleanup();
});

test('module tasks: a throw and a missing default export fail their job only; invalid metrics are a warning', async () => {
  const thrown = await makeSweep({ task: 'throws', configs: [{ fail: true }, { fail: false }] });
  const r = await run(thrown, { n_jobs: 1 });
  assert.deepEqual(r.records.map((x) => x.status), ['failed', 'completed']);
  assert.equal(r.records[0]!.reason, 'Error: boom in task');
  assert.match(r.out, /Error: boom in task\n\s+at throws/);
  const nodefault = await run(await makeSweep({ task: 'nodefault', configs: [{}] }), { n_jobs: 1 });
  assert.match(nodefault.records[0]!.reason!, /nodefault\.ts: has no default export/);
  assert.match(nodefault.out, /must `export default async function/);
  const bad = await run(await makeSweep({ task: 'badmetrics', configs: [{}] }), { n_jobs: 1 });
  assert.equal(bad.records[0]!.status, 'completed', 'the task returned: a problem with its metrics is no crash');
  assert.match(bad.records[0]!.warnings![0]!, /metrics\.json\.loss is a list/);
  thrown.cleanup();
});

test('a command task writing invalid metrics.json completes with a warning; a missing command fails clearly', async () => {
  const bad = await run(await makeSweep({ task: 'badmetrics', configs: [{}], projectRoot: undefined, taskCommand: ['bash', 'runs/badmetrics.sh'] }), { n_jobs: 1 });
  assert.equal(bad.records[0]!.status, 'completed', 'exit 0 wins');
  assert.equal(bad.records[0]!.reason, undefined);
  assert.match(bad.records[0]!.warnings![0]!, /metrics\.json\.loss is a list/);
  const missing = await run(await makeSweep({ task: 'x', configs: [{}], taskCommand: ['orch-no-such-command-xyz'] }), { n_jobs: 1 });
  assert.equal(missing.records[0]!.status, 'failed');
  assert.match(missing.records[0]!.reason!, /cannot run 'orch-no-such-command-xyz': command not found/);
});

test('a job\'s end reads the prune marker only when the launch has a pruner', async () => {
  // A task that writes the marker itself stands in for a pruner's decision.
  const marker = ['sh', '-c', 'mkdir -p .orch && printf \'{"step":1,"metric":"loss","value":2,"steps":2}\' > "$ORCH_OUTPUT_DIR/.orch/prune.json"'];
  const without = await makeSweep({ task: 'x', configs: [{}], taskCommand: marker });
  const r = await run(without, { n_jobs: 1 });
  assert.equal(r.records[0]!.status, 'completed', 'no pruner in this sweep: nothing decided to prune the job');
  without.cleanup();
  const direct = await makeSweep({ task: 'x', configs: [{}], taskCommand: marker });
  const launcher = createLocalLauncher({ n_jobs: 1 });
  const events: string[] = [];
  await launcher.submit(sourceOfJobs(direct.jobs), { ...launchCtx(direct), onJobEvent: (e) => { events.push(e.status); } });
  await eventually(() => events.includes('pruned') || events.includes('completed'));
  assert.equal((await readRunRecord(direct.jobs[0]!.outputDir))?.status, 'pruned', 'a launch that does not say it has no pruner reads the marker');
  direct.cleanup();
});

test('a python task gets its config, env and the project root as cwd', async () => {
  const s = await makeSweep({ task: 'env', configs: [{ x: 5 }] });
  const r = await run(s, {});
  assert.equal(r.exitCode, 0, r.out);
  assert.deepEqual(metricsOf(s, 0), { double: 10, cwd: s.projectRoot });
  assert.match(readFileSync(join(s.jobs[0]!.outputDir, 'stdout.log'), 'utf8'), /python sees job 0/);
  s.cleanup();
});

test('a job that crashes its worker fails; the next job gets a fresh worker', async () => {
  const s = await makeSweep({ task: 'crash', configs: [{}, { crash: true }, {}] });
  const r = await run(s, { n_jobs: 1 });
  assert.deepEqual(r.records.map((x) => x.status), ['completed', 'failed', 'completed']);
  assert.match(r.records[1]!.reason!, /worker exited with code 7/);
  assert.notEqual(metricsOf(s, 0).pid, metricsOf(s, 2).pid);
  s.cleanup();
});

test('a hanging job hits its timeout and its whole process group is killed', async () => {
  const s = await makeSweep({ task: 'hang', configs: [{}, {}] });
  const r = await run(s, { n_jobs: 2, timeout_min: 0.01, kill_grace_sec: 0.3 });
  assert.equal(r.exitCode, 1);
  for (const rec of r.records) {
    assert.equal(rec.status, 'timeout');
    assert.match(rec.reason!, /timed out after 0\.01 min/);
    assert.ok(await eventually(() => !groupAlive(rec.pid!)), `process group ${rec.pid} survived`);
  }
  assert.match(r.out, /Job 0 timeout/);
  s.cleanup();
});

test('max_retries: a flaky job succeeds on its second attempt; attempts are recorded', async () => {
  const s = await makeSweep({ task: 'flaky', configs: [{}] });
  const r = await run(s, { max_retries: 2 });
  assert.equal(r.exitCode, 0);
  assert.equal(r.records[0]!.status, 'completed');
  assert.equal(r.records[0]!.attempt, 2);
  assert.equal(readFileSync(join(s.jobs[0]!.outputDir, 'tries.log'), 'utf8'), 'try\ntry\n');
  const never = await makeSweep({ task: 'fail', configs: [{ fail: true }] });
  const rn = await run(never, { max_retries: 1 });
  assert.equal(rn.records[0]!.status, 'failed');
  assert.equal(rn.records[0]!.attempt, 2);
  s.cleanup();
  never.cleanup();
});

test('fail_fast: nothing is launched after the first failure', async () => {
  const s = await makeSweep({ task: 'x', taskCommand: ['bash', 'runs/fail.sh'], configs: [{ fail: false }, { fail: true }, { fail: false }, { fail: false }] });
  const r = await run(s, { n_jobs: 1, fail_fast: true });
  assert.deepEqual(await sweepStatuses(s.sweepDir), ['completed', 'failed', 'cancelled', 'cancelled']);
  // Jobs never started get no run record: the journal says why they did not run.
  assert.deepEqual(r.records.map((x) => x?.status), ['completed', 'failed', undefined, undefined]);
  assert.match(journalText(s.sweepDir), /"job":2,"ev":"finished","status":"cancelled".*not started: fail_fast after job 1 failed/);
  assert.equal(r.summary.counts.cancelled, 2);
  assert.equal(existsSync(join(s.jobs[2]!.outputDir, 'stdout.log')), false);
  s.cleanup();
});

test('fail_fast: cancel also stops the jobs that are running', async () => {
  const s = await makeSweep({ task: 'hang', configs: [{}, {}] });
  s.jobs[1] = { ...s.jobs[1]!, argv: ['bash', '-c', 'echo no >&2; exit 1'] };
  const r = await run(s, { n_jobs: 2, fail_fast: 'cancel', kill_grace_sec: 0.3 });
  assert.equal(r.records[1]!.status, 'failed');
  assert.equal(r.records[0]!.status, 'cancelled');
  assert.ok(await eventually(() => !groupAlive(r.records[0]!.pid!)));
  s.cleanup();
});

test('bad settings stop the sweep before any job starts; a job whose directory cannot be made fails, naming it', async () => {
  for (const n of [0, -1, 'two', 1.5]) {
    assert.throws(() => createLocalLauncher({ n_jobs: n }), /orch\.launcher\.n_jobs: expected a positive integer/);
  }
  assert.throws(() => createLocalLauncher({ fail_fast: 'maybe' }), /fail_fast: expected true, false or cancel/);
  assert.throws(() => createLocalLauncher({ timeout_min: -1 }), /timeout_min: expected a positive number/);
  const s = await makeSweep({ task: 'count', configs: [{}, {}] });
  writeFileSync(join(s.sweepDir, 'blocker'), 'a file, not a directory');
  s.jobs[1] = { ...s.jobs[1]!, outputDir: join(s.sweepDir, 'blocker', '1') };
  // (A sweep dir that cannot be made stops `orch <task>` before anything runs: see local-cli.test.ts.)
  const r = await run(s, { n_jobs: 1 });
  assert.equal(r.exitCode, 1);
  assert.match(r.out, new RegExp(`cannot write to ${join(s.sweepDir, 'blocker', '1')}`));
  assert.deepEqual([...runCounts(s.sweepDir).keys()], [0]);
  s.cleanup();
});

test('the registry creates known launchers and lists them for an unknown name', () => {
  const registry = createDefaultLauncherRegistry();
  assert.equal(registry.createLauncher('local', { n_jobs: 1 }).name, 'local');
  assert.throws(() => registry.createLauncher('locl', {}), (e: Error & { hint?: string }) =>
    /unknown launcher 'locl'/.test(e.message) && /Available launchers: local\. Did you mean local\?/.test(e.hint!));
});

test('command jobs are forked by the small spawner, not by orch, and start as Node would start them', async () => {
  // Parent pid, ignored signals and stdin of the job itself: a Python helper that forgot to reset
  // SIGPIPE (Python ignores it) would leave every job unable to die of a closed pipe.
  // (Read of sh's own /proc entry: Python itself would ignore SIGPIPE again at its start.)
  const probe = 'echo $PPID; grep SigIgn /proc/$$/status | cut -f2; readlink /proc/$$/fd/0; [ "$(cut -d" " -f5 /proc/$$/stat)" = "$$" ] && echo True';
  const ppidOf = async (spawner: string | undefined) => {
    const before = process.env.ORCH_SPAWNER;
    if (spawner === undefined) delete process.env.ORCH_SPAWNER; else process.env.ORCH_SPAWNER = spawner;
    try {
      const s = await makeSweep({ task: 'x', configs: [{}, {}], taskCommand: ['sh', '-c', probe] });
      const r = await run(s, { n_jobs: 2 });
      assert.equal(r.exitCode, 0, r.out);
      const lines = s.jobs.map((j) => readFileSync(join(j.outputDir, 'stdout.log'), 'utf8').trim().split('\n'));
      for (const [, ign, stdin, leader] of lines) {
        // Signals 32 and 33 are glibc's own (no program can handle them through glibc); its
        // posix_spawn leaves them ignored, and any program glibc starts so has them ignored too.
        assert.equal(BigInt(`0x${ign}`) & ~0x180000000n, 0n, `no signal a job can handle is ignored in it (SigIgn ${ign})`);
        assert.equal(stdin, '/dev/null');
        assert.equal(leader, 'True', 'the job leads its own process group');
      }
      for (const j of s.jobs) assert.ok(!existsSync(join(j.outputDir, 'stderr.log')), 'no empty stderr.log');
      s.cleanup();
      return lines.map((l) => Number(l[0]));
    } finally {
      if (before === undefined) delete process.env.ORCH_SPAWNER; else process.env.ORCH_SPAWNER = before;
    }
  };
  const viaHelper = await ppidOf(undefined);
  assert.ok(viaHelper.every((p) => p !== process.pid), `parents ${viaHelper} are not orch (${process.pid})`);
  assert.equal(new Set(viaHelper).size, 1, 'one spawner for the whole sweep');
  assert.deepEqual(await ppidOf('node'), [process.pid, process.pid], 'ORCH_SPAWNER=node: orch spawns them itself');
});

test('a command job that leaves a background process behind: the process is killed when the job ends, its output so far kept', async () => {
  const s = await makeSweep({ task: 'x', configs: [{}], taskCommand: ['sh', '-c', 'echo before; (sleep 30; echo late) & echo $! > bg.pid'] });
  s.jobs = s.jobs.map((j) => ({ ...j, cwd: j.outputDir }));
  const r = await run(s, { n_jobs: 1 });
  assert.equal(r.exitCode, 0, r.out);
  const pid = Number(readFileSync(join(s.jobs[0]!.outputDir, 'bg.pid'), 'utf8'));
  // Gone, or a zombie its new parent has not reaped yet.
  const gone = () => { try { return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.startsWith('Z'); } catch { return true; } };
  assert.ok(await eventually(gone), 'the leftover is gone');
  assert.equal(readFileSync(join(s.jobs[0]!.outputDir, 'stdout.log'), 'utf8'), 'before\n');
  s.cleanup();
});
