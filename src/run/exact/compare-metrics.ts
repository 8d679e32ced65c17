/** The metrics of a rerun against the original's: one row per key, equal only when identical. */
import type { MetricValue } from '../../ledger/types.js';
import { maxOf } from '../../min-max.js';

export type Verdict = 'equal' | 'differs' | 'only old' | 'only new';

export interface MetricRow { key: string; old?: MetricValue; new?: MetricValue; verdict: Verdict }

/** NaN equals NaN here: a task that wrote NaN twice reproduced itself. */
function same(a: MetricValue, b: MetricValue): boolean {
  return Object.is(a, b) || (typeof a === 'number' && typeof b === 'number' && a === b);
}

export function compareMetrics(old: Record<string, MetricValue>, now: Record<string, MetricValue>): MetricRow[] {
  const keys = [...new Set([...Object.keys(old), ...Object.keys(now)])].sort();
  return keys.map((key) => {
    const o = old[key];
    const n = now[key];
    const verdict: Verdict = o === undefined ? 'only new' : n === undefined ? 'only old' : same(o, n) ? 'equal' : 'differs';
    return { key, old: o, new: n, verdict };
  });
}

export function allEqual(rows: readonly MetricRow[]): boolean {
  return rows.length > 0 && rows.every((r) => r.verdict === 'equal');
}

const cell = (v: MetricValue | undefined): string => (v === undefined ? '-' : typeof v === 'number' ? String(v) : JSON.stringify(v));

/** A plain aligned table: full precision, since "equal" means bit for bit. */
export function formatComparison(rows: readonly MetricRow[]): string {
  const table = [['key', 'old', 'new', ''], ...rows.map((r) => [r.key, cell(r.old), cell(r.new), r.verdict])];
  const widths = table[0]!.map((_, i) => maxOf(table.map((t) => t[i]!.length)));
  return table.map((t) => t.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n') + '\n';
}
