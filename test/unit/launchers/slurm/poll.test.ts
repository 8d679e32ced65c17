import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPollMemory, pollJobs, type TrackedJob } from '../../../../src/launchers/slurm/poll.js';
import type { SlurmCommands } from '../../../../src/launchers/slurm/slurm-cli.js';
import type { TaskReport } from '../../../../src/launchers/slurm/slurm-state.js';

function fakeCommands(queue: TaskReport[], acct: TaskReport[] | undefined, controller: TaskReport[] = []): SlurmCommands & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    sbatch: async () => { throw new Error('no'); },
    scancel: async () => {},
    signal: async () => {},
    squeue: async () => { calls.push('squeue'); return queue; },
    sacct: async () => { calls.push('sacct'); return acct; },
    scontrolJobs: async () => { calls.push('scontrol'); return controller; },
    config: async () => new Map(),
    partitions: async () => [],
  };
}

const report = (id: string, stateText: string, exitCode = '0:0'): TaskReport => ({ id, state: stateText.split(' ')[0]!, stateText, exitCode });

const made: string[] = [];
after(() => { for (const d of made) rmSync(d, { recursive: true, force: true }); });

function sweep(n: number): { dir: string; slurmDir: string; jobs: TrackedJob[] } {
  const dir = mkdtempSync(join(tmpdir(), 'orch-poll-'));
  made.push(dir);
  const slurmDir = join(dir, '.slurm');
  for (const d of ['exit', 'logs']) mkdirSync(join(slurmDir, d), { recursive: true });
  const jobs = Array.from({ length: n }, (_, num) => {
    const outputDir = join(dir, String(num));
    mkdirSync(join(outputDir, '.orch'), { recursive: true });
    return { num, outputDir, argv: ['true'], overrides: [`x=${num}`], taskId: `40_${num}` };
  });
  return { dir, slurmDir, jobs };
}

const runJson = (dir: string) => JSON.parse(readFileSync(join(dir, '.orch', 'run.json'), 'utf8'));

test('status files first: a finished run.json needs no scheduler call', async () => {
  const { slurmDir, jobs } = sweep(1);
  writeFileSync(join(jobs[0]!.outputDir, '.orch', 'run.json'), JSON.stringify({ status: 'completed', jobNum: 0 }));
  const commands = fakeCommands([], []);
  const states = await pollJobs(jobs, { commands, slurmDir, launcherName: 'slurm', memory: createPollMemory() });
  assert.deepEqual(states, [{ num: 0, status: 'completed', reason: undefined }]);
  assert.deepEqual(commands.calls, []);
});

test('exit markers of this submission settle jobs that write no status file; stale markers do not', async () => {
  const { slurmDir, jobs } = sweep(3);
  writeFileSync(join(slurmDir, 'exit', '0'), '40_0 0\n');
  writeFileSync(join(slurmDir, 'exit', '1'), '40_1 3\n');
  writeFileSync(join(slurmDir, 'exit', '2'), '39_2 0\n');
  writeFileSync(join(slurmDir, 'logs', '40_1.out'), 'line1\nTraceback: boom\n');
  const commands = fakeCommands([report('40_2', 'RUNNING')], []);
  const states = await pollJobs(jobs, { commands, slurmDir, launcherName: 'slurm', memory: createPollMemory() });
  assert.deepEqual(states.map((s) => s.status), ['completed', 'failed', 'running']);
  assert.match(states[1]!.reason!, /^exit code 3\n--- last lines of .*40_1\.out ---\nline1\nTraceback: boom$/);
  assert.equal(runJson(jobs[0]!.outputDir).launcher.jobId, '40_0');
  assert.equal(runJson(jobs[1]!.outputDir).exitCode, 3);
});

test('jobs that died silently get Slurm\'s state and reason from sacct', async () => {
  const { slurmDir, jobs } = sweep(4);
  writeFileSync(join(slurmDir, 'logs', '40_0.out'), 'working...\n');
  const commands = fakeCommands([report('40_3', 'PENDING')], [
    report('40_0', 'CANCELLED by 0', '0:15'), report('40_1', 'TIMEOUT'), report('40_2', 'OUT_OF_MEMORY', '0:125'),
  ]);
  const states = await pollJobs(jobs, { commands, slurmDir, launcherName: 'slurm', memory: createPollMemory() });
  assert.deepEqual(states.map((s) => s.status), ['cancelled', 'timeout', 'failed', 'pending']);
  assert.match(states[0]!.reason!, /^Slurm CANCELLED by 0 \(task 40_0, exit 0:15\)\n--- last lines of .*\nworking\.\.\.$/);
  assert.match(states[2]!.reason!, /^Slurm OUT_OF_MEMORY/);
  assert.equal(runJson(jobs[1]!.outputDir).status, 'timeout');
});

test('without accounting the controller\'s memory is used', async () => {
  const { slurmDir, jobs } = sweep(1);
  const commands = fakeCommands([], undefined, [report('40_0', 'NODE_FAIL')]);
  const [state] = await pollJobs(jobs, { commands, slurmDir, launcherName: 'slurm', memory: createPollMemory() });
  assert.equal(state!.status, 'failed');
  assert.match(state!.reason!, /NODE_FAIL/);
  assert.deepEqual(commands.calls, ['squeue', 'sacct', 'scontrol']);
});

test('a task nobody knows (cancelled while pending) is cancelled after the grace period', async () => {
  const { slurmDir, jobs } = sweep(1);
  const commands = fakeCommands([], []);
  let now = 1000;
  const deps = { commands, slurmDir, launcherName: 'slurm', memory: createPollMemory(), now: () => now, unseenGraceMs: 5000 };
  assert.equal((await pollJobs(jobs, deps))[0]!.status, 'pending');
  now += 6000;
  const [state] = await pollJobs(jobs, deps);
  assert.equal(state!.status, 'cancelled');
  assert.match(state!.reason!, /left the queue before it started/);
});

test('a command task\'s record gets its start, end and durationSec from the exit marker\'s times (an older marker: from its start to now)', async () => {
  const { slurmDir, jobs } = sweep(2);
  writeFileSync(join(slurmDir, 'exit', '0'), '40_0 0 1796600000.250000 1796600012.750000\n');
  writeFileSync(join(jobs[1]!.outputDir, '.orch', 'run.json'), JSON.stringify({ status: 'pending', jobNum: 1, attempt: 0, startedAt: new Date(Date.now() - 5000).toISOString() }));
  writeFileSync(join(slurmDir, 'exit', '1'), '40_1 0\n');
  await pollJobs(jobs, { commands: fakeCommands([], []), slurmDir, launcherName: 'slurm', memory: createPollMemory() });
  const rec = runJson(jobs[0]!.outputDir);
  assert.equal(rec.status, 'completed');
  assert.equal(rec.durationSec, 12.5);
  assert.equal(rec.startedAt, new Date(1796600000250).toISOString());
  assert.equal(rec.endedAt, new Date(1796600012750).toISOString());
  const old = runJson(jobs[1]!.outputDir);
  assert.ok(old.durationSec >= 5, JSON.stringify(old));
});
