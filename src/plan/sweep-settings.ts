/**
 * Settings read once for a whole sweep: the launcher (one launcher runs every job). They come from
 * job 0; a job that resolves them differently (a swept `orch.launcher.n_jobs=1,2`) would silently
 * get job 0's, so it is an error instead. The sweep dir is not one of them: it is resolved once,
 * from the sweep's own composition (resolve-job.ts sweepDirOf), as Hydra does.
 */
import { toJson, type CfgValue } from '../value/value.js';
import { selectPath } from '../config/key-path.js';
import { describeJob } from './errors.js';
import type { ComposedJob } from './types.js';
import { OrchError } from '../errors.js';

const SWEEP_WIDE = [['launcher']] as const;

/** Throws when `job` differs from `first` in a sweep-wide setting. */
export function checkSweepWide(first: ComposedJob, job: ComposedJob, num: number): void {
  if (job === first) return;
  for (const path of SWEEP_WIDE) {
    const diff = firstDifference(selectPath(first.orch, path), selectPath(job.orch, path), `orch.${path.join('.')}`);
    if (!diff) continue;
    throw new OrchError({
      code: 'SWEEP_SETTING_DIFFERS', message: `${diff.key} is one setting for the whole sweep, but ${describeJob(job, num)} has ${diff.b} where ${describeJob(first, 0)} has ${diff.a}`,
      hint: `Set ${diff.key} once (not as a sweep), or run one sweep per value.`,
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

