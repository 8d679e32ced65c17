/**
 * A search's jobs as an adaptive feed (contract A): trial n is job n. Each `next()` first tells the
 * study the results of the trials whose jobs ended, then asks it: a proposal becomes a job composed
 * from the sweep's frozen config tree with the trial's overrides, validated, appended to the plan
 * (durable before it runs), journalled as a `trial` event and dispatched; 'wait' waits for the
 * next job to end; 'done' ends the feed. Proposals made while trials run see them (the study's
 * constant liar), so a slot that frees gets a new trial at once.
 */
import { join } from 'node:path';
import { OrchError } from '../../errors.js';
import type { ConfigRepository } from '../../config/index.js';
import { recomposeJob } from '../../plan/compose-jobs.js';
import { createDispatcher, frozenRepoOf } from '../../plan/dispatch.js';
import { planLiner } from '../../plan/plan-jobs.js';
import type { ComposedJob, PlannedJob } from '../../plan/types.js';
import { openPlanAppender } from '../../store/plan-record-appender.js';
import type { PlanJob, PlanSearch } from '../../store/plan-record-format.js';
import type { PlanReader } from '../../store/plan-record-reader.js';
import type { JournalWriter } from '../../store/journal-writer.js';
import type { ToldEvent } from '../../store/journal-format.js';
import type { RunStatus } from '../../store/types.js';
import type { Proposal, Study, TrialResult } from '../../sweep/search/index.js';
import { DispatchFailure, type JobFeed, type SkippedJob } from '../../launchers/job-source.js';
import { validatedJobs } from '../validate-jobs.js';
import { TOLD_STATUSES, trialResultOf } from './trial-result.js';

export interface TrialFeedInput {
  sweepDir: string;
  plan: PlanReader;
  study: Study;
  metric: string;
  /** `orch.sweeper.n_trials`: the most jobs the feed yields. */
  nTrials: number;
  /** Settings to record in the plan before the first trial (a resume that changes n_trials). */
  search?: PlanSearch;
  /** A proposal already asked for (trial 0, asked to plan the sweep's first job). */
  pending?: Proposal;
}

export type TrialFeed = JobFeed & { close(): Promise<void> };

export async function trialFeed(input: TrialFeedInput): Promise<TrialFeed> {
  const { sweepDir, study, metric } = input;
  const header = input.plan.header;
  // Trials already in the plan (job 0; on resume, every trial proposed before) are dispatched from their line.
  const lines = new Map<number, PlanJob>();
  for await (const line of input.plan.jobs()) lines.set(line.num, line);
  const dispatch = createDispatcher(sweepDir, header);
  const repo = frozenRepoOf(sweepDir, header);
  const appender = await openPlanAppender(sweepDir);
  if (input.search) await appender.setSearch(input.search);
  const now = new Date(header.createdAt);
  const compose = (r: ConfigRepository, overrides: string[], num: number): ComposedJob =>
    recomposeJob(r, {
      configName: header.compose!.configName, orchOverrides: header.compose!.orchOverrides, jobOverrides: overrides, jobNum: num, now,
      projectRoot: header.projectRoot ?? process.cwd(), cwd: header.compose!.cwd ?? header.projectRoot,
    });
  let place: ReturnType<typeof planLiner> | undefined;
  const placer = async (): Promise<ReturnType<typeof planLiner>> => {
    const first = lines.get(0);
    if (!first) throw new OrchError({ code: 'SEARCH_PLAN', message: `${sweepDir}: the plan of the search has no job 0`, hint: 'Start the search again.' });
    return (place ??= planLiner(sweepDir, compose(await repo(), first.overrides, 0)));
  };

  const live = new Map<number, string>();
  const results: Array<Promise<TrialResult | undefined>> = [];
  let journal: JournalWriter | undefined;
  let stopped = false;
  let wake: () => void = () => {};
  let ended = new Promise<void>((r) => { wake = r; });
  let pending: Proposal | 'wait' | 'done' | undefined = input.pending;

  // One telling at a time, in order: `drain` waits for one a `next()` began.
  let telling: Promise<void> = Promise.resolve();
  function tellEnded(): Promise<void> {
    telling = telling.then(tellNow);
    return telling;
  }
  async function tellNow(): Promise<void> {
    for (const p of results.splice(0)) {
      const r = await p;
      if (!r) continue;
      study.tell(r);
      await journal?.append(toldEvent(r));
    }
  }

  async function lineOf(p: Proposal): Promise<PlanJob> {
    const known = lines.get(p.trial);
    if (known && known.overrides.join('\0') !== p.overrides.join('\0')) {
      // Appended, then orch stopped before the trial was journalled; the study now proposes otherwise.
      throw new OrchError({
        code: 'SEARCH_PLAN', message: `${sweepDir}: trial ${p.trial} is in the plan as ${known.overrides.join(' ')}, the study now proposes ${p.overrides.join(' ')}`,
        hint: 'The plan holds a trial the journal never heard of; start the search again.',
      });
    }
    if (known) return known;
    const r = await repo();
    const job = compose(r, p.overrides, p.trial);
    // The checks a grid's jobs get while it is planned; a bad trial stops the search before it runs.
    [...validatedJobs(r, [job], true).jobs];
    const { line } = (await placer())(job, p.trial);
    if (appender.count !== p.trial) {
      throw new OrchError({ code: 'SEARCH_PLAN', message: `${sweepDir}: trial ${p.trial} would be job ${appender.count} of the plan`, hint: 'The plan and the journal disagree; start the search again.' });
    }
    const appended = await appender.append(line);
    lines.set(p.trial, appended);
    return appended;
  }

  /** The trial's line in the plan and its `trial` event, durable before the job runs: `orch resume` rebuilds the study from them. */
  async function propose(p: Proposal): Promise<PlanJob> {
    const line = await lineOf(p).catch((err: unknown) => {
      throw new DispatchFailure({ num: p.trial, overrides: p.overrides, outputDir: join(sweepDir, `trial-${p.trial}`) }, err);
    });
    await journal?.append({ job: p.trial, ev: 'trial', params: p.params });
    return line;
  }

  async function start(p: Proposal): Promise<PlannedJob> {
    const line = await propose(p);
    try {
      const job = await dispatch(line);
      live.set(p.trial, job.outputDir);
      return job;
    } catch (err) {
      throw new DispatchFailure({ num: line.num, overrides: line.overrides, outputDir: join(sweepDir, line.dir) }, err);
    }
  }

  /** A job dispatched where it runs (Slurm by index): its line is in the plan, nothing else is written here. */
  async function reserve(p: Proposal): Promise<SkippedJob> {
    const line = await propose(p);
    const outputDir = join(sweepDir, line.dir);
    live.set(p.trial, outputDir);
    return { num: line.num, overrides: line.overrides, outputDir };
  }

  async function take<J>(begin: (p: Proposal) => Promise<J>): Promise<J | undefined> {
    for (;;) {
      await tellEnded();
      if (stopped) return undefined;
      const p = pending ?? study.ask();
      pending = undefined;
      if (p === 'done') return undefined;
      if (p !== 'wait') return begin(p);
      // Nothing of ours runs any more (they were stopped, not told): no result will come.
      if (live.size === 0 && results.length === 0) return undefined;
      if (results.length === 0) await ended;
    }
  }

  return {
    count: input.nTrials,
    adaptive: true,
    next: () => take(start),
    reserve: () => take(reserve),
    skip: async () => undefined,
    jobEnded(num: number, status: RunStatus, reason?: string) {
      const dir = live.get(num);
      if (dir === undefined) return;
      live.delete(num);
      // A cancelled trial is not told: it runs again when the search is resumed.
      results.push(TOLD_STATUSES.has(status) ? trialResultOf(num, dir, status, metric, reason) : Promise.resolve(undefined));
      wake();
      ended = new Promise<void>((r) => { wake = r; });
    },
    attach(j) { journal = j; },
    drain: () => tellEnded(),
    stop() {
      stopped = true;
      wake();
    },
    close: () => appender.close(),
  };
}

export function toldEvent(r: TrialResult): Omit<ToldEvent, 'at'> {
  if (r.state === 'completed') return { job: r.trial, ev: 'told', state: 'completed', value: r.value };
  if (r.state === 'pruned') return { job: r.trial, ev: 'told', state: 'pruned', ...(r.value === undefined ? {} : { value: r.value }), ...(r.step === undefined ? {} : { step: r.step }) };
  return { job: r.trial, ev: 'told', state: 'failed', ...(r.error ? { error: r.error } : {}) };
}
