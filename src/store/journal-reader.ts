import { StoreError } from './errors.js';
import { forEachLine, lineChunks, type LineChunk } from './line-chunks.js';
import { decodeJournalEvent, isStudyEvent, type FinishedStatus, type JournalEvent } from './journal-format.js';

/** A job's state as the journal tells it; `pending` jobs are in the plan and not yet in the journal. */
export type JobPhase = 'pending' | 'dispatched' | 'running' | FinishedStatus;

export interface JobState {
  job: number;
  status: JobPhase;
  /** Number of `started` events: 1 for the first try, more after retries, resumes and requeues. */
  attempts: number;
  pid?: number;
  host?: string;
  exitCode?: number | null;
  signal?: string | null;
  durationSec?: number;
  reason?: string;
  /** Time of the latest event, epoch ms. */
  at?: number;
  /** The pruner's decision, when it stopped the job (a `prune` event). */
  prune?: { step: number; metric: string; value: number };
}

export interface JournalScan {
  /** Whole lines read. */
  lines: number;
  /** Bytes after the last newline, ignored: the unfinished write of a crashed orch. */
  tornTail?: { line: number; bytes: number };
}

/**
 * Streams the journal's lines to `onLine` (whole lines only) and reports the torn tail, if any. A
 * missing journal is an empty one: a sweep has none until its first job is dispatched.
 */
export async function scanJournal(path: string, onChunk: (chunk: LineChunk) => void): Promise<JournalScan> {
  const scan: JournalScan = { lines: 0 };
  try {
    for await (const chunk of lineChunks(path)) {
      if (chunk.torn) {
        scan.tornTail = { line: chunk.firstLine, bytes: chunk.buf.length };
      } else {
        onChunk(chunk);
        scan.lines += chunk.lines;
      }
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return scan;
}

export function journalCorruption(path: string, line: number, problem: string): StoreError {
  return new StoreError({
    code: 'STORE_BAD_JOURNAL', message: `${path}:${line}: ${problem}`,
    hint: 'Only the last line of a journal may be damaged (by a crash); this one is in the middle, so the file was edited or the disk is failing.',
  });
}

/** Every event in order, validated; corruption before the last line throws naming file:line. */
export async function readJournalEvents(path: string, onEvent: (e: JournalEvent, line: number) => void): Promise<JournalScan> {
  return scanJournal(path, (chunk) => {
    forEachLine(chunk, (s, e, line) => {
      const ev = decodeJournalEvent(chunk.buf.toString('utf8', s, e));
      if (typeof ev === 'string') throw journalCorruption(path, line, ev);
      onEvent(ev, line);
    });
  });
}

/** Folds the journal into one state per job that appears in it (for `status --json`, `resume`). */
export async function foldJournal(path: string): Promise<JournalScan & { jobs: Map<number, JobState> }> {
  const jobs = new Map<number, JobState>();
  const scan = await readJournalEvents(path, (e) => {
    if (isStudyEvent(e)) return;
    let s = jobs.get(e.job);
    if (!s) jobs.set(e.job, (s = { job: e.job, status: 'pending', attempts: 0 }));
    applyEvent(s, e);
  });
  return { ...scan, jobs };
}

/** The latest event wins, so a retried or resumed job reads `running` again until it finishes. */
export function applyEvent(s: JobState, e: JournalEvent): void {
  if (isStudyEvent(e)) return;
  s.at = e.at;
  if (e.ev === 'dispatched') {
    s.status = 'dispatched';
  } else if (e.ev === 'started') {
    s.status = 'running';
    s.attempts++;
    s.pid = e.pid;
    s.host = e.host;
  } else if (e.ev === 'prune') {
    s.prune = { step: e.step, metric: e.metric, value: e.value };
  } else {
    s.status = e.status;
    s.exitCode = e.exitCode;
    s.signal = e.signal;
    s.durationSec = e.durationSec;
    s.reason = e.reason;
  }
}
