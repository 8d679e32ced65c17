/**
 * The jobs table as data for the page's script, which draws one page of rows at a time: a
 * 10,000-row table in the DOM takes Chromium seconds to lay out, one page of 50 takes nothing.
 * Numeric cells carry their display text and their sort key, so the script formats nothing.
 */
import { dirInSweep } from './job-path.js';
import { fmtDuration, fmtValue } from './format.js';
import { numericValue } from './param-effects.js';
import type { JobData } from './types.js';
import { sweepName } from './group.js';

export type ColumnKind = 'num' | 'text' | 'status' | 'code';
export interface JobsColumn { name: string; kind: ColumnKind; title?: string }
/** A numeric cell is `[text, key]` (key null: blank, sorts last); any other cell is its text. */
export type JobsCell = string | [string, number | null];

export interface JobsTable { columns: JobsColumn[]; rows: JobsCell[][]; constants: string[] }

function numCell(v: unknown, text = fmtValue(v as number)): JobsCell {
  return [text, typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'number' && !Number.isNaN(v) ? (v > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE) : null];
}

/** `withSweep`: a report over several sweeps says which one each job is from. */
export function jobsTable(jobs: readonly JobData[], paramKeys: readonly string[], constantKeys: readonly string[], metrics: readonly string[], withSweep = false): JobsTable {
  const numericParams = new Set(paramKeys.filter((k) => jobs.every((j) => j.params.get(k) === undefined || numericValue(j.params.get(k)) !== undefined)));
  const columns: JobsColumn[] = [
    { name: '#', kind: 'num' }, { name: 'Status', kind: 'status' }, ...(withSweep ? [{ name: 'Sweep', kind: 'text' } as JobsColumn] : []),
    ...paramKeys.map((k): JobsColumn => ({ name: k, kind: numericParams.has(k) ? 'num' : 'text', title: 'parameter' })),
    ...metrics.map((m): JobsColumn => ({ name: m, kind: 'num', title: 'metric' })),
    { name: 'Duration', kind: 'num' }, { name: 'Directory', kind: 'code' },
  ];
  const rows = jobs.map((j): JobsCell[] => [
    [String(j.num), j.num], j.status, ...(withSweep ? [sweepName(j.sweepDir)] : []),
    ...paramKeys.map((k): JobsCell => {
      const text = j.params.get(k) ?? '';
      return numericParams.has(k) ? [text, numericValue(text) ?? null] : text;
    }),
    ...metrics.map((m) => numCell(j.flatMetrics.get(m))),
    numCell(j.durationSec, fmtDuration(j.durationSec)),
    dirInSweep(j) || '.',
  ]);
  const first = jobs[0];
  const constants = first ? constantKeys.map((k) => `${k}=${first.params.get(k) ?? ''}`) : [];
  return { columns, rows, constants };
}

/** JSON that is safe inside `<script type="application/json">`: no `</script>` can end it early. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
