import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { readRunRecord } from '../store/run-record.js';
import { confineTo, outsideWarning } from '../store/confine.js';
import { STDERR_FILE, type RunRecord, type RunStatus } from '../store/types.js';

export interface SummaryJob { num: number; outputDir: string; overrides: string[]; argv: string[] }

export interface SweepSummary {
  sweepDir: string;
  counts: Record<RunStatus, number>;
  /** The first jobs that did not complete (at most MAX_PROBLEMS), with what a person needs to see why. */
  problems: Array<{ job: SummaryJob; record?: RunRecord; stderrTail: string[] }>;
  /** How many jobs failed or timed out in all (problems holds only the first few). */
  failedTotal: number;
  /** Jobs not run because a completed run had the same task, config and code (orch.sweeper.skip_completed). */
  reused?: number;
  /** Jobs whose record has warnings (e.g. an unreadable metrics.json), which `orch status` lists. */
  warned: number;
}

const TAIL_LINES = 10;
/** Failures kept in memory for the summary: it shows five, and a sweep may fail by the million. */
export const MAX_PROBLEMS = 20;

/** The summary from the sweep's counts and its first failures: only those jobs' files are read. */
export async function buildSweepSummary(sweepDir: string, counts: Record<RunStatus, number>, failed: readonly SummaryJob[], warned: number): Promise<SweepSummary> {
  const locate = confineTo(sweepDir);
  const problems = await Promise.all(failed.slice(0, MAX_PROBLEMS).map(async (job) => {
    const record = await readRunRecord(job.outputDir).catch(() => undefined);
    // A job may have replaced its stderr.log by a link to any file: the summary shows none of it.
    const at = locate(join(job.outputDir, STDERR_FILE));
    const stderrTail = at.kind === 'outside' ? [`(${outsideWarning(STDERR_FILE, at.real)})`] : await readTail(join(job.outputDir, STDERR_FILE), TAIL_LINES);
    return { job, record, stderrTail };
  }));
  return { sweepDir, counts, problems, failedTotal: counts.failed + counts.timeout, warned };
}

/** Last lines of a log file, reading only its end. */
export async function readTail(path: string, lines: number, maxBytes = 8192): Promise<string[]> {
  let handle;
  try {
    handle = await open(path, 'r');
    const { size } = await handle.stat();
    const start = Math.max(0, size - maxBytes);
    const buf = Buffer.alloc(size - start);
    await handle.read(buf, 0, buf.length, start);
    const text = buf.toString('utf8').replace(/\s+$/, '');
    return text ? text.split('\n').slice(-lines) : [];
  } catch {
    return [];
  } finally {
    await handle?.close();
  }
}

/** One shape for every failed job: number, overrides, command, exit, duration, stderr tail, log path. */
export function formatFailedJob(p: SweepSummary['problems'][number]): string {
  const r = p.record;
  const exit = r?.signal ? `signal ${r.signal}` : r?.exitCode !== undefined && r?.exitCode !== null ? `exit code ${r.exitCode}` : 'no exit code';
  const lines = [
    `Job ${p.job.num} ${r?.status ?? 'failed'}${p.job.overrides.length ? ` (${p.job.overrides.join(' ')})` : ''}: ${r?.reason ?? exit}`,
    `  command: ${p.job.argv.join(' ')}`,
    `  ${exit}${r?.durationSec !== undefined ? `, after ${r.durationSec}s` : ''}${r?.attempt && r.attempt > 1 ? `, attempt ${r.attempt}` : ''}`,
  ];
  if (p.stderrTail.length) lines.push('  stderr (last lines):', ...p.stderrTail.map((l) => `    ${l}`));
  lines.push(`  log: ${join(p.job.outputDir, STDERR_FILE)}`);
  return lines.join('\n');
}

export function formatSummary(s: SweepSummary, maxFailed = 5): string {
  const c = s.counts;
  const parts = [`${c.completed} completed`, `${c.failed} failed`];
  if (c.timeout) parts.push(`${c.timeout} timed out`);
  if (c.pruned) parts.push(`${c.pruned} pruned`);
  if (c.cancelled) parts.push(`${c.cancelled} cancelled`);
  if (c.pending + c.running) parts.push(`${c.pending + c.running} not finished`);
  const out = [`Sweep finished: ${parts.join(', ')}.`];
  if (s.reused) out.push(`${s.reused} of the completed job(s) reused the results of earlier runs with the same config and code (orch.sweeper.skip_completed); their records name the run (reusedFrom).`);
  if (s.warned) out.push(`${s.warned} job(s) ended with warnings (listed by: orch status ${s.sweepDir}).`);
  for (const p of s.problems.slice(0, maxFailed)) out.push('', formatFailedJob(p));
  if (s.failedTotal > maxFailed) out.push('', `... and ${s.failedTotal - Math.min(maxFailed, s.problems.length)} more failed jobs (orch status ${s.sweepDir})`);
  out.push('', `Sweep directory: ${s.sweepDir}`);
  if (s.problems.length || c.cancelled || c.pending + c.running) out.push(`Run the jobs that did not complete again with: orch resume ${s.sweepDir}`);
  return out.join('\n') + '\n';
}
