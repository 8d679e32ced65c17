import { OrchError } from '../../errors.js';
import { checkLauncherSettingKeys, type LauncherSettingKeys } from '../../config/orch-settings.js';

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

/** The keys of `orch.launcher` the gpu launcher takes. */
export const GPU_SETTING_KEYS: LauncherSettingKeys = {
  keys: [...OWN, ...LOCAL],
  hints: { n_jobs: 'The gpu launcher runs jobs_per_gpu jobs on each GPU; set orch.launcher.jobs_per_gpu instead of n_jobs.' },
};

/** Validates the values of `orch.launcher.*` for the gpu launcher. */
export function parseGpuSettings(raw: Record<string, unknown>): GpuSettings {
  checkLauncherSettingKeys('gpu', GPU_SETTING_KEYS, Object.keys(raw));
  const gpus = raw.gpus ?? null;
  if (gpus !== null && !(Array.isArray(gpus) && gpus.every((g) => (typeof g === 'number' && Number.isInteger(g) && g >= 0) || (typeof g === 'string' && /^[\w-]+$/.test(g))))) {
    throw new OrchError({ code: 'GPU_BAD_SETTING', message: `orch.launcher.gpus: expected a list of GPU indices like [0, 1], got ${JSON.stringify(gpus)}` });
  }
  const perGpu = raw.jobs_per_gpu ?? 1;
  if (!(typeof perGpu === 'number' && Number.isInteger(perGpu) && perGpu > 0)) {
    throw new OrchError({ code: 'GPU_BAD_SETTING', message: `orch.launcher.jobs_per_gpu: expected a positive integer, got ${JSON.stringify(perGpu)}` });
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
