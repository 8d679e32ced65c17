import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../store/atomic.js';
import { parseTaskJson, stringifyTaskJson } from '../store/task-json.js';
import { METRICS_FILE } from '../store/types.js';

/** More than a few warnings about one file say nothing the first ones did not. */
const MAX_WARNINGS = 5;

/**
 * What is wrong with a task's result as metrics, as warnings: a metrics object holds numbers
 * (NaN and ±Infinity included: a diverged run is a result), booleans, strings, and objects of
 * those. Anything else is kept in metrics.json but not tabulated, and never fails the job.
 */
export function metricsWarnings(value: unknown, path = METRICS_FILE): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [`${path} must be an object of numbers/booleans/strings, got ${describe(value)}`];
  }
  const out: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    const at = `${path}.${key}`;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') continue;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) out.push(...metricsWarnings(v, at));
    else out.push(`${at} is ${describe(v)}; metric values are numbers, booleans, strings or objects of those (it is not tabulated)`);
  }
  return out.slice(0, MAX_WARNINGS);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`.trim();
}

/**
 * metrics.json text to its value and the warnings about it; both the launcher (at the job's end)
 * and the report use this, so a problem reads the same wherever it is shown.
 */
export function parseMetricsText(text: string): { metrics?: Record<string, unknown>; warnings: string[] } {
  let data: unknown;
  try {
    data = parseTaskJson(text, METRICS_FILE);
  } catch (err) {
    return { warnings: [(err as Error).message] };
  }
  const warnings = metricsWarnings(data);
  const isObject = data !== null && typeof data === 'object' && !Array.isArray(data);
  return { metrics: isObject ? (data as Record<string, unknown>) : undefined, warnings };
}

export async function writeMetrics(jobDir: string, metrics: unknown): Promise<void> {
  await writeFileAtomic(join(jobDir, METRICS_FILE), stringifyTaskJson(metrics, 2) + '\n');
}

/** Warnings about the metrics.json a command task wrote itself; none when it is absent or fine. */
export async function checkMetricsFile(jobDir: string): Promise<string[]> {
  return (await readMetricsFile(jobDir)).warnings;
}

/** A job's metrics.json: its object (undefined when absent or unreadable) and the warnings about it. */
export async function readMetricsFile(jobDir: string): Promise<{ metrics?: Record<string, unknown>; warnings: string[] }> {
  const path = join(jobDir, METRICS_FILE);
  // Sync check first: this sits between one job's end and the next one's start, and a stat is
  // cheaper than a trip through libuv's thread pool, which may be busy fsyncing records.
  if (!existsSync(path)) return { warnings: [] };
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    return { warnings: [`${METRICS_FILE}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`] };
  }
  return parseMetricsText(text);
}
