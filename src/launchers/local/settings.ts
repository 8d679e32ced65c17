import { availableParallelism } from 'node:os';
import { OrchError } from '../../errors.js';
import { checkLauncherSettingKeys, type LauncherSettingKeys } from '../../config/orch-settings.js';

export interface LocalSettings {
  nJobs: number;
  /** Per-attempt wall-time limit in ms, undefined for none. */
  timeoutMs?: number;
  maxRetries: number;
  /** Stop launching after the first failure; `cancel` also cancels the running jobs. */
  failFast: false | 'stop' | 'cancel';
  /** Time between SIGTERM/SIGINT and SIGKILL when stopping a job. */
  graceMs: number;
}

/** The keys of `orch.launcher` the local launcher takes. */
export const LOCAL_SETTING_KEYS: LauncherSettingKeys = { keys: ['name', 'n_jobs', 'timeout_min', 'max_retries', 'fail_fast', 'kill_grace_sec'] };

/** Validates the values of `orch.launcher.*` for the local launcher; each error names the key and the valid values. */
export function parseLocalSettings(s: Record<string, unknown>): LocalSettings {
  checkLauncherSettingKeys('local', LOCAL_SETTING_KEYS, Object.keys(s));
  const nJobs = s.n_jobs ?? null;
  if (nJobs !== null && !(typeof nJobs === 'number' && Number.isInteger(nJobs) && nJobs > 0)) {
    throw new OrchError({
      code: 'LAUNCHER_BAD_SETTING', message: `orch.launcher.n_jobs: expected a positive integer (number of jobs run at once), got ${JSON.stringify(nJobs)}`,
      hint: 'Omit it (or set null) to use one slot per CPU core, e.g. orch.launcher.n_jobs=2.',
    });
  }
  return {
    nJobs: (nJobs as number | null) ?? availableParallelism(),
    timeoutMs: optionalPositive(s, 'timeout_min', 60_000),
    maxRetries: nonNegativeInt(s, 'max_retries'),
    failFast: failFastOf(s.fail_fast),
    graceMs: optionalPositive(s, 'kill_grace_sec', 1000) ?? 5000,
  };
}

function optionalPositive(s: Record<string, unknown>, key: string, unitMs: number): number | undefined {
  const v = s[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) {
    throw new OrchError({ code: 'LAUNCHER_BAD_SETTING', message: `orch.launcher.${key}: expected a positive number, got ${JSON.stringify(v)}` });
  }
  return v * unitMs;
}

function nonNegativeInt(s: Record<string, unknown>, key: string): number {
  const v = s[key] ?? 0;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new OrchError({ code: 'LAUNCHER_BAD_SETTING', message: `orch.launcher.${key}: expected an integer >= 0, got ${JSON.stringify(v)}` });
  }
  return v;
}

function failFastOf(v: unknown): LocalSettings['failFast'] {
  if (v === undefined || v === null || v === false) return false;
  if (v === true || v === 'stop') return 'stop';
  if (v === 'cancel') return 'cancel';
  throw new OrchError({ code: 'LAUNCHER_BAD_SETTING', message: `orch.launcher.fail_fast: expected true, false or cancel, got ${JSON.stringify(v)}` });
}
