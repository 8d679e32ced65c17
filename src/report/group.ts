import { ReportError } from './errors.js';
import type { Group, JobData, LoadedSweep } from './types.js';

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
      throw new ReportError('REPORT_BAD_CONFIG', `report.group_by: no job overrides ${unknown.map((k) => `'${k}'`).join(', ')}`, {
        hint: `Override keys in this sweep: ${known.join(', ') || '(none)'}.`,
      });
    }
    return [...groupBy];
  }
  return varyingKeys(jobs).filter((k) => !repeatKeys.includes(k));
}

export function groupLabel(params: Map<string, string>, keys: readonly string[]): string {
  if (keys.length === 0) return 'all';
  return keys.map((k) => `${k}=${params.get(k) ?? '∅'}`).join(' ');
}

/** Groups in the order their first job appears in the sweep. */
export function groupJobs(jobs: readonly JobData[], keys: readonly string[]): Group[] {
  const byLabel = new Map<string, Group>();
  for (const job of jobs) {
    const label = groupLabel(job.params, keys);
    let g = byLabel.get(label);
    if (!g) {
      g = { label, params: new Map(keys.map((k) => [k, job.params.get(k) ?? ''])), jobs: [] };
      byLabel.set(label, g);
    }
    g.jobs.push(job);
  }
  return [...byLabel.values()];
}

/** Sweeps merged into one report must sweep the same override keys, or groups would not line up. */
export function checkSameKeys(sweeps: readonly LoadedSweep[]): void {
  if (sweeps.length < 2) return;
  const ref = new Set(overrideKeys(sweeps[0]!.jobs));
  for (const s of sweeps.slice(1)) {
    const keys = new Set(overrideKeys(s.jobs));
    const missing = [...ref].filter((k) => !keys.has(k));
    const extra = [...keys].filter((k) => !ref.has(k));
    if (missing.length || extra.length) {
      throw new ReportError('REPORT_MIXED_SWEEPS',
        `${s.dir}: its jobs override different keys than ${sweeps[0]!.dir}` +
        (missing.length ? `; missing: ${missing.join(', ')}` : '') + (extra.length ? `; extra: ${extra.join(', ')}` : ''), {
          hint: 'Report these sweeps separately, or compare them with `orch report --compare SWEEP_A SWEEP_B`.',
        });
    }
  }
}
