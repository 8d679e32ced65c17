import type { ConfigRepository } from '../config/repository.js';
import { findMissingKeys, MissingMandatoryValueError } from '../config/missing.js';
import { checkJobsAsTheyCome, type CheckedJobs } from '../plan/job-stream.js';
import type { ComposedJob } from '../plan/types.js';
import { SchemaValidationError } from '../schema/errors.js';
import type { Violation } from '../schema/types.js';
import { validateJobs } from '../schema/validate-jobs.js';
import type { JobSchemas } from '../schema/job-schemas.js';

/**
 * Jobs wait for their schema check in small batches: a job held until its batch is checked
 * outlives two young-generation GCs and is promoted (batches of 500 left ~10 MB more peak RSS on a
 * 100,000-job plan). The schema lookups are shared by all batches instead, up to a bound (a sweep
 * over many group choices must not grow them without end).
 */
const BATCH = 16;
const MAX_LOOKUPS = 1024;

/** The checks of every job, one job at a time: what the compose-and-validate pass runs, here or in a planning worker. */
export interface JobChecker {
  /** Throws on a missing mandatory value (unless `mandatory: false`); a job's schema check may wait for its batch. */
  check(job: ComposedJob, num: number): void;
  /**
   * Checks the jobs still waiting, and hands over what was found since the last call: schema
   * violations, in job order, and each value kept as written whose key was not seen before.
   */
  take(): { violations: Violation[]; unresolved: Array<[key: string, message: string]> };
}

export function createJobChecker(repo: ConfigRepository, multirun: boolean, opts: { mandatory?: boolean } = {}): JobChecker {
  const seen = new Set<string>();
  let kept: Array<[string, string]> = [];
  let violations: Violation[] = [];
  const unvalidated: ComposedJob[] = [];
  const lookups = new Map<string, JobSchemas>();
  const validate = (): void => {
    if (lookups.size > MAX_LOOKUPS) lookups.clear();
    for (const v of validateJobs(repo, unvalidated.splice(0), { lookups })) violations.push(v);
  };
  return {
    check(job, num) {
      for (const u of job.unresolved ?? []) {
        if (!seen.has(u.key)) {
          seen.add(u.key);
          kept.push([u.key, u.message]);
        }
      }
      // A `???` kept by lazy resolution fails where the task reads it, not here.
      const missing = opts.mandatory === false ? [] : findMissingKeys(job.config).filter((k) => !job.unresolved?.some((u) => u.key === k));
      if (missing.length) throw new MissingMandatoryValueError({ keys: missing, where: multirun ? `in job ${num} (${job.overrides.join(' ') || 'no overrides'})` : 'in the job config' });
      if (unvalidated.push(job) >= BATCH) validate();
    },
    take() {
      validate();
      const out = { violations, unresolved: kept };
      violations = [];
      kept = [];
      return out;
    },
  };
}

/** What the checks of a whole sweep found, gathered in job order; `finish` throws or warns once the last job is in. */
export interface SweepFindings {
  add(found: ReturnType<JobChecker['take']>): void;
  finish(count: number): void;
}

export function sweepFindings(opts: { onUnresolved?: (warning: string) => void } = {}): SweepFindings {
  const kept = new Map<string, string>();
  const violations: Violation[] = [];
  return {
    add(found) {
      for (const v of found.violations) violations.push(v);
      for (const [key, message] of found.unresolved) if (!kept.has(key)) kept.set(key, message);
    },
    finish(count) {
      if (kept.size && opts.onUnresolved) opts.onUnresolved(unresolvedWarning(kept));
      // Typed configs (issue 8): every violation of every job, before anything is launched.
      if (violations.length) throw new SchemaValidationError({ violations, jobCount: count });
    },
  };
}

/**
 * The one compose-and-validate pass: each job is checked as the consumer reaches it (missing
 * mandatory values at once, unless `mandatory: false`; schema violations gathered, so the error
 * lists those of every job),
 * and the consumer's iteration throws after the last job if any job was invalid.
 */
export function validatedJobs(
  repo: ConfigRepository, jobs: Iterable<ComposedJob>, multirun: boolean,
  opts: { mandatory?: boolean; onUnresolved?: (warning: string) => void } = {},
): CheckedJobs<ComposedJob> {
  const checker = createJobChecker(repo, multirun, opts);
  const findings = sweepFindings(opts);
  return checkJobsAsTheyCome(jobs, (job, num) => checker.check(job, num), (count) => {
    findings.add(checker.take());
    findings.finish(count);
  });
}

/** The one warning of a run about values kept as written, whatever the number of jobs that have them. */
export function unresolvedWarning(kept: ReadonlyMap<string, string>): string {
  const lines = [...kept].map(([key, why]) => `  ${key}: ${why.startsWith(`${key}: `) ? why.slice(key.length + 2) : why}`);
  return `${kept.size} config value(s) cannot be resolved and are kept as written; a task fails only where it reads one ` +
    `(set orch.job.strict=true to refuse such a run):\n${lines.join('\n')}`;
}
