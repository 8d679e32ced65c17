/**
 * The four outputs of `orch runs`: an aligned table for the terminal, and JSON, CSV and Markdown for
 * other programs and for a lab notebook. The table and Markdown shorten (dates to the minute, a
 * commit to 7 characters, numbers to 4 significant digits); JSON and CSV keep every value whole.
 */
import { pyFloatRepr } from '../value/value.js';
import { columnValue, type Column } from './columns.js';
import { withTimes } from './fields.js';
import type { LedgerRow } from './types.js';

type Cell = string | number | boolean | undefined;

/** Header of a column: a parameter or metric under its own name, a field as itself. */
export function header(col: Column): string {
  return col.key;
}

function shortNumber(v: number): string {
  if (!Number.isFinite(v)) return pyFloatRepr(v);
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
}

function shortDate(iso: string): string {
  return iso.length >= 16 ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso;
}

/** A cell as the table and Markdown show it. */
export function shortCell(row: LedgerRow, col: Column): string {
  if (col.key === 'commit') return row.commit ? row.commit.slice(0, 7) + (row.dirty ? '+dirty' : '') : '';
  if (col.key === 'notes') return row.notes.length === 0 ? '' : `${row.notes.at(-1)!.text}${row.notes.length > 1 ? ` (+${row.notes.length - 1})` : ''}`;
  const v: Cell = columnValue(row, col);
  if (v === undefined) return '';
  if (col.key === 'date' && typeof v === 'string') return shortDate(v);
  if (col.key === 'duration' && typeof v === 'number') return `${v.toFixed(1)}s`;
  return typeof v === 'number' ? shortNumber(v) : String(v);
}

/** A cell in full, for CSV: every digit, the full commit, every note. */
function fullCell(row: LedgerRow, col: Column): string {
  if (col.key === 'commit') return row.commit ? row.commit + (row.dirty ? '+dirty' : '') : '';
  if (col.key === 'notes') return row.notes.map((n) => `${n.at} ${n.text}`).join('\n');
  const v = columnValue(row, col);
  if (v === undefined) return '';
  return typeof v === 'number' && !Number.isFinite(v) ? pyFloatRepr(v) : String(v);
}

export function formatTable(rows: readonly LedgerRow[], cols: readonly Column[]): string {
  const head = cols.map(header);
  const body = rows.map((r) => cols.map((c) => shortCell(r, c).replace(/\s+/g, ' ')));
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...body.map((b) => b[i]!.length))));
  const line = (cells: string[]) => cells.map((c, i) => {
    const cut = c.length > widths[i]! ? c.slice(0, widths[i]! - 1) + '…' : c;
    return i === cells.length - 1 ? cut : cut.padEnd(widths[i]!);
  }).join('  ').trimEnd();
  return [line(head), ...body.map(line)].join('\n') + '\n';
}

function mdEscape(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

export function formatMarkdown(rows: readonly LedgerRow[], cols: readonly Column[]): string {
  const head = cols.map(header);
  return [
    `| ${head.map(mdEscape).join(' | ')} |`,
    `|${head.map(() => ' --- ').join('|')}|`,
    ...rows.map((r) => `| ${cols.map((c) => mdEscape(shortCell(r, c))).join(' | ')} |`),
  ].join('\n') + '\n';
}

export function csvField(s: string): string {
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function formatCsv(rows: readonly LedgerRow[], cols: readonly Column[]): string {
  return [cols.map((c) => csvField(header(c))), ...rows.map((r) => cols.map((c) => csvField(fullCell(r, c))))]
    .map((cells) => cells.join(',')).join('\r\n') + '\r\n';
}

/**
 * Each row whole (every parameter, metric and note, not only the columns shown), so a script needs
 * no second call; NaN and Infinity as Python's json writes them.
 */
export function jsonRows(rows: readonly LedgerRow[]): object[] {
  return rows.map((r) => {
    const { params: _params, startedMs: _s, endedMs: _e, ...rest } = withTimes(r);
    return rest;
  });
}
