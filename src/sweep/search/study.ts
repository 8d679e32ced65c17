/**
 * A search study behind the ask/tell interface the run loop drives:
 *   ask()    -> the next trial's proposal, 'wait' (nothing to propose until a running trial is
 *               told) or 'done' (the study is over and nothing is running);
 *   report() -> an intermediate value of a running trial; 'prune' when the pruner says stop;
 *   tell()   -> a trial's result: completed (its value), failed, or pruned (its last report).
 * `nTrials` counts every trial proposed, whatever became of it; once more than `maxFailures`
 * trials have failed no new trial is proposed. A proposal made while trials run sees them
 * (the sampler decides what to make of them: TPE's constant liar). The study is rebuilt from its
 * records (`createStudy(options, records)`): told trials are history, trials that were running are
 * proposed again first with the same parameters, and as every trial draws from its own generator
 * (seed, trial number), the proposals that follow equal those of an uninterrupted study.
 */
import type { Observation } from './sampler.js';
import { trialRng } from './rng.js';
import { SearchError } from './errors.js';
import { checkOptions, type StudyOptions } from './study-options.js';
import { overridesOf, paramsOf, valuesOf, type Proposal, type TrialRecord, type TrialResult } from './trial.js';
import type { PrunerTrial } from './pruners/types.js';
import { maxOf } from '../../min-max.js';

export type { Direction, StudyOptions } from './study-options.js';

export interface StudyStatus {
  proposed: number;
  running: number;
  completed: number;
  pruned: number;
  failed: number;
  /** Why no new trial will be proposed, once that is so. */
  stopped?: 'n_trials' | 'max_failures';
}

export interface Study {
  ask(): Proposal | 'wait' | 'done';
  /** A running trial's intermediate value at `step` (a later report of a step replaces it). */
  report(trial: number, step: number, value: number): 'continue' | 'prune';
  tell(result: TrialResult): void;
  status(): StudyStatus;
  /** The best completed trial, if any. */
  best(): { trial: number; value: number; params: Record<string, string> } | undefined;
  /** Every trial so far, by trial number: what a journal needs to rebuild the study. */
  records(): TrialRecord[];
}

interface Entry {
  record: TrialRecord;
  values: number[];
  intermediate: Map<number, number>;
}

export function createStudy(options: StudyOptions, history: readonly TrialRecord[] = []): Study {
  checkOptions(options);
  const { space, sampler, direction } = options;
  const maxFailures = options.maxFailures ?? Infinity;
  const trials = new Map<number, Entry>();
  const rerun: number[] = [];
  let failed = 0;
  for (const r of [...history].sort((a, b) => a.trial - b.trial)) {
    trials.set(r.trial, { record: { trial: r.trial, params: r.params }, values: valuesOf(space, r.trial, r.params), intermediate: new Map() });
    if (r.result) {
      for (const [step, value] of r.intermediate ?? []) trials.get(r.trial)!.intermediate.set(step, value);
      record(r.result);
    } else {
      rerun.push(r.trial); // it runs again from scratch, so its reports start over
    }
  }
  let next = trials.size === 0 ? 0 : maxOf(trials.keys()) + 1;
  const running = new Set<number>();

  function record(result: TrialResult): void {
    const entry = trials.get(result.trial)!;
    let fixed: TrialResult = result;
    if (result.state === 'completed' && Number.isNaN(result.value)) {
      fixed = { trial: result.trial, state: 'failed', error: 'the objective value is NaN' };
    } else if (result.state === 'pruned' && result.step === undefined && entry.intermediate.size > 0) {
      const step = maxOf(entry.intermediate.keys());
      fixed = { ...result, step, value: entry.intermediate.get(step) };
    }
    entry.record.result = fixed;
    if (entry.intermediate.size > 0) entry.record.intermediate = [...entry.intermediate];
    if (fixed.state === 'failed') failed++;
  }

  function prunerTrials(): PrunerTrial[] {
    return [...trials.values()].map(({ record: r, intermediate }) => ({ number: r.trial, state: r.result?.state ?? 'running', intermediate }));
  }

  function stopped(): StudyStatus['stopped'] {
    if (failed > maxFailures) return 'max_failures';
    return next >= options.nTrials && rerun.length === 0 ? 'n_trials' : undefined;
  }

  function observations(): Observation[] {
    const sign = direction === 'maximize' ? -1 : 1;
    const out: Observation[] = [];
    for (const { record: r, values } of trials.values()) {
      const res = r.result;
      if (!res) {
        if (running.has(r.trial)) out.push({ number: r.trial, values, state: 'running' });
      } else if (res.state === 'completed') {
        out.push({ number: r.trial, values, state: 'completed', loss: sign * res.value });
      } else if (res.state === 'pruned') {
        out.push({ number: r.trial, values, state: 'pruned', loss: res.value === undefined ? undefined : sign * res.value, step: res.step });
      }
    }
    return out.sort((a, b) => a.number - b.number);
  }

  function checkRunning(trial: number, what: string): void {
    if (running.has(trial)) return;
    const why = trials.has(trial) ? 'was already told or is not running' : 'was never proposed';
    throw new SearchError({ code: 'SEARCH_TRIAL', message: `Cannot ${what} trial ${trial}: it ${why}.` });
  }

  function propose(trial: number): Proposal {
    running.add(trial);
    const params = trials.get(trial)!.record.params;
    return { trial, params: { ...params }, overrides: overridesOf(space, params) };
  }

  return {
    ask() {
      if (stopped()) return running.size > 0 ? 'wait' : 'done';
      if (rerun.length > 0) return propose(rerun.shift()!);
      const trial = next++;
      const raw = sampler.sample({ dists: space.params.map((p) => p.dist), history: observations(), rng: trialRng(options.seed, trial) });
      // The sampler sees exactly what ran: the values as rendered into the overrides and the journal.
      const params = paramsOf(space, raw);
      trials.set(trial, { record: { trial, params }, values: valuesOf(space, trial, params), intermediate: new Map() });
      return propose(trial);
    },
    report(trial, step, value) {
      checkRunning(trial, 'report a value of');
      const entry = trials.get(trial)!;
      entry.intermediate.set(step, value);
      if (!options.pruner) return 'continue';
      const all = prunerTrials();
      return options.pruner(all.find((t) => t.number === trial)!, all) ? 'prune' : 'continue';
    },
    tell(result) {
      checkRunning(result.trial, 'tell the result of');
      running.delete(result.trial);
      record(result);
    },
    status() {
      const states = [...trials.values()].map((e) => e.record.result?.state);
      const count = (s: string): number => states.filter((x) => x === s).length;
      return { proposed: trials.size - rerun.length, running: running.size, completed: count('completed'),
        pruned: count('pruned'), failed, stopped: stopped() };
    },
    best() {
      let best: ReturnType<Study['best']>;
      for (const { record: r } of trials.values()) {
        if (r.result?.state !== 'completed') continue;
        const v = r.result.value;
        if (!best || (direction === 'maximize' ? v > best.value : v < best.value)) best = { trial: r.trial, value: v, params: r.params };
      }
      return best;
    },
    records() {
      return [...trials.values()].map((e) => structuredClone(e.record)).sort((a, b) => a.trial - b.trial);
    },
  };
}
