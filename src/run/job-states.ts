import { PHASES, type JournalCounts } from '../store/journal-counts.js';
import { existsSync } from 'node:fs';
import { readRunRecordIfValid, runRecordPath } from '../store/run-record.js';
import type { SweepEntry } from '../store/sweep-view.js';
import type { RunRecord, RunStatus } from '../store/types.js';
import { isInterrupted } from '../launchers/sweep-jobs.js';

export interface JobStateNow {
  status: RunStatus | 'interrupted';
  attempt: number;
  durationSec?: number;
  record?: RunRecord;
  /** The run record says the job finished but the journal lost the event (orch was killed in between). */
  unjournaled?: boolean;
  /** False when the journal says the job never started (it has no directory); undefined when not known. */
  started?: boolean;
}

/**
 * A job's state now. The journal decides for a job it says finished or never dispatched; a job it
 * says is in flight (or any job of a sweep without a journal) is what its run record says, since
 * the record of a finished job is written (fsynced) before its `finished` event. `withRecord`
 * reads the record anyway (status wants reasons and warnings).
 */
export async function jobStateOf(entry: SweepEntry, counts: JournalCounts | undefined, withRecord = false, runnerAlive: () => boolean = () => false): Promise<JobStateNow> {
  if (!counts) return inFlightState(entry, counts);
  const phase = entry.num < counts.phases.length ? PHASES[counts.phases[entry.num]!]! : 'pending';
  // A job may have run and finished within the last group commit before orch was killed, leaving no
  // event at all: a run record in its directory says so (a stat per job that has no event).
  if (phase === 'pending') return existsSync(runRecordPath(entry.dir)) ? inFlightState(entry, counts) : { status: 'pending', attempt: 0 };
  if (phase === 'dispatched') return inFlightState(entry, counts);
  if (phase === 'running') {
    const state = await inFlightState(entry, counts);
    // Started, and too young for a record of its own (the local launcher writes it after a while):
    // running while the orch that runs the sweep is alive (`runnerAlive`: it holds the sweep's lock).
    return state.record ? state : { ...state, status: runnerAlive() ? 'running' : 'interrupted', attempt: counts.attempts[entry.num]! };
  }
  // A job that never started (cancelled before its turn) has no directory: nothing to read.
  // A job run by a scheduler has no `started` events (its node wrote only its record): its finished event's attempt says it ran.
  const started = counts.attempts[entry.num]! > 0 || (counts.finished?.[entry.num]?.attempt ?? 0) > 0;
  const rec = withRecord && started ? await readRunRecordIfValid(entry.dir) : undefined;
  const d = counts.durations[entry.num]!;
  return { status: phase, attempt: rec?.attempt ?? counts.attempts[entry.num]!, durationSec: Number.isNaN(d) ? rec?.durationSec : Math.round(d * 100) / 100, record: rec, started };
}

/** What the run record says of a job the journal cannot vouch for. */
async function inFlightState(entry: SweepEntry, counts: JournalCounts | undefined): Promise<JobStateNow> {
  const rec = await readRunRecordIfValid(entry.dir);
  const status: JobStateNow['status'] = isInterrupted(rec) ? 'interrupted' : rec?.status ?? 'pending';
  const finished = status !== 'interrupted' && status !== 'pending' && status !== 'running';
  return { status, attempt: rec?.attempt ?? 0, durationSec: rec?.durationSec, record: rec, unjournaled: counts !== undefined && finished };
}
