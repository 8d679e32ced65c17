import type { CfgDict } from '../value/value.js';
import type { DirRoots, DirValue } from '../config/dir-template.js';
import type { UnresolvedValue } from '../config/lazy-resolve.js';

/**
 * A planned job is everything a launcher needs and nothing more: a command line, an environment,
 * a working directory, an output directory. The job has been dispatched when a launcher sees it:
 * its resolved config is on disk (`<outputDir>/.orch/config.json`).
 */
export interface PlannedJob {
  /** 0-based job number within the sweep (0 for a single run). */
  num: number;
  /** Override strings of this job as the sweeper rendered them. */
  overrides: string[];
  overrideDirname: string;
  /** Absolute path of the job's output directory. */
  outputDir: string;
  /** The command to run, argv[0] first. Never passed through a shell. */
  argv: string[];
  /** Extra environment for the job (ORCH_CONFIG, ORCH_OUTPUT_DIR, ORCH_JOB_NUM, ORCH_SWEEP_DIR). */
  env: Record<string, string>;
  /** Working directory: the project root (Hydra's chdir=false). */
  cwd: string;
  /** Hash of its resolved config (the plan line's), recorded in its run record. */
  configHash?: string;
  /** Its directory was made by this dispatch: no earlier attempt or run record to look for. */
  firstAttempt?: boolean;
}

/** What a sweep's plan line is made of, before the job gets its dir (in job order: plan-jobs.ts rowPlacer). */
export interface PlanRow {
  overrides: string[];
  overrideDirname: string;
  /** The job's resolved `orch.sweep.subdir`. */
  subdir: string;
  configHash: string;
}

/** A composed job before it is written to disk. */
export interface ComposedJob {
  overrides: string[];
  overrideDirname: string;
  /** Job config: the composed config without the reserved `orch` node, resolved. */
  config: CfgDict;
  /** Same, interpolations as written. */
  configUnresolved: CfgDict;
  /** The reserved `orch` node of this job, resolved. */
  orch: CfgDict;
  /** What `orch.run.dir` / `orch.sweep.dir` must stay in (dir-template.ts); unset: no limit. */
  dirRoots?: DirRoots;
  /**
   * A sweep job: the sweep's dir, resolved once for the whole sweep (resolve-job.ts sweepDirOf),
   * which its dir is under. Unset: the job's own `orch.sweep.dir` (and `dirRoots.sweep`).
   */
  sweepDir?: DirValue;
  /** Values of `config` kept as written because they cannot be resolved (lazy-resolve.ts). */
  unresolved?: UnresolvedValue[];
}
