import { parseOverride } from '../overrides/index.js';
import type { Override } from '../overrides/types.js';
import { expandBasicSweep } from '../sweep/index.js';
import { SweepError } from '../sweep/errors.js';
import { composeConfig, isOrchOverride, typedText, type ComposeResult } from '../config/compose.js';
import { isOrchOwnedOverride } from '../config/orch-owned.js';
import { resolveJobConfig, sweepDirOf } from '../config/resolve-job.js';
import { unusedOrchPaths } from '../config/orch-node.js';
import type { DirValue } from '../config/dir-template.js';
import { createIncrementalResolver, createResolverRegistry, resolvePath, type IncrementalResolver, type ResolverRegistry } from '../config/interpolation/index.js';
import { isDict, toPlain, type CfgDict } from '../value/value.js';
import { selectPath } from '../config/key-path.js';
import type { ConfigRepository } from '../config/repository.js';
import type { ComposedJob } from './types.js';
import { plannedOutputDir } from './job-dirs.js';

export interface ComposeJobsOptions {
  configName: string | null;
  /** Command-line overrides as given (already split, no shell quoting). */
  overrides: readonly string[];
  multirun: boolean;
  /** Resolvers for every job (default: the built-ins, with one clock instant shared by all jobs). */
  resolvers?: ResolverRegistry;
  /** Seed for `shuffle(...)` sweeps written without one. */
  seed?: number;
  /** The instant `now` resolves to (default: the call's start); a plan pins it so a job recomposed at dispatch is the planned one. */
  now?: Date;
  /** Told each composition warning (a defaults list without `_self_`...), once per job that has it. */
  onWarning?: (warning: string) => void;
  /**
   * Keep what cannot be resolved as written (listed in each job's `unresolved`) instead of failing,
   * unless the job sets `orch.job.strict: true`: what a run does. `orch compose` and `--resolve` do not.
   */
  lenient?: boolean;
  /** What relative run / sweep dirs are under, for `${orch:runtime.output_dir}` (default: the working dir). */
  projectRoot?: string;
  /** `${orch:runtime.output_dir}` of a single run whose dir is made (and got a `_1` suffix): the real dir. */
  outputDir?: string;
  /** `${orch:runtime.cwd}`: where orch was started (default: the working dir); a plan records it for dispatch. */
  cwd?: string;
}

/**
 * Every job of a run or multirun, composed and resolved, in launch order (what `orch compose` and
 * the planner need). A multirun is composed once with sweeps skipped, to read
 * `orch.sweeper.params`; the sweep is expanded (config params first, then the command line) and
 * each job is composed in run mode from its rendered overrides plus the `orch.*` overrides.
 * All jobs are composed before any is resolved, so a composition error anywhere wins over a
 * resolution error. Holds every config: for large sweeps use `iterateJobs`.
 */
export function composeJobs(repo: ConfigRepository, options: ComposeJobsOptions): ComposedJob[] {
  return [...iterateJobs(repo, options)];
}

/** Jobs produced on demand; `count` is known before the first is composed. Iterate once. */
export interface JobStream<T> extends Iterable<T> {
  readonly count: number;
  /**
   * Jobs `start` to `end - 1` alone, each composed exactly as the whole iteration composes it
   * (same job number, clock and seed): what a planning worker composes of a sweep (run/plan-workers/).
   */
  slice?(start: number, end: number): Iterable<T>;
}

/**
 * `composeJobs` one job at a time: each job is composed and resolved when the iteration reaches it,
 * so a consumer that writes and drops each job holds one config at a time. Errors of the first
 * (multirun) composition and of the sweep expansion are thrown by this call; a job's own errors
 * when the iteration reaches it.
 */
export function iterateJobs(repo: ConfigRepository, options: ComposeJobsOptions): JobStream<ComposedJob> {
  const { resolvers, incremental } = resolutionOf(options);
  const unresolved = iterateJobsUnresolved(repo, { ...options, resolvers });
  const sweepDir = unresolved.sweepConfig && sweepDirOf(unresolved.sweepConfig, resolvers);
  const how = { resolvers, incremental, lenient: options.lenient, multirun: options.multirun, sweepDir, outputDir: outputDirOf(options, sweepDir) };
  return {
    count: unresolved.count,
    *[Symbol.iterator]() {
      for (const job of unresolved) yield resolveJob(job, how);
    },
    slice: (start, end) => ({
      *[Symbol.iterator]() {
        for (const job of unresolved.slice!(start, end)) yield resolveJob(job, how);
      },
    }),
  };
}

function outputDirOf(options: Pick<ComposeJobsOptions, 'projectRoot' | 'outputDir' | 'multirun'>, sweepDir: DirValue | undefined): (orch: CfgDict) => string {
  const root = options.projectRoot ?? process.cwd();
  return (orch) => options.outputDir ?? plannedOutputDir(root, orch, options.multirun, sweepDir?.value);
}

/** One clock instant and one incremental resolver for every job of the call. */
function resolutionOf(options: ComposeJobsOptions): { resolvers: ResolverRegistry; incremental: IncrementalResolver } {
  const now = options.now ?? new Date();
  // With our own registry, `now` reads one fixed instant and `oc.env` an environment that does not
  // change while planning: jobs may share their results. A caller's registry may be anything.
  const stableResolvers = options.resolvers ? [] : ['now', 'oc.env'];
  return { resolvers: options.resolvers ?? createResolverRegistry({ clock: () => now }), incremental: createIncrementalResolver({ stableResolvers }) };
}

/** A job composed but not yet resolved: resolution errors (a phase of their own) come later. */
export interface UnresolvedJob {
  overrides: string[];
  composed: ComposeResult;
}

/** `composeJobs` without the resolution step (what `--cfg job` shows). */
export function composeJobsUnresolved(repo: ConfigRepository, options: ComposeJobsOptions): UnresolvedJob[] {
  return [...iterateJobsUnresolved(repo, options)];
}

/**
 * `iterateJobs` without the resolution step. A multirun's stream has the sweep's own composition
 * (the command line with its sweeps left out: Hydra's multirun config), which the sweep dir is read from.
 */
export function iterateJobsUnresolved(repo: ConfigRepository, options: ComposeJobsOptions): JobStream<UnresolvedJob> & { sweepConfig?: ComposeResult } {
  const parsed = options.overrides.map(parseOverride);
  const resolvers = options.resolvers ?? createResolverRegistry();
  if (!options.multirun) {
    const composed = warned(options, composeConfig(repo, { configName: options.configName, overrides: parsed, mode: 'run', resolvers, cwd: options.cwd }));
    const job = { overrides: parsed.filter((o) => !isOrchOwnedOverride(repo, o)).map((o) => o.input), composed };
    return { count: 1, [Symbol.iterator]: () => [job][Symbol.iterator](), slice: (start, end) => [job].slice(start, end) };
  }
  const first = warned(options, composeConfig(repo, { configName: options.configName, overrides: parsed, mode: 'multirun', resolvers, cwd: options.cwd }));
  const sweeperName = resolvePath(first.config, 'orch.sweeper.name', { resolvers });
  if (sweeperName === 'random' || sweeperName === 'tpe') {
    // A search must never run as a grid of its choices: that would be a different experiment.
    // Its trials are proposed one at a time by run/search/ (searchSweepOf); nothing to enumerate.
    throw new SweepError({
      code: 'SWEEP_SEARCH_NOT_RUNNABLE', message: `orch.sweeper.name=${String(sweeperName)}: a search sweep has no list of jobs to show or enumerate here`,
      hint: 'Run the search itself (orch TASK -m ...), or run a grid with the basic sweeper (drop +sweeper=..., and give interval() parameters as range() or choices).',
    });
  }
  const params = resolvePath(first.config, 'orch.sweeper.params', { resolvers });
  const sweep = expandBasicSweep({
    overrides: parsed,
    params: isDict(params) ? params : undefined,
    listGroupOptions: (group) => (repo.groupExists(group) ? repo.groupOptions(group) : []),
    seed: options.seed,
  });
  const orchOverrides = parsed.filter(isOrchOverride);
  // A grid repeats each rendered override in many jobs; its distinct texts are the axes' values.
  const parseCache = new Map<string, Override>();
  const parseCached = (text: string): Override => {
    let o = parseCache.get(text);
    if (!o) parseCache.set(text, (o = parseOverride(text)));
    return o;
  };
  const jobOf = (jobOverrides: string[], num: number): UnresolvedJob => {
    const overrides: Override[] = [...orchOverrides, ...jobOverrides.map(parseCached)];
    const composed = warned(options, composeConfig(repo, { configName: options.configName, overrides, mode: 'run', jobNum: num, resolvers, cwd: options.cwd }));
    // `+launcher=slurm` is composed like any group but is not part of the job's identity.
    return { overrides: jobOverrides.filter((text) => !isOrchOwnedOverride(repo, parseCached(text))), composed };
  };
  return {
    count: sweep.count,
    sweepConfig: first,
    *[Symbol.iterator]() {
      let num = 0;
      for (const jobOverrides of sweep) yield jobOf(jobOverrides, num++);
    },
    slice: (start, end) => ({
      *[Symbol.iterator]() {
        for (let num = start; num < Math.min(end, sweep.count); num++) yield jobOf(sweep.at(num), num);
      },
    }),
  };
}

/** What composing one planned job again needs: the command line's `orch.*` overrides and the job's own. */
export interface RecomposeInput {
  configName: string | null;
  orchOverrides: readonly string[];
  jobOverrides: readonly string[];
  jobNum: number;
  now: Date;
  projectRoot: string;
  /** The job's real dir (default: the planned one). */
  outputDir?: string;
  /** The sweep's dir as planned (sweepDirOfCommandLine); default: the job's own `orch.sweep.dir`. */
  sweepDir?: DirValue;
  /** `${orch:runtime.cwd}` as planned (the plan's `compose.cwd`). */
  cwd?: string;
}

/**
 * One job of a multirun composed and resolved again, exactly as `iterateJobs` composed it (same
 * overrides in the same order, same job number, same clock), so its config hash matches the plan's.
 */
export function recomposeJob(repo: ConfigRepository, input: RecomposeInput): ComposedJob {
  return createRecomposer(repo, input)(input);
}

/**
 * `recomposeJob` for many jobs of one plan (the dispatcher's): one resolver registry, one memo of
 * the stable resolvers and one cache of parsed overrides for all of them, as planning shared them
 * (`iterateJobs`), instead of building each per job. The config hash checked at dispatch would
 * catch any job this composed differently.
 */
const MAX_PARSED = 10_000;

/** What every job of one plan shares when composed again. */
type PlanWide = 'configName' | 'orchOverrides' | 'now' | 'cwd' | 'sweepDir';

export type Recomposer = (input: Omit<RecomposeInput, PlanWide>) => ComposedJob;

export function createRecomposer(repo: ConfigRepository, base: Pick<RecomposeInput, PlanWide>): Recomposer {
  const resolvers = createResolverRegistry({ clock: () => base.now });
  const incremental = createIncrementalResolver({ stableResolvers: ['now', 'oc.env'] });
  const orchOverrides = base.orchOverrides.map(parseOverride);
  // A grid repeats each override text in many jobs: parse each text once. Started afresh when
  // full, so jobs whose texts never repeat (sampled values) cannot grow it with the sweep.
  const parsed = new Map<string, Override>();
  const parse = (text: string): Override => {
    let o = parsed.get(text);
    if (!o) {
      if (parsed.size >= MAX_PARSED) parsed.clear();
      parsed.set(text, (o = parseOverride(text)));
    }
    return o;
  };
  return (input) => {
    const overrides = [...orchOverrides, ...input.jobOverrides.map(parse)];
    const composed = composeConfig(repo, { configName: base.configName, overrides, mode: 'run', jobNum: input.jobNum, resolvers, cwd: base.cwd });
    // Lenient as the run that planned it (a strict job resolves strictly either way).
    const how = { resolvers, incremental, lenient: true, multirun: true, sweepDir: base.sweepDir, outputDir: outputDirOf({ ...input, multirun: true }, base.sweepDir) };
    return resolveJob({ overrides: [...input.jobOverrides], composed }, how);
  };
}

/** The dir of the sweep a multirun command line plans, resolved once (resolve-job.ts sweepDirOf). */
export function sweepDirOfCommandLine(repo: ConfigRepository, input: { configName: string | null; overrides: readonly string[]; now: Date; cwd?: string }): DirValue | undefined {
  const resolvers = createResolverRegistry({ clock: () => input.now });
  const composed = composeConfig(repo, { configName: input.configName, overrides: input.overrides.map(parseOverride), mode: 'multirun', resolvers, cwd: input.cwd });
  return sweepDirOf(composed, resolvers);
}

/**
 * The overrides of a command line that every job of a multirun gets but that are not part of a
 * job's identity (its plan line): `orch.*` and orch's own groups (`+launcher=slurm`).
 */
export function orchOverridesOf(repo: ConfigRepository, overrides: readonly string[]): string[] {
  return overrides.map(parseOverride).filter((o) => isOrchOverride(o) || isOrchOwnedOverride(repo, o)).map((o) => o.input);
}

function warned(options: ComposeJobsOptions, composed: ComposeResult): ComposeResult {
  if (options.onWarning) for (const w of composed.warnings) options.onWarning(w);
  return composed;
}

/** `orch.job.override_dirname` of a composed job. */
export function overrideDirnameOf(composed: ComposeResult): string {
  // Stored escaped so that resolving the orch node keeps it as typed (compose.ts).
  return typedText(String(selectPath(composed.config, ['orch', 'job', 'override_dirname'])));
}

interface Resolution {
  resolvers: ResolverRegistry;
  incremental: IncrementalResolver;
  lenient: boolean | undefined;
  multirun: boolean;
  sweepDir: DirValue | undefined;
  outputDir: (orch: CfgDict) => string;
}

function resolveJob({ overrides, composed }: UnresolvedJob, how: Resolution): ComposedJob {
  const { resolvers, incremental, lenient, outputDir } = how;
  const resolved = resolveJobConfig(composed.config, { resolvers, incremental, lenient, outputDir, unused: unusedOrchPaths(how.multirun ? 'multirun' : 'run'), reference: composed.fromFiles });
  return {
    ...(how.sweepDir ? { sweepDir: how.sweepDir } : {}),
    overrides,
    overrideDirname: overrideDirnameOf(composed),
    config: resolved.config,
    configUnresolved: resolved.configUnresolved,
    orch: resolved.orch,
    dirRoots: resolved.dirRoots,
    ...(resolved.unresolved.length ? { unresolved: resolved.unresolved } : {}),
  };
}

/** A multirun whose sweeper is a search: its resolved `orch.sweeper` node and the job overrides it searches over. */
export interface SearchSweep {
  sweeper: Record<string, unknown>;
  /** The command line's job overrides (not orch's own), which the search space is read from. */
  overrides: Override[];
  /** `orch.sweeper.params`: searched before the command line's overrides. */
  params: CfgDict | undefined;
}

/** The search of a multirun command line, or undefined when its sweeper is not a search (random, tpe). */
export function searchSweepOf(repo: ConfigRepository, options: Pick<ComposeJobsOptions, 'configName' | 'overrides'>): SearchSweep | undefined {
  const parsed = options.overrides.map(parseOverride);
  const resolvers = createResolverRegistry();
  const first = composeConfig(repo, { configName: options.configName, overrides: parsed, mode: 'multirun', resolvers });
  const name = resolvePath(first.config, 'orch.sweeper.name', { resolvers });
  if (name !== 'random' && name !== 'tpe') return undefined;
  const node = resolvePath(first.config, 'orch.sweeper', { resolvers });
  const params = resolvePath(first.config, 'orch.sweeper.params', { resolvers });
  return {
    params: isDict(params) ? params : undefined,
    sweeper: (isDict(node) ? toPlain(node) : {}) as Record<string, unknown>,
    overrides: parsed.filter((o) => !isOrchOverride(o) && !isOrchOwnedOverride(repo, o)),
  };
}
