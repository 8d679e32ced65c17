import type { ConfigRepository } from '../config/repository.js';
import { findMissingKeys, MissingMandatoryValueError } from '../config/missing.js';
import { checkJobsAsTheyCome, type CheckedJobs } from '../plan/job-stream.js';
import type { ComposedJob } from '../plan/types.js';
import { SchemaValidationError } from '../schema/errors.js';
import type { Violation } from '../schema/types.js';
import { validateJobs } from '../schema/validate-jobs.js';

/** Schema checks go in batches: jobs of a batch share their schema lookups. */
const BATCH = 500;

/**
 * The one compose-and-validate pass: each job is checked as the consumer reaches it (missing
 * mandatory values at once, unless `mandatory: false`; schema violations gathered, so the error
 * lists those of every job),
 * and the consumer's iteration throws after the last job if any job was invalid.
 */
export function validatedJobs(repo: ConfigRepository, jobs: Iterable<ComposedJob>, multirun: boolean, opts: { mandatory?: boolean } = {}): CheckedJobs<ComposedJob> {
  const violations: Violation[] = [];
  const unvalidated: ComposedJob[] = [];
  const validate = () => void violations.push(...validateJobs(repo, unvalidated.splice(0)));
  return checkJobsAsTheyCome(jobs, (job, num) => {
    const missing = opts.mandatory === false ? [] : findMissingKeys(job.config);
    if (missing.length) throw new MissingMandatoryValueError(missing, multirun ? `in job ${num} (${job.overrides.join(' ') || 'no overrides'})` : 'in the job config');
    if (unvalidated.push(job) >= BATCH) validate();
  }, (count) => {
    validate();
    // Typed configs (issue 8): every violation of every job, before anything is launched.
    if (violations.length) throw new SchemaValidationError(violations, count);
  });
}
