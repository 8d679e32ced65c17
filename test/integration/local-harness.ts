/**
 * Builds sweeps on disk as a planner would (plan record, and a snapshot per job as if each was
 * dispatched), through the store
 * functions only, so launcher tests do not depend on config composition. Reusable by CLI-level tests.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromPlain, type CfgDict } from '../../src/value/value.js';
import type { PlannedJob } from '../../src/plan/types.js';
import { createUniqueDir } from '../../src/store/atomic.js';
import { configJsonPath, writeJobSnapshot } from '../../src/store/snapshot.js';
import { createPlanWriter } from '../../src/store/plan-record-writer.js';
import { hashText } from '../../src/store/content-hash.js';
import { journalPath } from '../../src/store/journal-format.js';
import { openJournalWriter } from '../../src/store/journal-writer.js';
import { updateRunRecord } from '../../src/store/run-record.js';
import type { RunRecord } from '../../src/store/types.js';
import { jobArgv, jobEnv } from '../../src/task/job-argv.js';
import { resolveTask } from '../../src/task/resolve-task.js';
import { FIXTURES, REPO_ROOT } from '../helpers/paths.js';

export const LOCAL_FIXTURE = join(FIXTURES, 'local', 'basic');

export interface TestSweep {
  sweepDir: string;
  projectRoot: string;
  task: string;
  jobs: PlannedJob[];
  cleanup(): void;
}

export async function makeSweep(opts: {
  task: string;
  configs: Array<Record<string, unknown>>;
  projectRoot?: string;
  taskCommand?: string[];
  launcher?: Record<string, unknown>;
  root?: string;
  /** When the sweep was planned (default: now); tests that order sweeps set it instead of racing the clock. */
  createdAt?: Date;
}): Promise<TestSweep> {
  const projectRoot = opts.projectRoot ?? LOCAL_FIXTURE;
  const root = opts.root ?? mkdtempSync(join(tmpdir(), 'orch-local-'));
  const sweepDir = await createUniqueDir(join(root, 'multirun', 'sweep'));
  const task = resolveTask(projectRoot, opts.task, opts.taskCommand);
  const jobs: PlannedJob[] = [];
  for (const [num, cfg] of opts.configs.entries()) {
    const outputDir = join(sweepDir, String(num));
    const overrides = Object.entries(cfg).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
    await writeJobSnapshot(outputDir, { config: fromPlain(cfg) as CfgDict, overrides, orch: new Map() });
    jobs.push({
      num, overrides, overrideDirname: overrides.join(','), outputDir, argv: jobArgv(task, outputDir), cwd: projectRoot,
      env: jobEnv({ outputDir, num, sweepDir, configPath: configJsonPath(outputDir) }),
    });
  }
  // Every job already has its snapshot, so dispatch takes it as is (no frozen tree is needed).
  const writer = await createPlanWriter(sweepDir, {
    task: opts.task, taskSpec: task.kind === 'command' ? { kind: 'command', argv: task.argv } : { kind: 'module', file: task.file },
    command: [opts.task, '-m'], createdAt: (opts.createdAt ?? new Date()).toISOString(), sweepDir,
    launcher: { name: 'local', ...(opts.launcher ?? {}) }, projectRoot,
  });
  for (const [num, j] of jobs.entries()) writer.append({ overrides: j.overrides, overrideDirname: j.overrideDirname, dir: String(num), configHash: hashText(JSON.stringify(opts.configs[num])) });
  await writer.close();
  return { sweepDir, projectRoot, task: opts.task, jobs, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export function launchCtx(s: TestSweep, interactive = false) {
  return { sweepDir: s.sweepDir, settings: {}, projectRoot: s.projectRoot, task: s.task, interactive };
}

/** How often each job ran, from the `<job> <pid>` lines fixture tasks append to ran.log. */
export function runCounts(sweepDir: string): Map<number, number> {
  const counts = new Map<number, number>();
  let text = '';
  try {
    text = readFileSync(join(sweepDir, 'ran.log'), 'utf8');
  } catch {
    return counts;
  }
  for (const line of text.trim().split('\n').filter(Boolean)) {
    const num = Number(line.split(' ')[0]);
    counts.set(num, (counts.get(num) ?? 0) + 1);
  }
  return counts;
}

/** A writable sink for progress/summary output that tests can read. */
export function captureStream(): NodeJS.WritableStream & { text(): string; isTTY?: boolean } {
  let buf = '';
  return {
    write(s: string | Uint8Array) { buf += String(s); return true; },
    text: () => buf,
  } as unknown as NodeJS.WritableStream & { text(): string };
}

/**
 * Waits until `check()` holds (polling), false if it never does within `limitMs`. Used for facts
 * that become true after an event, such as a killed process being reaped by init. The limit only
 * bounds a test that is failing anyway: on a loaded machine things take longer, never this long.
 */
export async function eventually(check: () => boolean, limitMs = 120_000): Promise<boolean> {
  const end = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
  return true;
}

/** Starts local-runner.ts (a sweep in its own process) and resolves its sweep dir once planned. */
export function startRunner(spec: { task: string; taskCommand?: string[]; configs: Array<Record<string, unknown>>; launcher: Record<string, unknown>; root: string }) {
  const runner = join(REPO_ROOT, 'test', 'integration', 'local-runner.ts');
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), runner, JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d; });
  const sweepDir = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.on('exit', () => reject(new Error(`runner exited before planning: ${stderr}`)));
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, sweepDir, exited, stderr: () => stderr };
}

/** `<job> <pid>` lines of ran.log as pids. */
export function ranPids(sweepDir: string): number[] {
  try {
    return readFileSync(join(sweepDir, 'ran.log'), 'utf8').trim().split('\n').filter(Boolean).map((l) => Number(l.split(' ')[1]));
  } catch {
    return [];
  }
}

/** Pids of every process whose process group is one of `pgids` (ps, not our own bookkeeping). */
export function processesInGroups(pgids: number[]): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,pgid=,stat='], { encoding: 'utf8' });
  return out.trim().split('\n').map((l) => l.trim().split(/\s+/)).filter(([, pgid, stat]) => pgids.includes(Number(pgid)) && !stat!.startsWith('Z')).map(([pid]) => Number(pid));
}

/**
 * Puts a job in a state by hand, as orch would have left it: its run record, and the journal event
 * that says so (the journal is what status and resume believe for a finished job).
 */
export async function setJobState(s: TestSweep, num: number, patch: Partial<RunRecord>): Promise<void> {
  const rec = await updateRunRecord(s.jobs[num]!.outputDir, patch);
  const journal = await openJournalWriter(journalPath(s.sweepDir));
  if (rec.status === 'running') void journal.append({ job: num, ev: 'started', attempt: rec.attempt, pid: rec.pid });
  else if (rec.status !== 'pending') void journal.append({ job: num, ev: 'finished', status: rec.status, attempt: rec.attempt, reason: rec.reason });
  await journal.close();
}

/** Each job's status as `orch status` sees it, and the journal's text (for reasons of jobs never started). */
export async function sweepStatuses(sweepDir: string): Promise<string[]> {
  const { collectStatus } = await import('../../src/cli/commands/status.js');
  return (await collectStatus(sweepDir)).jobs.map((j) => j.status);
}

export function journalText(sweepDir: string): string {
  try {
    return readFileSync(journalPath(sweepDir), 'utf8');
  } catch {
    return '';
  }
}
