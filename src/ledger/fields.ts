import type { LedgerRow, MetricValue } from './types.js';

/**
 * What a filter, a sort key or a column name means on a row: a field of the run record, else a
 * parameter (from the overrides), else a metric. Fields come first so that `status` is always the
 * run's status; a parameter or metric of the same name is reached as `param.status` / `metric.status`.
 */
export const FIELDS = ['id', 'date', 'task', 'sweep', 'status', 'attempt', 'duration', 'commit', 'dirty', 'host', 'description', 'hypothesis', 'notes'] as const;
export type Field = (typeof FIELDS)[number];

const FIELD_SET: ReadonlySet<string> = new Set(FIELDS);

export function isField(key: string): key is Field {
  return FIELD_SET.has(key);
}

/** A row whose times are spelled out, for output (see LedgerRow.startedMs). */
export function withTimes(row: LedgerRow): LedgerRow {
  if (row.startedAt === undefined && row.startedMs !== undefined) row.startedAt = new Date(row.startedMs).toISOString();
  if (row.endedAt === undefined && row.endedMs !== undefined) row.endedAt = new Date(row.endedMs).toISOString();
  return row;
}

/** Milliseconds of a time as a run record writes it, undefined when it is none. */
export function timeMs(iso: string | undefined): number | undefined {
  const t = iso === undefined ? NaN : Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}

export function fieldValue(row: LedgerRow, key: string): MetricValue | undefined {
  if (isField(key)) return builtin(row, key);
  if (key.startsWith('param.')) return row.params[key.slice(6)];
  if (key.startsWith('metric.')) return row.metrics[key.slice(7)];
  return Object.hasOwn(row.params, key) ? row.params[key] : row.metrics[key];
}

function builtin(row: LedgerRow, key: Field): MetricValue | undefined {
  switch (key) {
    case 'id': return row.id;
    case 'date': return withTimes(row).startedAt;
    case 'task': return row.task;
    case 'sweep': return row.sweep;
    case 'status': return row.status;
    case 'attempt': return row.attempt;
    case 'duration': return row.durationSec;
    case 'commit': return row.commit;
    case 'dirty': return row.dirty;
    case 'host': return row.host;
    case 'description': return row.description;
    case 'hypothesis': return row.hypothesis;
    case 'notes': return row.notes.length ? row.notes.map((n) => n.text).join(' | ') : undefined;
  }
}

/** `model=net5`, `+extra=1`, `++lr=0.1` as key -> value; `~key` (a deletion) sets nothing. */
export function paramsOf(overrides: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const o of overrides) {
    if (o.startsWith('~')) continue;
    const eq = o.indexOf('=');
    if (eq <= 0) continue;
    out[o.slice(o.startsWith('++') ? 2 : o.startsWith('+') ? 1 : 0, eq)] = o.slice(eq + 1);
  }
  return out;
}
