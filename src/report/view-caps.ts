/**
 * What the readable files (index.html, report.md) show of a sweep too large to read row by row:
 * a metric table of 100,000 groups is 100,000 rows nobody reads (and most of the report's time).
 * Past a cap they show the best groups, best first, and say so; results.csv and results.json
 * always hold every group and job.
 */
import { bestFirst } from './analyze.js';
import type { Comparison, MetricGroupRow, MetricTable } from './types.js';

export const MAX_SHOWN_GROUPS = 100;
/** Rows of report.md's jobs table (index.html's is complete: the browser sorts and filters it). */
export const MAX_MD_JOBS = 1000;

const EVERY_ROW = 'results.csv and results.json hold every group';

/** The first `max` rows, in group order, and a note when there were more. */
export function firstRows<T>(rows: readonly T[], max = MAX_SHOWN_GROUPS): { rows: T[]; note?: string } {
  if (rows.length <= max) return { rows: [...rows] };
  return { rows: rows.slice(0, max), note: `Showing the first ${max} of ${rows.length.toLocaleString('en-US')} groups; ${EVERY_ROW}.` };
}

/**
 * The rows a table shows: all of them in group order up to `max`; past it the `max` best, best
 * first, or the first `max` when the metric has no direction (no group is better than another).
 */
export function shownRows(table: Pick<MetricTable, 'rows' | 'higherIsBetter'>, max = MAX_SHOWN_GROUPS): { rows: MetricGroupRow[]; note?: string } {
  const { rows } = table;
  if (rows.length <= max || table.higherIsBetter === undefined) return firstRows(rows, max);
  return { rows: bestFirst(rows, table.higherIsBetter).slice(0, max), note: `Showing the ${max} best of ${rows.length.toLocaleString('en-US')} groups, best first; ${EVERY_ROW}.` };
}

/**
 * A table's tests (its best or claimed group, `a`, against each other group, `b`) against the
 * groups it shows, and how many more results.json has.
 */
export function shownComparisons(comparisons: readonly Comparison[], shown: ReadonlySet<string>): { comparisons: Comparison[]; note?: string } {
  const kept = comparisons.filter((c) => shown.has(c.b));
  const left = comparisons.length - kept.length;
  return left ? { comparisons: kept, note: `${left.toLocaleString('en-US')} more comparison(s), against groups not shown, are in results.json.` } : { comparisons: kept };
}
