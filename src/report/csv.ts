/** results.csv and results.json: one record per job, for spreadsheets and scripts. */
import type { JobData } from './types.js';

/** RFC 4180 quoting: fields with a comma, quote, CR or LF are quoted, quotes doubled. */
export function csvField(v: string | number | boolean | undefined): string {
  if (v === undefined) return '';
  if (typeof v === 'boolean') return String(v);
  const s = typeof v === 'number' ? (Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : String(v)) : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(fields: ReadonlyArray<string | number | boolean | undefined>): string {
  return fields.map(csvField).join(',');
}

function unionKeys(maps: Iterable<Map<string, unknown>>): string[] {
  const keys = new Set<string>();
  for (const m of maps) for (const k of m.keys()) keys.add(k);
  return [...keys];
}

/** Columns: job, status, duration_sec, dir, one per override key, one per metric (dotted). */
export function renderCsv(jobs: readonly JobData[], dirOf: (j: JobData) => string): string {
  const paramKeys = unionKeys(jobs.map((j) => j.params));
  const metricKeys = unionKeys(jobs.map((j) => j.flatMetrics));
  const header = ['job', 'status', 'duration_sec', 'dir', ...paramKeys, ...metricKeys.map((k) => (paramKeys.includes(k) ? `metrics.${k}` : k))];
  const lines = [csvLine(header)];
  for (const j of jobs) {
    lines.push(csvLine([j.num, j.status, j.durationSec, dirOf(j), ...paramKeys.map((k) => j.params.get(k)), ...metricKeys.map((k) => j.flatMetrics.get(k))]));
  }
  return lines.join('\r\n') + '\r\n';
}

export interface JobResultJson {
  job: number;
  status: string;
  durationSec?: number;
  dir: string;
  group: string;
  overrides: string[];
  params: Record<string, string>;
  metrics?: Record<string, unknown>;
  warnings?: string[];
}

export function jobResultJson(j: JobData, dir: string, group: string): JobResultJson {
  return {
    job: j.num, status: j.status, durationSec: j.durationSec, dir, group,
    overrides: j.overrides, params: Object.fromEntries(j.params), metrics: j.metrics,
    warnings: j.problems.length ? j.problems : undefined,
  };
}
