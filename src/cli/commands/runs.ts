/**
 * `orch runs`: every run under the ledger roots, filtered, sorted and printed as a table, JSON, CSV
 * or Markdown; `orch runs --sheet`: the tracking sheet, one row per sweep.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chosenColumns, defaultColumns, sortRows } from '../../ledger/columns.js';
import { LedgerError } from '../../ledger/errors.js';
import { buildFilter } from '../../ledger/filter.js';
import { formatCsv, formatMarkdown, formatTable, jsonRows } from '../../ledger/format.js';
import { loadLedger } from '../../ledger/ledger.js';
import { ledgerRoots } from '../../ledger/roots.js';
import { buildSheet, sheetCsv, sheetHtml, sheetMarkdown } from '../../ledger/sheet.js';
import type { LedgerSweep } from '../../ledger/types.js';
import { stringifyTaskJson } from '../../store/task-json.js';
import { warn as warnToStderr } from '../../warn.js';

/** The table shows this many rows unless --limit says otherwise: a terminal is no place for 100,000. */
export const TABLE_LIMIT = 50;

export interface RunsOptions {
  projectRoot: string;
  roots?: string[];
  where?: string[];
  since?: string;
  status?: string[];
  sort?: string;
  columns?: string;
  limit?: number;
  format?: 'table' | 'json' | 'csv' | 'md' | 'html';
  sheet?: boolean;
  baseline?: string;
  rebuild?: boolean;
  refresh?: boolean;
  out?: (text: string) => void;
  warn?: (text: string) => void;
}

function checkLimit(limit: number | undefined): number | undefined {
  if (limit === undefined) return undefined;
  if (!Number.isInteger(limit) || limit < 0) {
    throw new LedgerError({ code: 'LEDGER_BAD_LIMIT', message: `--limit ${limit}: not a count of rows`, hint: 'Write a whole number, e.g. --limit 20 (0: all rows).' });
  }
  return limit;
}

/** The report's answer to its claim (`report/results.json`), if the sweep has been reported on. */
function verdictOf(projectRoot: string, sweeps: readonly LedgerSweep[]): (id: string) => string | undefined {
  const ids = new Set(sweeps.map((s) => s.id));
  return (id) => {
    if (!ids.has(id)) return undefined;
    try {
      const claim = (JSON.parse(readFileSync(join(resolve(projectRoot, id), 'report', 'results.json'), 'utf8')) as { claim?: { answer?: unknown } }).claim;
      return typeof claim?.answer === 'string' ? claim.answer : undefined;
    } catch {
      return undefined;
    }
  };
}

export async function runsCommand(opts: RunsOptions): Promise<number> {
  const out = opts.out ?? ((t: string) => void process.stdout.write(t));
  const warn = opts.warn ?? warnToStderr;
  const limit = checkLimit(opts.limit);
  const test = buildFilter(opts);
  const roots = ledgerRoots(opts.projectRoot, opts.roots ?? []);
  const ledger = await loadLedger({ roots, cwd: opts.projectRoot, rebuild: opts.rebuild, refresh: opts.refresh, warn });
  const format = opts.format ?? 'table';
  const shown = ledger.rows.filter(test);
  if (opts.sheet) {
    const keep = new Set(shown.map((r) => r.sweep).filter((s) => s !== undefined));
    const sheet = buildSheet(shown, ledger.sweeps.filter((s) => keep.has(s.id)), { baseline: opts.baseline, verdictOf: verdictOf(opts.projectRoot, ledger.sweeps) });
    const rows = limit ? sheet.slice(-limit) : sheet;
    out(format === 'csv' ? sheetCsv(rows) : format === 'html' ? sheetHtml(rows) : format === 'json' ? JSON.stringify(rows, null, 2) + '\n' : sheetMarkdown(rows));
    return 0;
  }
  if (format === 'html') throw new LedgerError({ code: 'LEDGER_BAD_COLUMN', message: '--html is an output of --sheet', hint: 'Write orch runs --sheet --html, or use --md / --csv / --json for the runs.' });
  const sorted = sortRows(shown, opts.sort);
  const cap = limit === undefined ? (format === 'table' ? TABLE_LIMIT : 0) : limit;
  const rows = cap ? sorted.slice(0, cap) : sorted;
  if (format === 'json') {
    out(stringifyTaskJson(jsonRows(rows), 2) + '\n');
    return 0;
  }
  const cols = opts.columns ? chosenColumns(opts.columns, rows) : defaultColumns(rows);
  if (format === 'csv') out(formatCsv(rows, cols));
  else if (format === 'md') out(formatMarkdown(rows, cols));
  else {
    out(rows.length ? formatTable(rows, cols) : '');
    const of = ledger.rows.length === shown.length ? `${shown.length} runs` : `${shown.length} of ${ledger.rows.length} runs match`;
    out(`${of}${rows.length < shown.length ? ` (showing ${rows.length}; --limit 0 shows all)` : ''}, under ${roots.join(', ')}\n`);
  }
  return 0;
}
