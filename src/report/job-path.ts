import { relative, sep } from 'node:path';

/**
 * A job's dir as written in the report: relative to its sweep dir ('' when it is the sweep dir).
 * Both paths come resolved from the loader, so a job dir below its sweep is a plain cut; path's
 * `relative` resolves both again, and four columns of 100,000 jobs asked for it.
 */
export function dirInSweep(job: { readonly sweepDir: string; readonly dir: string }): string {
  const { sweepDir, dir } = job;
  const prefix = sweepDir.endsWith(sep) ? sweepDir : sweepDir + sep;
  // Anything to normalise (a `.` or `..` segment, a trailing separator) goes the long way.
  return dir.startsWith(prefix) && !dir.includes(`${sep}.`) && !dir.endsWith(sep) ? dir.slice(prefix.length) : relative(sweepDir, dir);
}
