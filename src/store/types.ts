import type { GitFacts } from './git.js';

/**
 * The run store: output directories are the database. Layout of one job directory:
 *
 *   <job dir>/
 *     .orch/config.yaml     resolved job config (what the task sees), YAML
 *     .orch/config.json     same, JSON (ORCH_CONFIG points here; non-finite floats as Python's NaN/Infinity/-Infinity)
 *     .orch/overrides.yaml  the job's override strings
 *     .orch/orch.yaml       the reserved `orch` node, resolved
 *     .orch/run.json        RunRecord, rewritten atomically at every status change
 *     stdout.log, stderr.log  the task's output
 *     metrics.json          the task's result (object of numbers/booleans/strings), optional
 *     history.jsonl         one JSON record per line from ctx.log(), optional
 *     .orch/attempts/<n>/   the four files above and run.json of earlier attempt n (retry, resume, rerun)
 *   (task-written JSON may use NaN, Infinity, -Infinity as Python's json does: see task-json.ts)
 *
 * A sweep directory holds `sweep.json` (SweepPlanFile) and one job directory per job, named by
 * `orch.sweep.subdir` (default: the job number).
 */
/** `pruned`: stopped by the sweep's pruner because its intermediate values fell behind; a result, not a failure. */
export type RunStatus = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled' | 'timeout' | 'pruned';
export const RUN_STATUSES: readonly RunStatus[] = ['pending', 'running', 'completed', 'failed', 'cancelled', 'timeout', 'pruned'];

/** Why and where a pruned job was stopped, and what it had used by then. */
export interface PruneFacts {
  /** The step of the report the pruner judged, and the value reported there. */
  step: number;
  metric: string;
  value: number;
  /** Reports (history lines with a step) read before the decision: the resource it used. */
  steps: number;
}

export interface RunRecord {
  status: RunStatus;
  jobNum: number;
  /**
   * How many times the job really started, so the number of the attempt this record describes:
   * 0 while it never ran, incremented when a retry, resume, rerun or Slurm requeue starts it again
   * (not when it is only queued). Earlier attempts are kept in `.orch/attempts/<n>/`.
   */
  attempt: number;
  overrides: string[];
  task: string;
  /** The job's command line. */
  argv: string[];
  host: string;
  pid?: number;
  exitCode?: number | null;
  signal?: string | null;
  /** Human-readable reason for failed/cancelled/timeout (e.g. Slurm's reason, a thrown message). */
  reason?: string;
  /**
   * Problems with what the job left behind (an unreadable metrics.json, a list among the metrics)
   * that do not make it fail: a job that exited 0 is `completed` whatever its metrics look like.
   */
  warnings?: string[];
  startedAt?: string;
  endedAt?: string;
  durationSec?: number;
  orchVersion: string;
  nodeVersion: string;
  /** The code that ran (hashes only; the diff and untracked files are in the provenance file). */
  git?: GitFacts;
  /** The sweep's provenance file this job ran with (code, environment, versions), relative to the job dir. */
  provenance?: string;
  /** Hash of the resolved job config (the plan's configHash): with git.codeState, what the job computed. */
  configHash?: string;
  /**
   * Set when `orch.sweeper.skip_completed` found a completed run with the same task, config and
   * code state: this job did not run; its metrics are a copy of that run's (the job dir it names).
   */
  reusedFrom?: string;
  /** Launcher-specific handle (e.g. Slurm job id). */
  launcher?: { name: string; jobId?: string };
  /** Device given to the job (e.g. "cuda:0" or "cpu"). */
  device?: string;
  /** Working directory of the job (the project root), so `orch rerun` needs nothing but the job dir. */
  cwd?: string;
  /** Pid of the orch process that ran the job: a `running` job whose orch is gone was interrupted. */
  orchPid?: number;
  /** Set with status `pruned`: the report that decided it (from `.orch/prune.json`). */
  pruned?: PruneFacts;
}

/** `sweep.json` as the store reads and writes it: the plan file, plus where the jobs run. */
export interface SweepFile extends SweepPlanFile {
  /** Project root (cwd of every job), so `orch resume` works from any directory. */
  projectRoot?: string;
}

export const ORCH_META_DIR = '.orch';
export const RUN_FILE = 'run.json';
export const SWEEP_FILE = 'sweep.json';
export const METRICS_FILE = 'metrics.json';
export const HISTORY_FILE = 'history.jsonl';
/** `<job dir>/.orch/prune.json`: written (PruneFacts) before a job is stopped by the pruner. */
export const PRUNE_FILE = 'prune.json';
export const STDOUT_FILE = 'stdout.log';
export const STDERR_FILE = 'stderr.log';

/** `<sweep dir>/sweep.json`: the whole plan, written before any job starts. */
export interface SweepPlanFile {
  version: 1;
  task: string;
  /** Command line of orch that created the sweep (argv after `orch`). */
  command: string[];
  createdAt: string;
  sweepDir: string;
  /** The launcher's name and settings (`orch.launcher`). */
  launcher: Record<string, unknown>;
  jobs: Array<{ num: number; overrides: string[]; overrideDirname: string; dir: string; argv: string[] }>;
}

/** A value of the job config kept as written, and why (OmegaConf's exception name and orch's message). */
export interface UnresolvedValue {
  /** Key path as missing.ts writes it: `model.layers[2].width`. */
  key: string;
  /** Segments of the key path (list indices as numbers), for readers that walk the config. */
  path: (string | number)[];
  written: string;
  /** OmegaConf's exception class a Python application would get on reading the value. */
  error: 'MissingMandatoryValue' | 'InterpolationKeyError' | 'InterpolationToMissingValueError' | 'UnsupportedInterpolationType' | 'InterpolationResolutionError';
  message: string;
}
