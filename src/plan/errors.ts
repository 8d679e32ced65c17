import { OrchError } from '../errors.js';

/**
 * The jobs compose but cannot be planned: an output dir outside where it must be, two jobs in one
 * dir, or a setting that is one for the whole sweep differing between jobs. Raised before the
 * offending job writes anything.
 */
export class PlanError extends OrchError {}

/** How errors name a job: its number and overrides. */
export function describeJob(job: { overrides: readonly string[] }, num: number): string {
  return `job ${num} (${job.overrides.join(' ') || 'no overrides'})`;
}
