/**
 * A search sweep seen as a study, for `orch status`: its trials by state and the best one, read
 * from the plan header (the study's settings) and the journal (`trial` / `told` events). Only the
 * store's files are read, so it works on a study that is running, crashed or finished.
 */
import { existsSync } from 'node:fs';
import { isStudyEvent, journalPath, type JournalEvent } from './journal-format.js';
import { readJournalEvents } from './journal-reader.js';
import type { PlanHeader } from './plan-record-format.js';

export type StudyDirection = 'minimize' | 'maximize';

export interface StudySettingsView {
  sweeper?: string;
  metric?: string;
  direction: StudyDirection;
  nTrials?: number;
}

export interface StudyBest {
  trial: number;
  value: number;
  params: Record<string, string>;
  overrides: string[];
}

export interface StudySummary extends StudySettingsView {
  /**
   * Proposed trials. `running`: not told yet and not ended; `cancelled`: ended untold (stopped by
   * Ctrl-C or a failed dispatch), so `orch resume` runs them again.
   */
  trials: { total: number; completed: number; pruned: number; failed: number; running: number; cancelled: number };
  best?: StudyBest;
}

/**
 * The study's settings when the plan is a search's: the `search` block (what the run loop records)
 * or a `sweeper` object (snake_case `orch.sweeper` keys); undefined for a grid.
 */
export function studySettingsOf(header: PlanHeader): StudySettingsView | undefined {
  const sweeper = (header as unknown as Record<string, unknown>).sweeper as Record<string, unknown> | undefined;
  const isSearch = sweeper !== null && typeof sweeper === 'object' && ['random', 'tpe'].includes(String(sweeper.name ?? sweeper.sweeper));
  const s = header.search?.settings ?? (isSearch ? sweeper : undefined);
  if (!s) return undefined;
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  const count = s.nTrials ?? s.n_trials;
  return {
    sweeper: text(s.sweeper) ?? text(s.name),
    metric: text(s.metric),
    direction: s.direction === 'maximize' ? 'maximize' : 'minimize',
    nTrials: typeof count === 'number' && Number.isInteger(count) ? count : undefined,
  };
}

/** What the fold reads: the study's events and each job's start and end (a trial's lifecycle). */
export const isStudySummaryEvent = (e: JournalEvent): boolean =>
  isStudyEvent(e) || e.ev === 'dispatched' || e.ev === 'started' || e.ev === 'finished';

/**
 * Pure fold: the last `told` of a trial wins (a trial re-run after a resume is told again). A trial
 * never told runs until it is `finished` cancelled, and again from a later `dispatched` or `started` one.
 */
export function summarizeStudy(settings: StudySettingsView, events: Iterable<JournalEvent>, overridesOf: (num: number) => string[] | undefined): StudySummary {
  const params = new Map<number, Record<string, string>>();
  const told = new Map<number, { state: string; value?: number }>();
  const ended = new Set<number>();
  for (const e of events) {
    if (e.ev === 'trial') params.set(e.job, e.params);
    else if (e.ev === 'told') told.set(e.job, { state: e.state, value: e.value });
    // Only a stop leaves a trial untold for good; any other end is told right after it.
    else if (e.ev === 'finished' && e.status === 'cancelled') ended.add(e.job);
    else if (e.ev === 'dispatched' || e.ev === 'started') ended.delete(e.job);
  }
  const trials = { total: 0, completed: 0, pruned: 0, failed: 0, running: 0, cancelled: 0 };
  let best: { trial: number; value: number } | undefined;
  const better = (a: number, b: number): boolean => (settings.direction === 'maximize' ? a > b : a < b);
  for (const num of new Set([...params.keys(), ...told.keys()])) {
    trials.total++;
    const t = told.get(num);
    if (!t) { if (ended.has(num)) trials.cancelled++; else trials.running++; continue; }
    if (t.state === 'completed') trials.completed++;
    else if (t.state === 'pruned') trials.pruned++;
    else trials.failed++;
    // A pruned trial's value is from an earlier step: not comparable with a finished one.
    if (t.state === 'completed' && t.value !== undefined && Number.isFinite(t.value) && (!best || better(t.value, best.value))) best = { trial: num, value: t.value };
  }
  return {
    ...settings, trials,
    best: best && { ...best, params: params.get(best.trial) ?? {}, overrides: overridesOf(best.trial) ?? [] },
  };
}

/** The study of a sweep, or undefined when it is not a search. */
export async function readStudySummary(sweepDir: string, header: PlanHeader, overridesOf: (num: number) => string[] | undefined): Promise<StudySummary | undefined> {
  const settings = studySettingsOf(header);
  if (!settings) return undefined;
  const events: JournalEvent[] = [];
  const path = journalPath(sweepDir);
  if (existsSync(path)) await readJournalEvents(path, (e) => { if (isStudySummaryEvent(e)) events.push(e); });
  return summarizeStudy(settings, events, overridesOf);
}
