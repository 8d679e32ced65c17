/**
 * A decider over the sweep's own jobs, for sweepers without a study (the grid): each job is a
 * trial whose intermediate values are the `metric` of its reports, judged against the others by
 * one of the pure pruners (median, ASHA).
 */
import { historyNumber } from '../../report/metrics.js';
import type { Pruner, PrunerTrial } from '../../sweep/search/index.js';
import type { RunStatus } from '../../store/types.js';
import type { PruneReport, Pruning } from './types.js';

interface Trial { number: number; state: PrunerTrial['state']; intermediate: Map<number, number> }

export function createPrunerDecider(pruner: Pruner, metric: string): Pruning {
  const trials = new Map<number, Trial>();
  const trialOf = (num: number): Trial => {
    let t = trials.get(num);
    if (!t) trials.set(num, (t = { number: num, state: 'running', intermediate: new Map() }));
    return t;
  };
  /** False when the report does not carry the metric: nothing to judge. */
  const add = (r: PruneReport): boolean => {
    const value = historyNumber(r.values, metric);
    if (value === undefined) return false;
    trialOf(r.num).intermediate.set(r.step, value);
    return true;
  };
  return {
    metric,
    decide(report) {
      if (!add(report)) return 'continue';
      return pruner(trialOf(report.num), [...trials.values()]) ? 'prune' : 'continue';
    },
    ended(num: number, status: RunStatus, late: readonly PruneReport[]) {
      for (const r of late) add(r);
      const t = trialOf(num);
      t.state = status === 'completed' ? 'completed' : status === 'pruned' ? 'pruned' : 'failed';
    },
  };
}
