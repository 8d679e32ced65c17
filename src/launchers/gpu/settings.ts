import { OrchError, didYouMean } from '../../errors.js';

export class GpuLauncherError extends OrchError {}

export interface GpuSettings {
  /** GPU ids to use; undefined: detect. */
  gpus?: string[];
  jobsPerGpu: number;
  /** The local launcher's own settings (timeout_min, max_retries, fail_fast, kill_grace_sec). */
  local: Record<string, unknown>;
  failFast: false | 'stop' | 'cancel';
}

const OWN = ['name', 'gpus', 'jobs_per_gpu'];
const LOCAL = ['timeout_min', 'max_retries', 'fail_fast', 'kill_grace_sec'];

export function parseGpuSettings(raw: Record<string, unknown>): GpuSettings {
  for (const key of Object.keys(raw)) {
    if (OWN.includes(key) || LOCAL.includes(key)) continue;
    const known = [...OWN, ...LOCAL];
    throw new GpuLauncherError({
      code: 'GPU_BAD_SETTING', message: `orch.launcher.${key}: not a setting of the gpu launcher`,
      hint: key === 'n_jobs'
        ? 'The gpu launcher runs jobs_per_gpu jobs on each GPU; set orch.launcher.jobs_per_gpu instead of n_jobs.'
        : didYouMean(key, known, (near) => `orch.launcher.${near}`) ?? `Settings: ${known.join(', ')}.`,
    });
  }
  const gpus = raw.gpus ?? null;
  if (gpus !== null && !(Array.isArray(gpus) && gpus.every((g) => (typeof g === 'number' && Number.isInteger(g) && g >= 0) || (typeof g === 'string' && /^[\w-]+$/.test(g))))) {
    throw new GpuLauncherError({ code: 'GPU_BAD_SETTING', message: `orch.launcher.gpus: expected a list of GPU indices like [0, 1], got ${JSON.stringify(gpus)}` });
  }
  const perGpu = raw.jobs_per_gpu ?? 1;
  if (!(typeof perGpu === 'number' && Number.isInteger(perGpu) && perGpu > 0)) {
    throw new GpuLauncherError({ code: 'GPU_BAD_SETTING', message: `orch.launcher.jobs_per_gpu: expected a positive integer, got ${JSON.stringify(perGpu)}` });
  }
  const local = Object.fromEntries(Object.entries(raw).filter(([k]) => LOCAL.includes(k)));
  const ff = raw.fail_fast;
  return {
    gpus: gpus === null ? undefined : (gpus as Array<number | string>).map(String),
    jobsPerGpu: perGpu,
    local,
    failFast: ff === true || ff === 'stop' ? 'stop' : ff === 'cancel' ? 'cancel' : false,
  };
}
