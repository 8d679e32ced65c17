/** How errors name a job: its number and overrides. */
export function describeJob(job: { overrides: readonly string[] }, num: number): string {
  return `job ${num} (${job.overrides.join(' ') || 'no overrides'})`;
}
