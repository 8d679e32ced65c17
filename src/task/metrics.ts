import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../store/atomic.js';
import { METRICS_FILE } from '../store/types.js';

/**
 * Why a task's result cannot be metrics, or undefined when it can: an object whose values are
 * finite numbers, strings, or objects of the same (nested).
 */
export function metricsProblem(value: unknown, path = 'metrics'): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return `${path} must be an object of numbers/strings, got ${describe(value)}`;
  }
  for (const [key, v] of Object.entries(value)) {
    const at = `${path}.${key}`;
    if (typeof v === 'string') continue;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return `${at} is ${v}; metrics must be finite numbers`;
      continue;
    }
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const inner = metricsProblem(v, at);
      if (inner) return inner;
      continue;
    }
    return `${at} is ${describe(v)}; metrics values must be numbers, strings or nested objects of those`;
  }
  return undefined;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v) ?? String(v)}`.trim();
}

export async function writeMetrics(jobDir: string, metrics: unknown): Promise<void> {
  await writeFileAtomic(join(jobDir, METRICS_FILE), JSON.stringify(metrics, null, 2) + '\n');
}

/**
 * Checks a metrics.json a command task wrote itself: undefined when absent or valid, else the reason
 * the job must count as failed.
 */
export async function checkMetricsFile(jobDir: string): Promise<string | undefined> {
  const path = join(jobDir, METRICS_FILE);
  // Sync check first: this sits between one job's end and the next one's start, and a stat is
  // cheaper than a trip through libuv's thread pool, which may be busy fsyncing records.
  if (!existsSync(path)) return undefined;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return `invalid ${METRICS_FILE}: not JSON (${(err as Error).message})`;
  }
  const problem = metricsProblem(data);
  return problem ? `invalid ${METRICS_FILE}: ${problem}` : undefined;
}
