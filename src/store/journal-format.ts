import { join } from 'node:path';
import { decodeJsonObjectLine } from './json-line.js';
import { decodeJournalMetrics, encodeJournalMetrics, type ScalarMetrics } from './metric-values.js';

/**
 * `<sweep>/.orch/journal.jsonl`: one JSON object per line, one line per change of a job's state,
 * appended in the order the changes happened. Keys are written in a fixed order (`job`, `ev`, then
 * `status` for `finished`) so the counting fold can read a line without parsing it as JSON; a
 * reader must still accept any key order (a line written by hand or by a later writer).
 */
export const JOURNAL_FILE = 'journal.jsonl';
export const journalPath = (sweepDir: string): string => join(sweepDir, '.orch', JOURNAL_FILE);

export type FinishedStatus = 'completed' | 'failed' | 'cancelled' | 'timeout' | 'pruned';
export const FINISHED_STATUSES: readonly FinishedStatus[] = ['completed', 'failed', 'cancelled', 'timeout', 'pruned'];

/** Epoch milliseconds: cheaper to write and fold than ISO text, and exact. */
interface Base { job: number; at?: number }
export interface DispatchedEvent extends Base { ev: 'dispatched' }
export interface StartedEvent extends Base { ev: 'started'; attempt: number; pid?: number; host?: string }
export interface FinishedEvent extends Base {
  ev: 'finished';
  status: FinishedStatus;
  attempt?: number;
  exitCode?: number | null;
  signal?: string | null;
  durationSec?: number;
  reason?: string;
  /**
   * What readers would otherwise read from the job's files, written by launchers that know it when
   * the job ends: its metrics.json as flat scalars (`{}` when it wrote none) and how many warnings
   * its run record has. Absent (a journal of an earlier orch, a job whose end was learnt from the
   * scheduler, metrics too many to carry): readers read the files.
   */
  metrics?: ScalarMetrics;
  warnings?: number;
}
/** A search's trial `job` (trial number = job number) was proposed with these parameter values. */
export interface TrialEvent extends Base { ev: 'trial'; params: Record<string, string> }
/** What the study was told of trial `job` when its job ended (see sweep/search/trial.ts). */
export interface ToldEvent extends Base { ev: 'told'; state: 'completed' | 'failed' | 'pruned'; value?: number; step?: number; error?: string }
/**
 * The pruner decided to stop a running job (written before it is signalled). The job's phase does
 * not change: its `finished` event (status `pruned`) follows when it has ended.
 */
export interface PruneEvent extends Base { ev: 'prune'; step: number; metric: string; value: number }
export type StudyEvent = TrialEvent | ToldEvent;
export type JobEvent = DispatchedEvent | StartedEvent | FinishedEvent;
export type JournalEvent = JobEvent | StudyEvent | PruneEvent;
export const isStudyEvent = (e: JournalEvent): e is StudyEvent => e.ev === 'trial' || e.ev === 'told';

/** Far above any sweep (2^31 - 1), low enough that a damaged number cannot size an array absurdly. */
export const MAX_JOB = 0x7fff_ffff;

/** A reason is for a human reading `orch status`; the job's log has the rest. */
const MAX_REASON = 2000;

export function encodeJournalEvent(e: JournalEvent, now: number): string {
  const at = e.at ?? now;
  if (e.ev === 'dispatched') return `{"job":${e.job},"ev":"dispatched","at":${at}}\n`;
  if (e.ev === 'started') return JSON.stringify({ job: e.job, ev: e.ev, attempt: e.attempt, pid: e.pid, host: e.host, at }) + '\n';
  if (e.ev === 'trial') return JSON.stringify({ job: e.job, ev: e.ev, params: e.params, at }) + '\n';
  if (e.ev === 'told') {
    // NaN/Infinity are not JSON: a non-finite value is written as text and read back as a number.
    const value = e.value === undefined || Number.isFinite(e.value) ? e.value : String(e.value);
    return JSON.stringify({ job: e.job, ev: e.ev, state: e.state, value, step: e.step, error: e.error?.slice(0, MAX_REASON), at }) + '\n';
  }
  // A NaN value (a diverged report) is written null: the journal is plain JSON.
  if (e.ev === 'prune') return JSON.stringify({ job: e.job, ev: e.ev, step: e.step, metric: e.metric, value: e.value, at }) + '\n';
  return JSON.stringify({
    job: e.job, ev: e.ev, status: e.status, attempt: e.attempt, exitCode: e.exitCode, signal: e.signal,
    durationSec: e.durationSec, reason: e.reason === undefined ? undefined : e.reason.slice(0, MAX_REASON), at,
    // Last: the counting fold finds `durationSec` before any metric that has that name.
    metrics: e.metrics && encodeJournalMetrics(e.metrics), warnings: e.metrics ? (e.warnings ?? 0) : undefined,
  }) + '\n';
}

/** The event of one line, or what is wrong with it. */
export function decodeJournalEvent(text: string): JournalEvent | string {
  const e = decodeJsonObjectLine(text);
  if (typeof e === 'string') return e;
  if (!Number.isInteger(e.job) || (e.job as number) < 0 || (e.job as number) > MAX_JOB) return `"job" is ${JSON.stringify(e.job)}, expected a job number`;
  if (e.ev === 'dispatched') return e as unknown as DispatchedEvent;
  if (e.ev === 'started') return Number.isInteger(e.attempt) ? (e as unknown as StartedEvent) : '"attempt" of a started event is not a whole number';
  if (e.ev === 'finished') {
    if (!FINISHED_STATUSES.includes(e.status as FinishedStatus)) return `"status" is ${JSON.stringify(e.status)}, expected one of ${FINISHED_STATUSES.join(', ')}`;
    // Facts in another shape are dropped, not fatal: without them readers read the job's files.
    const metrics = e.metrics === undefined ? undefined : decodeJournalMetrics(e.metrics);
    const warnings = Number.isInteger(e.warnings) && (e.warnings as number) >= 0 ? e.warnings : undefined;
    if (metrics === undefined || warnings === undefined) { delete e.metrics; delete e.warnings; } else e.metrics = metrics;
    return e as unknown as FinishedEvent;
  }
  if (e.ev === 'prune') return Number.isInteger(e.step) && typeof e.metric === 'string' ? (e as unknown as PruneEvent) : 'a prune event needs a whole "step" and a "metric"';
  if (e.ev === 'trial') {
    const p = e.params;
    return p && typeof p === 'object' && !Array.isArray(p) && Object.values(p).every((v) => typeof v === 'string')
      ? (e as unknown as TrialEvent) : '"params" of a trial event is not an object of strings';
  }
  if (e.ev === 'told') {
    if (!['completed', 'failed', 'pruned'].includes(e.state as string)) return `"state" is ${JSON.stringify(e.state)}, expected completed, failed or pruned`;
    if (typeof e.value === 'string') e.value = Number(e.value);
    if (e.value !== undefined && typeof e.value !== 'number') return '"value" of a told event is not a number';
    if (e.state === 'completed' && e.value === undefined) return 'a completed trial was told without a value';
    return e as unknown as ToldEvent;
  }
  return `"ev" is ${JSON.stringify(e.ev)}, expected dispatched, started, finished, prune, trial or told`;
}
