/**
 * Which columns `orch runs` shows and in which order the rows come. By default: the run's facts,
 * then the parameters that differ between the rows shown (a constant says nothing about a row),
 * then the main metrics (numeric ones, in the order the tasks wrote them, at most MAX_METRICS).
 */
import { LedgerError } from './errors.js';
import { FIELDS, fieldValue, isField } from './fields.js';
import { asNumber, compareKeyed } from './filter.js';
import type { LedgerRow } from './types.js';

export const MAX_METRICS = 4;
export const BASE_COLUMNS = ['id', 'date', 'task', 'sweep', 'status'] as const;
export const TAIL_COLUMNS = ['commit', 'notes'] as const;

export interface Column { key: string; kind: 'field' | 'param' | 'metric' }

/** Parameter keys whose value is not the same on every row (absent counts as a value of its own). */
export function differingParams(rows: readonly LedgerRow[]): string[] {
  const first = new Map<string, string | undefined>();
  const differs = new Set<string>();
  const order: string[] = [];
  rows.forEach((row, i) => {
    for (const [k, v] of Object.entries(row.params)) {
      if (!first.has(k)) {
        first.set(k, i === 0 ? v : undefined);
        order.push(k);
        if (i > 0) differs.add(k);
      } else if (first.get(k) !== v) differs.add(k);
    }
    if (i > 0) for (const k of order) if (!Object.hasOwn(row.params, k)) differs.add(k);
  });
  return order.filter((k) => differs.has(k));
}

/** Numeric metric keys of the rows, most common first (ties: first seen). */
export function mainMetrics(rows: readonly LedgerRow[], max = MAX_METRICS): string[] {
  const counts = new Map<string, number>();
  for (const row of rows) {
    for (const [k, v] of Object.entries(row.metrics)) if (typeof v === 'number') counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, max).map(([k]) => k);
}

export function defaultColumns(rows: readonly LedgerRow[]): Column[] {
  return [
    ...BASE_COLUMNS.map((key) => ({ key, kind: 'field' as const })),
    ...differingParams(rows).map((key) => ({ key, kind: 'param' as const })),
    ...mainMetrics(rows).map((key) => ({ key, kind: 'metric' as const })),
    ...TAIL_COLUMNS.map((key) => ({ key, kind: 'field' as const })),
  ];
}

/** `--columns id,model,test.accuracy`: each a field, a parameter or a metric of some row shown. */
export function chosenColumns(spec: string, rows: readonly LedgerRow[]): Column[] {
  const keys = spec.split(',').map((k) => k.trim()).filter(Boolean);
  if (keys.length === 0) throw new LedgerError({ code: 'LEDGER_BAD_COLUMN', message: `--columns '${spec}': no column named`, hint: `Name fields (${FIELDS.join(', ')}), parameters or metrics, separated by commas.` });
  const params = new Set(rows.flatMap((r) => Object.keys(r.params)));
  const metrics = new Set(rows.flatMap((r) => Object.keys(r.metrics)));
  return keys.map((key) => {
    const bare = key.replace(/^(param|metric)\./, '');
    if (isField(key)) return { key, kind: 'field' as const };
    if (!key.startsWith('metric.') && params.has(bare)) return { key, kind: 'param' as const };
    if (!key.startsWith('param.') && metrics.has(bare)) return { key, kind: 'metric' as const };
    if (rows.length === 0) return { key, kind: 'metric' as const };
    throw new LedgerError({
      code: 'LEDGER_BAD_COLUMN', message: `--columns: '${key}' is no field, parameter or metric of the runs shown`,
      hint: `Fields: ${FIELDS.join(', ')}. Parameters: ${[...params].slice(0, 12).join(', ') || '(none)'}. Metrics: ${[...metrics].slice(0, 12).join(', ') || '(none)'}.`,
    });
  });
}

/** `KEY`, `KEY:asc`: ascending; `KEY:desc` or `-KEY` (as `--sort=-KEY`, a shell word may not start with -): descending. */
export function parseSort(spec: string): { key: string; desc: boolean } {
  const m = /^(-?)(.*?)(?::(asc|desc))?$/.exec(spec.trim())!;
  const key = m[2]!;
  if (!key) throw new LedgerError({ code: 'LEDGER_BAD_COLUMN', message: `--sort '${spec}': no key`, hint: 'Write --sort KEY (ascending) or --sort KEY:desc (descending), e.g. --sort test.accuracy:desc.' });
  return { key, desc: m[1] === '-' ? m[3] !== 'asc' : m[3] === 'desc' };
}

/** Sorted by `spec` (parseSort); rows without the key go last either way. Default: newest first. */
export function sortRows(rows: LedgerRow[], spec = 'date:desc'): LedgerRow[] {
  const { key, desc } = parseSort(spec);
  const keyed = rows.map((row) => {
    // Dates by their milliseconds: the same order as the ISO text, without making the text.
    const v = key === 'date' ? row.startedMs : fieldValue(row, key);
    return { row, v, n: v === undefined ? undefined : asNumber(v) };
  });
  keyed.sort((a, b) => {
    if (a.v === undefined || b.v === undefined) return a.v === undefined ? (b.v === undefined ? 0 : 1) : -1;
    const c = compareKeyed(a.v, a.n, b.v, b.n);
    return (desc ? -c : c) || (a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0);
  });
  return keyed.map((k) => k.row);
}

export function columnValue(row: LedgerRow, col: Column): string | number | boolean | undefined {
  if (col.kind === 'param') return row.params[col.key.replace(/^param\./, '')];
  if (col.kind === 'metric') return row.metrics[col.key.replace(/^metric\./, '')];
  return fieldValue(row, col.key);
}
