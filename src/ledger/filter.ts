/**
 * `--where KEY OP VALUE`, `--since DATE`, `--status S`: which rows `orch runs` shows. OP is one of
 * `=`, `!=`, `>=`, `<=`, `>`, `<`, `~` (regular expression) and `!~`. Both sides numbers: compared
 * as numbers (`lr=0.01` matches `lr=1e-2`); else as strings. A row without the key matches only `!=`
 * and `!~` (it certainly is not that value).
 */
import { LedgerError } from './errors.js';
import { fieldValue } from './fields.js';
import type { LedgerRow, MetricValue } from './types.js';
import { RUN_STATUSES } from '../store/types.js';

export type Op = '=' | '!=' | '>=' | '<=' | '>' | '<' | '~' | '!~';
export interface Where { key: string; op: Op; value: string; regex?: RegExp }
export type RowTest = (row: LedgerRow) => boolean;

// Longest operators first, so `>=` is not read as `>` followed by `=`.
const OPS: readonly Op[] = ['!=', '>=', '<=', '!~', '=', '>', '<', '~'];
const STATUSES: readonly string[] = RUN_STATUSES;
const HINT = "Write KEY OP VALUE with OP one of = != >= <= > < ~ !~, e.g. --where 'model=net5' --where 'test.accuracy>=0.97'.";

export function parseWhere(text: string): Where {
  let best: { at: number; op: Op } | undefined;
  for (const op of OPS) {
    const at = text.indexOf(op);
    if (at > 0 && (!best || at < best.at || (at === best.at && op.length > best.op.length))) best = { at, op };
  }
  if (!best) throw new LedgerError({ code: 'LEDGER_BAD_WHERE', message: `--where '${text}': no comparison in it`, hint: HINT });
  const key = text.slice(0, best.at).trim();
  const value = text.slice(best.at + best.op.length).trim();
  if (!key) throw new LedgerError({ code: 'LEDGER_BAD_WHERE', message: `--where '${text}': no key before '${best.op}'`, hint: HINT });
  const where: Where = { key, op: best.op, value };
  if (best.op === '~' || best.op === '!~') {
    try {
      where.regex = new RegExp(value);
    } catch (err) {
      throw new LedgerError({ code: 'LEDGER_BAD_WHERE', message: `--where '${text}': not a regular expression: ${(err as Error).message}`, hint: HINT });
    }
  }
  return where;
}

export function asNumber(v: MetricValue | string): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isNaN(n) && v.trim().toLowerCase() !== 'nan' ? undefined : n;
}

/** -1, 0, 1; numeric when both sides are numbers, else by code point. */
export function compareValues(a: MetricValue, b: MetricValue | string): number {
  return compareKeyed(a, asNumber(a), b, asNumber(b));
}

/** compareValues with each side's number already worked out (a sort does it once per row). */
export function compareKeyed(a: MetricValue | string, x: number | undefined, b: MetricValue | string, y: number | undefined): number {
  // NaN (a diverged run) sorts above every number, as the highest value.
  if (x !== undefined && y !== undefined) return x < y ? -1 : x > y ? 1 : x === y ? 0 : Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : -1;
  const s = String(a);
  const t = String(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

export function matchWhere(row: LedgerRow, w: Where): boolean {
  const v = fieldValue(row, w.key);
  if (v === undefined) return w.op === '!=' || w.op === '!~';
  switch (w.op) {
    case '~': return w.regex!.test(String(v));
    case '!~': return !w.regex!.test(String(v));
    default: {
      const c = compareValues(v, w.value);
      return w.op === '=' ? c === 0 : w.op === '!=' ? c !== 0 : w.op === '>=' ? c >= 0 : w.op === '<=' ? c <= 0 : w.op === '>' ? c > 0 : c < 0;
    }
  }
}

/** `2026-11-01`, `2026-11-01T12:00`, any ISO date: the start of that moment (a bare date is UTC midnight). */
export function parseSince(text: string): number {
  const t = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(t)) {
    throw new LedgerError({ code: 'LEDGER_BAD_DATE', message: `--since '${text}': not a date`, hint: 'Write it as YYYY-MM-DD or an ISO time, e.g. --since 2026-11-01.' });
  }
  return t;
}

export function parseStatuses(values: readonly string[]): string[] {
  const out = values.flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);
  for (const s of out) {
    if (!STATUSES.includes(s)) throw new LedgerError({ code: 'LEDGER_BAD_STATUS', message: `--status ${s}: not a run status`, hint: `Valid: ${STATUSES.join(', ')}.` });
  }
  return out;
}

export interface FilterSpec { where?: readonly string[]; since?: string; status?: readonly string[] }

/** One test for all the filters given (all must hold). */
export function buildFilter(spec: FilterSpec): RowTest {
  const wheres = (spec.where ?? []).map(parseWhere);
  const since = spec.since === undefined ? undefined : parseSince(spec.since);
  const statuses = spec.status?.length ? new Set(parseStatuses(spec.status)) : undefined;
  return (row) => {
    if (statuses && !statuses.has(row.status)) return false;
    if (since !== undefined && !(row.startedMs !== undefined && row.startedMs >= since)) return false;
    for (const w of wheres) if (!matchWhere(row, w)) return false;
    return true;
  };
}
