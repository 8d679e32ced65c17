import { ReportError } from './errors.js';
import type { Group, JobData } from './types.js';

/** Override keys in order of first appearance across jobs. */
export function overrideKeys(jobs: readonly JobData[]): string[] {
  const keys = new Set<string>();
  for (const j of jobs) for (const k of j.params.keys()) keys.add(k);
  return [...keys];
}

/** Keys whose value differs between at least two jobs (absent counts as a value of its own). */
export function varyingKeys(jobs: readonly JobData[]): string[] {
  return overrideKeys(jobs).filter((k) => {
    const first = jobs[0]?.params.get(k);
    return jobs.some((j) => j.params.get(k) !== first);
  });
}

/** The keys that define groups: `groupBy` if given (checked), else varying keys minus repeat keys. */
export function groupingKeys(jobs: readonly JobData[], groupBy: readonly string[] | undefined, repeatKeys: readonly string[]): string[] {
  if (groupBy) {
    const known = overrideKeys(jobs);
    const unknown = groupBy.filter((k) => !known.includes(k));
    if (unknown.length) {
      throw new ReportError({
        code: 'REPORT_BAD_CONFIG', message: `report.group_by: no job overrides ${unknown.map((k) => `'${k}'`).join(', ')}`,
        hint: `Override keys in this sweep: ${known.join(', ') || '(none)'}.`,
      });
    }
    return [...groupBy];
  }
  return varyingKeys(jobs).filter((k) => !repeatKeys.includes(k));
}

/** The pseudo-key that tells sweeps apart in a report over several of them. */
export const SWEEP_KEY = 'sweep';

/** `multirun/2026-12-01/10-00-00` → `2026-12-01/10-00-00`: the date and time say which sweep it is. */
export function sweepName(dir: string): string {
  return dir.split(/[\\/]/).filter(Boolean).slice(-2).join('/');
}

type ValueOf = (job: JobData, key: string) => string | undefined;
const paramValue: ValueOf = (job, key) => job.params.get(key);

export function groupLabel(params: Map<string, string>, keys: readonly string[]): string {
  if (keys.length === 0) return 'all';
  return keys.map((k) => `${k}=${params.get(k) ?? '∅'}`).join(' ');
}

/** Groups in the order their first job appears in the sweep. */
export function groupJobs(jobs: readonly JobData[], keys: readonly string[], valueOf: ValueOf = paramValue): Group[] {
  const byLabel = new Map<string, Group>();
  for (const job of jobs) {
    const values = new Map<string, string>();
    for (const k of keys) { const v = valueOf(job, k); if (v !== undefined) values.set(k, v); }
    const label = groupLabel(values, keys);
    let g = byLabel.get(label);
    if (!g) {
      g = { label, params: new Map(keys.map((k) => [k, values.get(k) ?? ''])), jobs: [] };
      byLabel.set(label, g);
    }
    g.jobs.push(job);
  }
  return [...byLabel.values()];
}
