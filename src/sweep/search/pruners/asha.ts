/**
 * Optuna's SuccessiveHalvingPruner (asynchronous successive halving) as a pure function of the
 * values reported so far. Rung r is reached at step min_resource * reduction_factor^(rate + r);
 * a trial's value at a rung is the value it reported at the first step at or past it. Arriving at
 * a rung, a trial goes on only if its value is among the best 1/reduction_factor of the values
 * recorded at that rung so far (the first ones to arrive, when there are too few to rank, must
 * be the best so far). Optuna keeps rung values as trial attributes; deriving them from the
 * reports gives the same decisions when the pruner is asked at every report.
 */
import { lastStep, type PruneDirection, type PrunerTrial } from './types.js';
import { maxOf } from '../../../min-max.js';

export interface AshaOptions {
  direction: PruneDirection;
  /** Steps before the first rung; 'auto': 1/100 of the longest completed trial (at least 1). */
  minResource?: number | 'auto';
  reductionFactor?: number;
  minEarlyStoppingRate?: number;
  bootstrapCount?: number;
}

export function ashaShouldPrune(trial: PrunerTrial, trials: readonly PrunerTrial[], options: AshaOptions): boolean {
  const { direction, reductionFactor = 4, minEarlyStoppingRate = 0, bootstrapCount = 0 } = options;
  const step = lastStep(trial);
  if (step === undefined) return false;
  const minResource = options.minResource === undefined || options.minResource === 'auto' ? estimateMinResource(trials) : options.minResource;
  if (minResource === undefined) return false;
  const promotion = (rung: number): number => minResource * reductionFactor ** (minEarlyStoppingRate + rung);
  const value = trial.intermediate.get(step)!;
  const previous = [...trial.intermediate.keys()].filter((s) => s < step).reduce((a, b) => Math.max(a, b), -Infinity);
  // Rungs reached at earlier reports were judged then; this report judges the ones it reaches first.
  let rung = 0;
  while (promotion(rung) <= previous) rung++;
  for (; step >= promotion(rung); rung++) {
    if (Number.isNaN(value)) return true;
    const competing = trials.filter((t) => t.number !== trial.number)
      .map((t) => rungValue(t, promotion(rung))).filter((v): v is number => v !== undefined);
    competing.push(value);
    if (competing.length <= bootstrapCount) return true;
    if (!promotable(value, competing, reductionFactor, direction)) return true;
  }
  return false;
}

function estimateMinResource(trials: readonly PrunerTrial[]): number | undefined {
  const steps = trials.filter((t) => t.state === 'completed').map(lastStep).filter((s): s is number => s !== undefined);
  if (steps.length === 0) return undefined;
  return Math.max(Math.floor(maxOf(steps) / 100), 1);
}

function rungValue(t: PrunerTrial, at: number): number | undefined {
  let first: number | undefined;
  for (const s of t.intermediate.keys()) if (s >= at && (first === undefined || s < first)) first = s;
  return first === undefined ? undefined : t.intermediate.get(first);
}

function promotable(value: number, competing: number[], reductionFactor: number, direction: PruneDirection): boolean {
  const idx = Math.max(Math.floor(competing.length / reductionFactor) - 1, 0);
  competing.sort((a, b) => a - b);
  return direction === 'maximize' ? value >= competing[competing.length - 1 - idx]! : value <= competing[idx]!;
}
