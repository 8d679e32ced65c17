import { OrchError } from '../../errors.js';

/**
 * Anything Slurm refused or could not do. The message names the step that failed (settings key,
 * `sbatch`, `scancel`, ...) and quotes Slurm's own words, which are usually the clearest diagnosis.
 */
export class SlurmError extends OrchError {}

export type SlurmErrorCode =
  | 'SLURM_SETTING'
  | 'SLURM_NOT_INSTALLED'
  | 'SLURM_UNREACHABLE'
  | 'SLURM_REJECTED'
  | 'SLURM_UNKNOWN_PARTITION'
  | 'SLURM_COMMAND_FAILED'
  | 'SLURM_NO_SWEEP'
  | 'SLURM_TEMPLATE'
  | 'SLURM_STILL_RUNNING';

export function slurmError(code: SlurmErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}): SlurmError {
  return new SlurmError(code, message, options);
}
