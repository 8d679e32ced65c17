/**
 * Optuna's MedianPruner (its PercentilePruner at 50): a trial is stopped at step s when its best
 * value so far is worse than the median of the completed trials' values at step s. No decision
 * before `nStartupTrials` trials have completed, before step `nWarmupSteps`, between pruning
 * steps (every `intervalSteps` from the warmup) or with fewer than `nMinTrials` completed values
 * at that step. A NaN value reported by the trial itself stops it.
 */
import { lastStep, type PruneDirection, type PrunerTrial } from './types.js';
import { minOf, maxOf } from '../../../min-max.js';

export interface MedianOptions {
  direction: PruneDirection;
  nStartupTrials?: number;
  nWarmupSteps?: number;
  intervalSteps?: number;
  nMinTrials?: number;
  /** 50 is the median; PercentilePruner's `percentile`. */
  percentile?: number;
}

export function medianShouldPrune(trial: PrunerTrial, trials: readonly PrunerTrial[], options: MedianOptions): boolean {
  const { direction, nStartupTrials = 5, nWarmupSteps = 0, intervalSteps = 1, nMinTrials = 1, percentile = 50 } = options;
  const completed = trials.filter((t) => t.state === 'completed' && t.number !== trial.number);
  if (completed.length === 0 || completed.length < nStartupTrials) return false;
  const step = lastStep(trial);
  if (step === undefined || step < nWarmupSteps) return false;
  if (!isFirstInInterval(step, trial, nWarmupSteps, intervalSteps)) return false;
  const own = [...trial.intermediate.values()].filter((v) => !Number.isNaN(v));
  if (own.length === 0) return true;
  const best = direction === 'maximize' ? maxOf(own) : minOf(own);
  const atStep = completed.map((t) => t.intermediate.get(step)).filter((v): v is number => v !== undefined);
  if (atStep.length < nMinTrials) return false;
  const p = nanPercentile(atStep, direction === 'maximize' ? 100 - percentile : percentile);
  if (Number.isNaN(p)) return false;
  return direction === 'maximize' ? best < p : best > p;
}

/** Only the first report at or after each pruning step is judged (steps may be skipped). */
function isFirstInInterval(step: number, trial: PrunerTrial, warmup: number, interval: number): boolean {
  const nearestPruningStep = Math.floor((step - warmup) / interval) * interval + warmup;
  let secondLast = -1;
  for (const s of trial.intermediate.keys()) if (s > secondLast && s !== step) secondLast = s;
  return secondLast < nearestPruningStep;
}

/** numpy's nanpercentile with linear interpolation. */
export function nanPercentile(values: readonly number[], q: number): number {
  const xs = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (xs.length === 0) return NaN;
  const pos = ((xs.length - 1) * q) / 100;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return xs[lo]! + (xs[hi]! - xs[lo]!) * (pos - lo);
}
