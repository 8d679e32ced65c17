import { selectPath } from '../config/key-path.js';
import { isDict } from '../value/value.js';
import type { ConfigRepository } from '../config/repository.js';
import { parseOverride } from '../overrides/parser.js';
import type { Override } from '../overrides/types.js';
import type { ComposedJob } from '../plan/types.js';
import { checkValue } from './check-value.js';
import { SchemaValidationError } from './errors.js';
import { groupOverridesOf, jobSchemas, type JobSchemas } from './job-schemas.js';
import { sourceOf } from './provenance.js';
import { schemaStoreOf, type SchemaStore } from './schema-files.js';
import type { Violation } from './types.js';

export interface ValidateOptions {
  /** Default: the repository's cached store (schemas read once per repository). */
  store?: SchemaStore;
  /** Schema lookups by group choices, kept by a caller that validates a sweep in many small calls. */
  lookups?: Map<string, JobSchemas>;
}

/**
 * Checks every job of a run or sweep against the schemas of the configs it was composed from and
 * returns all violations of all jobs (an empty list when every job is valid). Each job's primary
 * config, overrides and group choices are read from its resolved `orch` node, so this needs nothing
 * but what the planner already has. Jobs with the same group choices share one schema lookup.
 */
export function validateJobs(repo: ConfigRepository, jobs: readonly ComposedJob[], options: ValidateOptions = {}): Violation[] {
  const store = options.store ?? schemaStoreOf(repo);
  const parsed = new Map<string, Override>();
  const parse = (text: string) => {
    let o = parsed.get(text);
    if (!o) parsed.set(text, (o = parseOverride(text)));
    return o;
  };
  const lookups = options.lookups ?? new Map<string, JobSchemas>();
  const out: Violation[] = [];
  jobs.forEach((job, index) => {
    const { configName, overrides, num } = runInfo(job, index);
    const all = overrides.map(parse);
    const groupOverrides = groupOverridesOf(repo, all);
    const valueOverrides = all.filter((o) => !groupOverrides.includes(o));
    const key = [configName ?? '\u0000', ...groupOverrides.map((o) => o.input)].join('\u0001');
    let schemas = lookups.get(key);
    if (!schemas) lookups.set(key, (schemas = jobSchemas(repo, store, configName, groupOverrides)));
    for (const { package: pkg, schema } of schemas.placed) {
      const node = pkg === '' ? job.config : selectPath(job.config, pkg);
      if (node === undefined) continue;
      const mismatches = checkValue(node, schema, { exemptKeys: (rel) => schemas!.ownedChildren(join(pkg, rel)) });
      for (const m of mismatches) {
        const full = join(pkg, m.path);
        out.push({
          job: num, jobOverrides: job.overrides, kind: m.kind, key: full, expected: m.expected, got: m.got,
          source: m.kind === 'missing' ? undefined : sourceOf(repo, full, valueOverrides, schemas.defaults, store.display),
          schemaFile: m.schema.origin.file,
        });
      }
    }
  });
  return out;
}

/** Throws a `SchemaValidationError` listing every violation, when there is any. */
export function assertJobsValid(repo: ConfigRepository, jobs: readonly ComposedJob[], options: ValidateOptions = {}): void {
  const violations = validateJobs(repo, jobs, options);
  if (violations.length) throw new SchemaValidationError({ violations, jobCount: jobs.length });
}

function runInfo(job: ComposedJob, index: number): { configName: string | null; overrides: string[]; num: number } {
  const orchJob = job.orch.get('job');
  const configName = isDict(orchJob) ? orchJob.get('config_name') : null;
  const num = isDict(orchJob) && typeof orchJob.get('num') === 'number' ? (orchJob.get('num') as number) : index;
  // The job's own override strings, not the orch node's copy: resolving that node interpolates them
  // (`+m=${obj}` would come back as the dict's text), and orch.* overrides never touch a job config.
  return { configName: typeof configName === 'string' ? configName : null, overrides: job.overrides, num };
}

function join(pkg: string, rel: string): string {
  if (pkg === '') return rel;
  if (rel === '') return pkg;
  return rel.startsWith('[') ? pkg + rel : `${pkg}.${rel}`;
}

