/**
 * `orch resume` of a search: the study is rebuilt from the journal (`trial` events are what was
 * proposed, `told` events what came back), so finished trials are history and are never run again,
 * trials that were running are proposed again first with their parameters, and the proposals after
 * them are those the study would have made without the interruption. A trial whose job ended but
 * whose `told` event a kill lost is told now from its directory. `orch.sweeper.n_trials=N` extends
 * (or shortens) the study.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OrchError } from '../../errors.js';
import { journalPath, type ToldEvent } from '../../store/journal-format.js';
import { readJournalEvents } from '../../store/journal-reader.js';
import { openJournalWriter } from '../../store/journal-writer.js';
import type { PlanReader } from '../../store/plan-record-reader.js';
import { readRunRecordIfValid } from '../../store/run-record.js';
import type { Study, TrialRecord, TrialResult } from '../../sweep/search/index.js';
import type { SearchSettings } from '../../sweep/search/settings.js';
import { studyOf } from './start-search.js';
export { refuseUnsearchableLauncher, searchPruning } from './start-search.js';
import { toldEvent, trialFeed, type TrialFeed } from './trial-feed.js';
import { TOLD_STATUSES, trialResultOf } from './trial-result.js';
import { intermediateValue } from './prune-decider.js';
import { parseLines } from '../pruning/history-follower.js';
import { HISTORY_FILE } from '../../store/types.js';

export interface SearchResume {
  feed: TrialFeed;
  study: Study;
  settings: SearchSettings;
  /** Trials told before this resume. */
  told: number;
}

export async function resumeSearch(sweepDir: string, plan: PlanReader, opts: { nTrials?: number } = {}): Promise<SearchResume> {
  const search = plan.header.search!;
  const settings = { ...(search.settings as unknown as SearchSettings), ...(opts.nTrials === undefined ? {} : { nTrials: opts.nTrials }) };
  const records = await trialRecordsOf(sweepDir);
  await tellLost(sweepDir, plan, records, settings.metric);
  if (settings.pruner) await loadIntermediate(sweepDir, plan, records, settings.metric);
  const told = [...records.values()].filter((r) => r.result).length;
  const planSearch = { ...search, settings: settings as unknown as Record<string, unknown> };
  const study = studyOf(planSearch, [...records.values()]);
  const feed = await trialFeed({ sweepDir, plan, study, metric: settings.metric, nTrials: Math.max(0, settings.nTrials - told), search: planSearch });
  return { feed, study, settings, told };
}

/** The trials of a search's journal as the study's records: a trial without a `told` event was still running. */
export async function trialRecordsOf(sweepDir: string): Promise<Map<number, TrialRecord>> {
  const trials = new Map<number, TrialRecord>();
  await readJournalEvents(journalPath(sweepDir), (e) => {
    if (e.ev === 'trial') trials.set(e.job, { trial: e.job, params: e.params });
    else if (e.ev === 'told') {
      const t = trials.get(e.job);
      if (t) t.result = resultOfTold(e);
    }
  });
  return trials;
}

export function resultOfTold(e: ToldEvent): TrialResult {
  if (e.state === 'completed') return { trial: e.job, state: 'completed', value: e.value! };
  if (e.state === 'pruned') return { trial: e.job, state: 'pruned', value: e.value, step: e.step };
  return { trial: e.job, state: 'failed', error: e.error };
}

/** Trials whose job ended (its run record says so) but whose `told` event was lost: told now, and journalled. */
async function tellLost(sweepDir: string, plan: PlanReader, records: Map<number, TrialRecord>, metric: string): Promise<void> {
  const open = new Set([...records.values()].filter((r) => !r.result).map((r) => r.trial));
  if (open.size === 0) return;
  const found: TrialResult[] = [];
  for await (const line of plan.jobs()) {
    if (!open.has(line.num)) continue;
    const dir = join(sweepDir, line.dir);
    const rec = await readRunRecordIfValid(dir);
    if (rec && TOLD_STATUSES.has(rec.status)) found.push(await trialResultOf(line.num, dir, rec.status, metric, rec.reason));
  }
  if (found.length === 0) return;
  const journal = await openJournalWriter(journalPath(sweepDir));
  for (const r of found) {
    records.get(r.trial)!.result = r;
    void journal.append(toldEvent(r));
  }
  await journal.close();
}

/**
 * The intermediate values of the finished trials, from their `history.jsonl`: the pruner compares
 * a running trial with them, so without them the decisions after a resume would be those of a
 * study that forgot every curve. Read as the run loop reads them (the same lines, the same value).
 */
async function loadIntermediate(sweepDir: string, plan: PlanReader, records: Map<number, TrialRecord>, metric: string): Promise<void> {
  const finished = new Set([...records.values()].filter((r) => r.result).map((r) => r.trial));
  if (finished.size === 0) return;
  for await (const line of plan.jobs()) {
    if (!finished.has(line.num)) continue;
    const path = join(sweepDir, line.dir, HISTORY_FILE);
    const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return '';
      throw e;
    });
    const steps: Array<[number, number]> = [];
    for (const { step, values } of parseLines(text, path)) {
      const v = intermediateValue(values, metric);
      if (v !== undefined) steps.push([step, v]);
    }
    if (steps.length > 0) records.get(line.num)!.intermediate = steps;
  }
}

/** `orch resume`'s overrides: only `orch.sweeper.n_trials=N` of a search. */
export function resumeNTrials(overrides: readonly string[], isSearch: boolean, sweepDir: string): number | undefined {
  let n: number | undefined;
  for (const o of overrides) {
    const m = /^orch\.sweeper\.n_trials=(\d+)$/.exec(o);
    if (!m || !isSearch) {
      throw new OrchError({
        code: 'RESUME_BAD_OVERRIDE', message: `orch resume: cannot apply '${o}' to ${sweepDir}`,
        hint: isSearch
          ? 'A resumed search takes one override: orch.sweeper.n_trials=N (a whole number), to extend the study.'
          : 'A resumed grid runs the jobs it planned; overrides are for a search (orch.sweeper.n_trials=N).',
      });
    }
    n = Number(m[1]);
  }
  return n;
}
