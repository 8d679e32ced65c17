/**
 * Settings read once for a whole sweep: the sweep dir (every job dir is under it) and the launcher
 * (one launcher runs every job). They come from job 0; a job that resolves them differently (a
 * swept `orch.launcher.n_jobs=1,2`, an `orch.sweep.dir` that interpolates a swept value) would
 * silently get job 0's, so it is an error instead.
 */
import { toJson, type CfgValue } from '../value/value.js';
import { selectPath } from '../config/key-path.js';
import { describeJob } from './errors.js';
import type { ComposedJob } from './types.js';
import { OrchError } from '../errors.js';

const SWEEP_WIDE = [['sweep', 'dir'], ['launcher']] as const;

/** Throws when `job` differs from `first` in a sweep-wide setting. */
export function checkSweepWide(first: ComposedJob, job: ComposedJob, num: number): void {
  if (job === first) return;
  for (const path of SWEEP_WIDE) {
    const diff = firstDifference(selectPath(first.orch, path), selectPath(job.orch, path), `orch.${path.join('.')}`);
    if (!diff) continue;
    throw new OrchError({
      code: 'SWEEP_SETTING_DIFFERS', message: `${diff.key} is one setting for the whole sweep, but ${describeJob(job, num)} has ${diff.b} where ${describeJob(first, 0)} has ${diff.a}`,
      hint: path[0] === 'launcher'
        ? `Set ${diff.key} once (not as a sweep), or run one sweep per value.`
        : 'Put what differs between jobs in orch.sweep.subdir, e.g. orch.sweep.subdir=${orch.job.override_dirname}.',
    });
  }
}

/** The first key (depth first) where two resolved values differ, with both sides shown. */
function firstDifference(a: CfgValue | undefined, b: CfgValue | undefined, key: string): { key: string; a: string; b: string } | undefined {
  if (a === b) return undefined;
  if (a instanceof Map && b instanceof Map) {
    for (const k of new Set([...a.keys(), ...b.keys()])) {
      const d = firstDifference(a.get(k), b.get(k), `${key}.${k}`);
      if (d) return d;
    }
    return undefined;
  }
  const sa = shown(a);
  const sb = shown(b);
  return sa === sb ? undefined : { key, a: sa, b: sb };
}

function shown(v: CfgValue | undefined): string {
  return v === undefined ? '(unset)' : toJson(v);
}

