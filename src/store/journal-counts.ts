import { forEachLine } from './line-chunks.js';
import { MAX_JOB, decodeJournalEvent, isStudyEvent, type FinishedEvent, type JobEvent } from './journal-format.js';
import { decodeJournalMetrics } from './metric-values.js';
import { journalCorruption, scanJournal, type JobPhase, type JournalScan } from './journal-reader.js';

/** Phase codes of the compact fold; index = code. */
export const PHASES: readonly JobPhase[] = ['pending', 'dispatched', 'running', 'completed', 'failed', 'cancelled', 'timeout', 'pruned'];
const CODE = Object.fromEntries(PHASES.map((p, i) => [p, i])) as Record<JobPhase, number>;

export interface JournalCounts extends JournalScan {
  counts: Record<JobPhase, number>;
  /**
   * One entry per job number, the only per-job memory (7 bytes a job: 7 MB for 1,000,000), enough
   * for `status --json` to stream the plan beside it: phase code (see PHASES), number of `started`
   * events, and the duration of the last finished attempt (NaN when none).
   */
  phases: Uint8Array;
  attempts: Uint16Array;
  durations: Float32Array;
  /**
   * With `{ finished: true }`: what each finished job's last `finished` event says beyond its
   * phase (attempt, reason, metrics, warning count), what `status` shows of it.
   */
  finished?: Array<FinishedFacts | undefined>;
}

export type FinishedFacts = Pick<FinishedEvent, 'attempt' | 'reason' | 'metrics' | 'warnings'>;

export interface CountOptions {
  /** Also keep each finished job's facts (an object per finished job, besides the 7 bytes). */
  finished?: boolean;
}

/**
 * Counts per phase without an object per job. Lines in the writer's canonical shape are read in
 * place from the bytes (no string, no JSON.parse); any other line goes through the full decoder,
 * so a hand-written line still counts and a corrupt one is still reported with file:line. With
 * `plannedJobs` (a complete plan), a job number outside the plan is corruption too, which also
 * keeps a damaged number from sizing the arrays.
 */
export async function countJournal(path: string, plannedJobs = 0, opts: CountOptions = {}): Promise<JournalCounts> {
  let cols = columns(Math.max(plannedJobs, 1024));
  let seen = plannedJobs;
  let line = 0;
  // The line being read, for `keep` to take a finished event's facts from.
  const at: { buf: Buffer; s: number; e: number } = { buf: Buffer.alloc(0), s: 0, e: 0 };
  const finished: Array<FinishedFacts | undefined> | undefined = opts.finished ? [] : undefined;
  const keep = (job: number, code: number, ev: JobEvent | undefined): void => {
    if (code < CODE.completed) {
      if (finished![job] !== undefined) finished![job] = undefined;
      return;
    }
    let facts = ev ? undefined : factsAt(at.buf, at.s, at.e);
    if (!facts) {
      const e = ev ?? decodeJournalEvent(at.buf.toString('utf8', at.s, at.e));
      if (typeof e === 'string') throw journalCorruption(path, line, e);
      const f = e as FinishedEvent;
      facts = { attempt: f.attempt, reason: f.reason, metrics: f.metrics, warnings: f.warnings };
    }
    finished![job] = facts;
  };
  const set = (job: number, code: number, durationSec?: number, ev?: JobEvent): void => {
    if (plannedJobs > 0 && job >= plannedJobs) throw journalCorruption(path, line, `job ${job} is not in the plan, which has jobs 0 to ${plannedJobs - 1}`);
    if (job >= cols.phases.length) cols = columns(Math.max(cols.phases.length * 2, job + 1), cols);
    if (job >= seen) seen = job + 1;
    cols.phases[job] = code;
    if (code === CODE.running && cols.attempts[job]! < 0xffff) cols.attempts[job]!++;
    if (durationSec !== undefined) cols.durations[job] = durationSec;
    if (finished) keep(job, code, ev);
  };
  const scan = await scanJournal(path, (chunk) => {
    const buf = chunk.buf;
    at.buf = buf;
    forEachLine(chunk, (s, e, n) => {
      line = n;
      if (finished) { at.s = s; at.e = e; }
      if (!fastLine(buf, s, e, set)) {
        const ev = decodeJournalEvent(buf.toString('utf8', s, e));
        if (typeof ev === 'string') throw journalCorruption(path, line, ev);
        // A study's events and a prune decision say nothing of a job's phase (its `finished` event follows a prune).
        if (isStudyEvent(ev) || ev.ev === 'prune') return;
        set(ev.job, codeOf(ev), ev.ev === 'finished' ? (ev.durationSec ?? NaN) : undefined, ev);
      }
    });
  });
  const phases = cols.phases.subarray(0, seen);
  const counts = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<JobPhase, number>;
  const tally = new Array<number>(PHASES.length).fill(0);
  for (let i = 0; i < phases.length; i++) tally[phases[i]!]!++;
  PHASES.forEach((p, i) => (counts[p] = tally[i]!));
  return { ...scan, counts, phases, attempts: cols.attempts.subarray(0, seen), durations: cols.durations.subarray(0, seen), ...(finished ? { finished } : {}) };
}

type Columns = Pick<JournalCounts, 'phases' | 'attempts' | 'durations'>;

function columns(size: number, from?: Columns): Columns {
  const c = { phases: new Uint8Array(size), attempts: new Uint16Array(size), durations: new Float32Array(size).fill(NaN) };
  if (from) {
    c.phases.set(from.phases);
    c.attempts.set(from.attempts);
    c.durations.set(from.durations);
  }
  return c;
}

function codeOf(e: JobEvent): number {
  return e.ev === 'dispatched' ? CODE.dispatched : e.ev === 'started' ? CODE.running : CODE[e.status];
}

const bytes = (s: string): Uint8Array => Buffer.from(s, 'latin1');
const JOB = bytes('{"job":');
const EV = bytes(',"ev":"');
const DISPATCHED = bytes('dispatched"');
const STARTED = bytes('started"');
const FINISHED = bytes('finished","status":"');
const STATUS_WORDS: Array<[Uint8Array, number]> = (['completed', 'failed', 'cancelled', 'timeout', 'pruned'] as const).map((p) => [bytes(`${p}"`), CODE[p]]);

/**
 * Reads `{"job":N,"ev":"...` in place; false when the line is not in that shape. Byte loops, not
 * Buffer methods: for prefixes this short a call into C++ costs more than the comparison.
 */
function fastLine(buf: Buffer, s: number, e: number, set: (job: number, code: number, durationSec?: number) => void): boolean {
  if (e - s < 30 || buf[e - 1] !== 0x7d /* } */ || !matchAt(buf, s, JOB)) return false;
  let i = s + JOB.length;
  let job = 0;
  const digits = i;
  for (let c = buf[i]!; c >= 0x30 && c <= 0x39; c = buf[++i]!) job = job * 10 + c - 0x30;
  if (i === digits || job > MAX_JOB || !matchAt(buf, i, EV)) return false;
  i += EV.length;
  if (matchAt(buf, i, DISPATCHED)) return set(job, CODE.dispatched), true;
  if (matchAt(buf, i, STARTED)) return set(job, CODE.running), true;
  if (!matchAt(buf, i, FINISHED)) return false;
  i += FINISHED.length;
  for (const [word, code] of STATUS_WORDS) if (matchAt(buf, i, word)) return set(job, code, durationIn(buf, i, e)), true;
  return false;
}

const DURATION = Buffer.from(',"durationSec":', 'latin1');

/** `durationSec` of a finished line, NaN when absent; JSON.stringify wrote it, so a plain number. */
function durationIn(buf: Buffer, from: number, e: number): number {
  // Searched within the line only: a line without one (a job cancelled before it started) would
  // otherwise scan the rest of the chunk, and a journal of such lines took quadratic time (28 s
  // for 70,000 of them instead of milliseconds).
  const found = buf.subarray(from, e).indexOf(DURATION);
  if (found < 0) return NaN;
  const at = from + found;
  let i = at + DURATION.length;
  // Digits and one dot parsed in place (what durations look like); anything else via Number.
  let int = 0;
  let frac = 0;
  let scale = 1;
  let dot = false;
  const begin = i;
  for (; i < e; i++) {
    const c = buf[i]!;
    if (c >= 0x30 && c <= 0x39) {
      if (dot) { frac = frac * 10 + c - 0x30; scale *= 10; } else int = int * 10 + c - 0x30;
    } else if (c === 0x2e /* . */ && !dot) dot = true;
    else break;
  }
  if (i > begin && (buf[i] === 0x2c /* , */ || buf[i] === 0x7d /* } */)) return int + frac / scale;
  let end = i;
  while (end < e && buf[end] !== 0x2c && buf[end] !== 0x7d) end++;
  return Number(buf.toString('latin1', begin, end));
}

/**
 * The facts of a finished line in the writer's shape, parsing only its `"metrics":...` tail (the
 * encoder writes it last); undefined sends the line to the full decoder: one with a reason (rare:
 * failures), or without metrics (an earlier orch: no facts, the caller finds that out). `,"` never
 * occurs inside a JSON string (its quotes are escaped), so a search for a key is exact up to the
 * metrics object, whose own keys may be anything. String searches, not Buffer ones: each
 * Buffer call crosses into C++, which cost more than the search on lines this short.
 */
function factsAt(buf: Buffer, s: number, e: number): FinishedFacts | undefined {
  const line = buf.toString('utf8', s, e);
  const m = line.indexOf(',"metrics":');
  if (m < 0 || line.lastIndexOf(',"reason":', m) >= 0) return undefined;
  let tail: unknown;
  try {
    tail = JSON.parse('{' + line.slice(m + 1));
  } catch {
    return undefined;
  }
  const { metrics, warnings } = tail as { metrics?: unknown; warnings?: unknown };
  const decoded = decodeJournalMetrics(metrics);
  if (decoded === undefined || !Number.isInteger(warnings) || (warnings as number) < 0) return undefined;
  const a = line.lastIndexOf(',"attempt":', m);
  const attempt = a < 0 ? undefined : parseInt(line.slice(a + 11, a + 21), 10);
  return { attempt: Number.isNaN(attempt) ? undefined : attempt, metrics: decoded, warnings: warnings as number };
}

function matchAt(buf: Buffer, at: number, word: Uint8Array): boolean {
  if (at + word.length > buf.length) return false;
  for (let k = 0; k < word.length; k++) if (buf[at + k] !== word[k]) return false;
  return true;
}
