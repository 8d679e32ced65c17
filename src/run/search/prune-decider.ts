/**
 * Contract B's pruning decider for a search: each intermediate value a running trial reports (a line
 * of its history.jsonl, as the run loop follows it) goes to the study's pruner through
 * `Study.report`. A report without a numeric value of the metric, or of a job the study is not
 * running (a report that arrives after its trial was told), says nothing: continue.
 */
import { SearchError, type Study } from '../../sweep/search/index.js';
import { historyNumber } from '../../report/metrics.js';

export type PruneReport = { num: number; step: number; values: Record<string, unknown> };

/**
 * The value of `metric` a history line reports to the pruner, if it reports one: a flat key
 * (`{"val.accuracy": 0.9}`) or a path (`{"val": {"accuracy": 0.9}}`, the shape of metrics.json), as
 * the grid's decider and prune.json read it.
 */
export function intermediateValue(values: Record<string, unknown>, metric: string): number | undefined {
  return historyNumber(values, metric);
}

export function studyPruneDecider(study: Study, metric: string): (report: PruneReport) => 'continue' | 'prune' {
  return ({ num, step, values }) => {
    const value = intermediateValue(values, metric);
    if (value === undefined || !Number.isFinite(step)) return 'continue';
    try {
      return study.report(num, step, value);
    } catch (err) {
      if (err instanceof SearchError && err.code === 'SEARCH_TRIAL') return 'continue';
      throw err;
    }
  };
}
