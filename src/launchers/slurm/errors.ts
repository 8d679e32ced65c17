import { OrchError, type OrchErrorInit } from '../../errors.js';

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

/**
 * Anything Slurm refused or could not do. The message names the step that failed (settings key,
 * `sbatch`, `scancel`, ...) and quotes Slurm's own words, which are usually the clearest diagnosis.
 */
export function slurmError(init: OrchErrorInit & { code: SlurmErrorCode }): OrchError {
  return new OrchError(init);
}
