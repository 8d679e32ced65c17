import { join } from 'node:path';
import { decodeJsonObjectLine } from './json-line.js';

/**
 * The plan record of a sweep: what is written up front, O(1) per job. Inside `<sweep>/.orch/`:
 *
 *   plan.json   PlanHeader, replaced atomically; `complete: true` only once every job is durable
 *   jobs.jsonl  one PlanJob per line, line i is job i
 *   jobs.idx    PLAN_INDEX_MAGIC, then one little-endian u64 byte offset into jobs.jsonl per job
 *
 * The version is bumped whenever a reader of the previous version would misread a file.
 */
export const PLAN_FORMAT = 'orch-plan';
export const PLAN_VERSION = 1;
/** Version 1 plus jobs appended after the plan was written complete (a search's trials): see STREAM-FORMAT.md. */
export const PLAN_VERSION_APPENDABLE = 2;
export const PLAN_HEADER_FILE = 'plan.json';
export const PLAN_JOBS_FILE = 'jobs.jsonl';
export const PLAN_INDEX_FILE = 'jobs.idx';
export const PLAN_INDEX_MAGIC = Buffer.from('ORCHIDX1', 'latin1');
export const PLAN_INDEX_ENTRY = 8;

export interface PlanHeader {
  format: typeof PLAN_FORMAT;
  version: typeof PLAN_VERSION | typeof PLAN_VERSION_APPENDABLE;
  /** False while jobs are still being appended, or forever when the writer crashed. */
  complete: boolean;
  task: string;
  /**
   * How a job runs, so argv is rebuilt at dispatch (`jobArgv`) instead of stored per job: a command
   * task's argv is the same for every job, a module task's is a function of its file and job dir.
   */
  taskSpec?: { kind: 'command'; argv: string[] } | { kind: 'module'; file: string };
  /** Command line of orch that created the sweep (argv after `orch`). */
  command: string[];
  createdAt: string;
  sweepDir: string;
  projectRoot?: string;
  /** The launcher's name and settings (`orch.launcher`). */
  launcher: { name: string; [setting: string]: unknown };
  /** Jobs the sweeper said it would yield (a grid knows; a search does not). */
  expectedJobs?: number;
  /** Set when complete: the readers' cross-checks of the files against a crash or a truncation. */
  jobCount?: number;
  jobsBytes?: number;
  /** The frozen config tree, relative to the sweep dir, and its hash (see frozen-config.ts). */
  configTree?: { dir: string; hash: string };
  /**
   * How a job is composed again at dispatch: the primary config, the command line's `orch.*`
   * overrides and the directory orch was started from (`${orch:runtime.cwd}`; absent in older plans).
   */
  compose?: { configName: string | null; orchOverrides: string[]; cwd?: string };
  /**
   * Version 2: a search sweeper's plan. Jobs (trials) are appended one at a time after the plan was
   * written complete, each append durable and followed by a new header (jobCount, jobsBytes).
   */
  appendable?: true;
  /** The study: its settings (opaque to the store) and the overrides its search space is read from. */
  search?: PlanSearch;
}

export interface PlanSearch {
  settings: Record<string, unknown>;
  space: string[];
}

export type PlanHeaderInput = Omit<PlanHeader, 'format' | 'version' | 'complete' | 'jobCount' | 'jobsBytes' | 'appendable'>;

export interface PlanJob {
  num: number;
  /** Override strings as the sweeper rendered them. */
  overrides: string[];
  overrideDirname: string;
  /** The job's directory relative to the sweep dir (created at dispatch, not when planned). */
  dir: string;
  /** Hash of the job's resolved config (see hashText), to tell a recomposed job from the planned one. */
  configHash: string;
}

export const planPaths = (sweepDir: string) => {
  const meta = join(sweepDir, '.orch');
  return { meta, header: join(meta, PLAN_HEADER_FILE), jobs: join(meta, PLAN_JOBS_FILE), index: join(meta, PLAN_INDEX_FILE) };
};

/** Keys in a fixed order, so a line is a pure function of the job (and diffs of two plans are clean). */
export function encodePlanJob(job: PlanJob): string {
  return JSON.stringify({ num: job.num, overrides: job.overrides, overrideDirname: job.overrideDirname, dir: job.dir, configHash: job.configHash }) + '\n';
}

/** The job of line `expectedNum + 1`, or a problem naming what is wrong with it. */
export function decodePlanJob(text: string, expectedNum: number): PlanJob | string {
  const j = decodeJsonObjectLine(text);
  if (typeof j === 'string') return j;
  if (j.num !== expectedNum) return `"num" is ${JSON.stringify(j.num)}, expected ${expectedNum} (line n holds job n-1)`;
  if (!Array.isArray(j.overrides) || !j.overrides.every((o) => typeof o === 'string')) return '"overrides" is not a list of strings';
  if (typeof j.overrideDirname !== 'string') return '"overrideDirname" is not a string';
  if (typeof j.dir !== 'string' || j.dir === '' || j.dir.startsWith('/') || j.dir.split('/').includes('..')) {
    return `"dir" is ${JSON.stringify(j.dir)}, expected a path inside the sweep dir`;
  }
  if (typeof j.configHash !== 'string') return '"configHash" is not a string';
  return j as unknown as PlanJob;
}

/** Problems of a parsed plan.json, empty when a reader may use it. */
export function validatePlanHeader(v: unknown): string[] {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return ['not a JSON object'];
  const h = v as Record<string, unknown>;
  if (h.format !== PLAN_FORMAT) return [`"format" is ${JSON.stringify(h.format)}, expected "${PLAN_FORMAT}"`];
  if (h.version !== PLAN_VERSION && h.version !== PLAN_VERSION_APPENDABLE) {
    return [`"version" is ${JSON.stringify(h.version)}; this orch reads versions ${PLAN_VERSION} and ${PLAN_VERSION_APPENDABLE}`];
  }
  const problems: string[] = [];
  if (h.version === PLAN_VERSION_APPENDABLE) {
    const search = h.search as { settings?: unknown; space?: unknown } | undefined;
    if (h.appendable !== true) problems.push('a version 2 plan lacks "appendable": true');
    if (!search || typeof search.settings !== 'object' || !Array.isArray(search.space)) problems.push('a version 2 plan lacks "search": {settings, space}');
  } else if (h.appendable !== undefined || h.search !== undefined) {
    problems.push('"appendable"/"search" in a version 1 plan');
  }
  if (typeof h.complete !== 'boolean') problems.push('"complete" is not true/false');
  if (typeof h.task !== 'string') problems.push('"task" is not a string');
  if (!Array.isArray(h.command)) problems.push('"command" is not a list');
  const spec = h.taskSpec as { kind?: unknown; argv?: unknown; file?: unknown } | undefined;
  if (spec !== undefined && !(spec?.kind === 'command' && Array.isArray(spec.argv)) && !(spec?.kind === 'module' && typeof spec.file === 'string')) {
    problems.push('"taskSpec" is neither {kind: "command", argv} nor {kind: "module", file}');
  }
  const compose = h.compose as { configName?: unknown; orchOverrides?: unknown; cwd?: unknown } | undefined;
  if (compose !== undefined && (!compose || !(compose.configName === null || typeof compose.configName === 'string') || !Array.isArray(compose.orchOverrides)
    || !(compose.cwd === undefined || typeof compose.cwd === 'string'))) {
    problems.push('"compose" is not {configName, orchOverrides, cwd?}');
  }
  if (!h.launcher || typeof (h.launcher as { name?: unknown }).name !== 'string') problems.push('"launcher.name" is not a string');
  if (h.complete === true && (!Number.isInteger(h.jobCount) || !Number.isInteger(h.jobsBytes))) problems.push('a complete plan lacks "jobCount"/"jobsBytes"');
  return problems;
}
