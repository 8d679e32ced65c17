/**
 * `orch runs --sheet`: the experiment tracking sheet, one row per sweep (and per single run) in the
 * order they were made: what it was for (description, hypothesis), what changed against the one
 * before it (or a named baseline), what came out, the report's verdict, the notes.
 */
import { LedgerError } from './errors.js';
import { mainMetrics } from './columns.js';
import { csvField } from './format.js';
import { withTimes } from './fields.js';
import type { LedgerRow, LedgerSweep } from './types.js';
import { minOf, maxOf } from '../min-max.js';

export interface SheetRow {
  id: string;
  date: string;
  task: string;
  description: string;
  hypothesis: string;
  changes: string;
  results: string;
  verdict: string;
  notes: string;
}

export const SHEET_COLUMNS: ReadonlyArray<keyof SheetRow> = ['id', 'date', 'task', 'description', 'hypothesis', 'changes', 'results', 'verdict', 'notes'];

interface Experiment { id: string; date: string; task: string; description?: string; hypothesis?: string; notes: string[]; rows: LedgerRow[] }

/** Each parameter's values over the experiment's runs, e.g. `model` -> {net2, net5}. */
export function settingOf(rows: readonly LedgerRow[]): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const r of rows) for (const [k, v] of Object.entries(r.params)) (out.get(k) ?? out.set(k, new Set()).get(k)!).add(v);
  return new Map([...out].map(([k, vs]) => [k, [...vs].sort()]));
}

/** `lr: 0.1 -> 0.01; +dropout: 0.5; -wd` against `base`, swept values joined by commas. */
export function describeChanges(base: Map<string, string[]> | undefined, now: Map<string, string[]>): string {
  if (!base) return '(first)';
  const parts: string[] = [];
  for (const [k, vs] of now) {
    const was = base.get(k);
    if (!was) parts.push(`+${k}: ${vs.join(',')}`);
    else if (was.join('\u0000') !== vs.join('\u0000')) parts.push(`${k}: ${was.join(',')} -> ${vs.join(',')}`);
  }
  for (const k of base.keys()) if (!now.has(k)) parts.push(`-${k}`);
  return parts.join('; ') || '(none)';
}

function fmt(v: number): string {
  return String(Number(v.toPrecision(4)));
}

/** The main metric's range and mean over the finished runs, and how many of the runs finished. */
export function describeResults(rows: readonly LedgerRow[]): string {
  const done = rows.filter((r) => r.status === 'completed');
  const [metric] = mainMetrics(done, 1);
  const tally = `${done.length} of ${rows.length} runs completed`;
  if (!metric) return tally;
  const vs = done.map((r) => r.metrics[metric]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (vs.length === 0) return `${metric}: no finite value; ${tally}`;
  const mean = vs.reduce((a, b) => a + b, 0) / vs.length;
  const lo = minOf(vs);
  const hi = maxOf(vs);
  return `${metric} ${vs.length === 1 ? fmt(lo) : `${fmt(lo)}..${fmt(hi)} (mean ${fmt(mean)})`}; ${tally}`;
}

function experiments(rows: readonly LedgerRow[], sweeps: readonly LedgerSweep[]): Experiment[] {
  const bySweep = new Map<string, LedgerRow[]>();
  const out: Experiment[] = [];
  for (const r of rows) {
    withTimes(r);
    if (r.sweep !== undefined) (bySweep.get(r.sweep) ?? bySweep.set(r.sweep, []).get(r.sweep)!).push(r);
    else out.push({ id: r.id, date: r.startedAt ?? '', task: r.task, description: r.description, hypothesis: r.hypothesis, notes: r.notes.map((n) => n.text), rows: [r] });
  }
  for (const s of sweeps) {
    const rs = bySweep.get(s.id) ?? [];
    const first = rs.map((r) => r.startedAt).filter((d): d is string => d !== undefined).sort()[0];
    out.push({ id: s.id, date: s.createdAt ?? first ?? '', task: s.task || rs[0]?.task || '', description: s.description, hypothesis: s.hypothesis, notes: s.notes.map((n) => n.text), rows: rs });
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1));
}

/**
 * The sheet. `verdictOf` reads the report's answer for a sweep (I/O, passed in); `baseline` names the
 * experiment every other is compared with, else each is compared with the one before it.
 */
export function buildSheet(rows: readonly LedgerRow[], sweeps: readonly LedgerSweep[], opts: { baseline?: string; verdictOf?: (id: string) => string | undefined } = {}): SheetRow[] {
  const exps = experiments(rows, sweeps);
  const settings = exps.map((e) => settingOf(e.rows));
  let baseIndex: number | undefined;
  if (opts.baseline !== undefined) {
    const want = opts.baseline.replace(/\/+$/, '');
    baseIndex = exps.findIndex((e) => e.id === want || e.id.endsWith(`/${want}`));
    if (baseIndex < 0) {
      throw new LedgerError({
        code: 'LEDGER_BAD_TARGET', message: `--baseline ${opts.baseline}: no sweep or run of that name in the ledger`,
        hint: `Name one as orch runs shows it, e.g. ${exps.slice(-3).map((e) => e.id).join(', ') || '(no runs yet)'}.`,
      });
    }
  }
  return exps.map((e, i) => ({
    id: e.id, date: e.date.slice(0, 10), task: e.task, description: e.description ?? '', hypothesis: e.hypothesis ?? '',
    changes: i === baseIndex ? '(baseline)' : describeChanges(baseIndex !== undefined ? settings[baseIndex] : settings[i - 1], settings[i]!),
    results: describeResults(e.rows), verdict: opts.verdictOf?.(e.id) ?? '', notes: e.notes.join(' | '),
  }));
}

const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');

export function sheetMarkdown(sheet: readonly SheetRow[]): string {
  return [`| ${SHEET_COLUMNS.join(' | ')} |`, `|${SHEET_COLUMNS.map(() => ' --- ').join('|')}|`, ...sheet.map((r) => `| ${SHEET_COLUMNS.map((c) => esc(r[c])).join(' | ')} |`)].join('\n') + '\n';
}

export function sheetCsv(sheet: readonly SheetRow[]): string {
  return [SHEET_COLUMNS.join(','), ...sheet.map((r) => SHEET_COLUMNS.map((c) => csvField(r[c])).join(','))].join('\r\n') + '\r\n';
}

const html = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A self-contained page: one table, readable without a server or a script. */
export function sheetHtml(sheet: readonly SheetRow[], generatedAt = new Date()): string {
  const head = SHEET_COLUMNS.map((c) => `<th>${c}</th>`).join('');
  const body = sheet.map((r) => `<tr>${SHEET_COLUMNS.map((c) => `<td>${html(r[c])}</td>`).join('')}</tr>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Experiment tracking sheet</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left}th{background:#f4f4f4}</style>
</head><body><h1>Experiment tracking sheet</h1><p>${sheet.length} experiments, generated ${html(generatedAt.toISOString())} by orch runs --sheet.</p>
<table><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table></body></html>
`;
}
