import type { ScalarMetrics } from '../store/metric-values.js';
import type { PlannedJob } from '../plan/types.js';
import type { RunStatus } from '../store/types.js';
import type { GitFacts } from '../store/git.js';

/** A job not taken: enough to name it without making its directory. */
export interface SkippedJob { num: number; outputDir: string; overrides: string[] }

/**
 * Jobs handed to a launcher one at a time, as it has room for them: a job is dispatched (its
 * directory and snapshot made) when it is taken, so memory and disk follow what is in flight, not
 * the sweep's size. `next` may be called again before an earlier call settled; jobs come in order.
 */
export interface JobSource {
  /** Jobs in all (taken or not); only an upper bound when `adaptive`. */
  readonly count: number;
  /**
   * Jobs are proposed from the results of earlier ones (a search, contract A): `next()` may stay
   * pending until a running job ends, so a launcher takes a job only when a slot is free.
   */
  readonly adaptive?: boolean;
  /** The next job, dispatched; undefined once there is none left or the source was closed. */
  next(): Promise<PlannedJob | undefined>;
  /**
   * The next job taken but not dispatched, for a launcher whose jobs dispatch themselves where they
   * run from the sweep's plan (Slurm array tasks, by job number): no file is written for it here.
   * Only a source over a plan record has it.
   */
  nextUndispatched?(): Promise<SkippedJob | undefined>;
  /** The launcher takes no more (fail-fast, interrupt): jobs not taken are recorded as not started, with `reason`. */
  close(reason: string): void;
}

/**
 * A launcher runs planned jobs. It is asynchronous so that submit-and-exit works (Slurm
 * `--no-wait`); results are read from the run store, not returned by the launcher. What only some
 * launchers can do is an optional member, so callers ask for a capability, never for a name.
 */
export interface Launcher {
  readonly name: string;
  /**
   * Takes jobs from `jobs` and runs them. Resolves with the handles of jobs handed to an external
   * scheduler (those `poll` can ask about); a launcher that runs jobs itself reports them through
   * `ctx.onJobEvent` and may resolve at once.
   */
  submit(jobs: JobSource, ctx: LaunchContext): Promise<JobHandle[]>;
  /** Current state of each job: status files first, then the scheduler for jobs that died silently. */
  poll(handles: JobHandle[]): Promise<JobState[]>;
  /**
   * The one way to stop (Ctrl-C, SIGTERM, a caller giving up): stop taking jobs and send `signal`
   * to running ones, SIGKILL after a grace period; a second call kills at once.
   */
  stop(signal: NodeJS.Signals): void;
  /**
   * Checks, before anything is written, that this machine can run jobs with these settings (a GPU
   * launcher finds a GPU, Slurm answers and knows the partition); throws a typed error if not.
   * Skipped by `--dry-run`, which may plan for a cluster from a laptop.
   */
  preflight?(ctx: {
    settings: Record<string, unknown>;
    projectRoot: string;
    /** The jobs are commands run without a terminal (a sweep of a command task): a launcher may get ready to start them now. */
    commandSweep?: boolean;
  }): Promise<void>;
  /** Its jobs live on after orch exits (a scheduler keeps them), so `--no-wait` can submit and return. */
  readonly detachable?: boolean;
  /**
   * It takes an adaptive source's jobs one at a time as its slots free, starting each at once
   * (contract A of JobSource.adaptive), so a search sweeper can run on it.
   */
  readonly adaptive?: boolean;
  /** What `--dry-run` prints instead of the job list (e.g. the batch scripts). */
  renderDryRun?(jobs: PlannedJob[], ctx: { sweepDir: string; task: string; projectRoot: string; settings: Record<string, unknown> }): Promise<string>;
  /** Jobs of a sweep the scheduler still holds (queued or running): resume must not submit them again. */
  activeJobs?(sweepDir: string): Promise<Set<number>>;
  /** Brings the sweep's run records up to date with the scheduler (jobs killed without writing a status). */
  refresh?(sweepDir: string, opts?: { finished?: (num: number) => boolean }): Promise<void>;
  /**
   * Stops one running job (the pruner's decision): SIGTERM, SIGKILL after the launcher's grace
   * period. Resolves once it is signalled; its end is reported as any other. A job that ends after
   * its `.orch/prune.json` was written is recorded `pruned`.
   */
  stopJob?(num: number): Promise<void>;
}

export interface LaunchContext {
  /** Absolute sweep directory (for a single run, the job's own directory). */
  sweepDir: string;
  /** `orch.launcher.*` settings, plain JSON. */
  settings: Record<string, unknown>;
  /** Project root (cwd of jobs). */
  projectRoot: string;
  /** Task name. */
  task: string;
  /** Single run: stream the task's output to the terminal too. */
  interactive: boolean;
  /** Called whenever a job changes state, for progress display and the journal. */
  onJobEvent?: (event: JobEvent) => void;
  /**
   * Git facts of the project when the caller already has them (null: not a git checkout), so a
   * launcher that submits many times (one lane per GPU) does not run git each time.
   */
  git?: GitFacts | null;
  /** Absolute path of the provenance file captured for this launch (store/provenance.ts). */
  provenance?: string;
  /** A single run's provenance file, still being written when the job starts: its final record names it. */
  provenanceLater?: Promise<string | undefined>;
  /**
   * The sweep's journal records every job's end and group-commits it (run-sweep.ts): a finished
   * job's run.json then needs no fsync of its own, the journal's batch fsync is the durable fact.
   */
  journaled?: boolean;
  /**
   * False when nothing in this launch can decide to prune a job (no pruner): a job's end then
   * reads no `.orch/prune.json`. Unset: read it (a launcher called without run-sweep.ts).
   */
  prunes?: boolean;
}

export interface JobHandle {
  num: number;
  outputDir: string;
  /** Scheduler id, e.g. `12345_7` for a Slurm array task. */
  externalId?: string;
}

export interface JobState {
  num: number;
  status: RunStatus;
  reason?: string;
}

export interface JobEvent {
  num: number;
  status: RunStatus;
  attempt: number;
  outputDir: string;
  reason?: string;
  /** Facts of an attempt that started (pid) or ended (exit code, duration), for the journal. */
  pid?: number;
  exitCode?: number | null;
  signal?: string | null;
  durationSec?: number;
  /** At the end, the job's metrics as the journal carries them (store/metric-values.ts), and its record's warning count. */
  metrics?: ScalarMetrics;
  warningCount?: number;
}

export type LauncherFactory = (settings: Record<string, unknown>) => Launcher;
