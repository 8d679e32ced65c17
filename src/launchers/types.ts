import type { PlannedJob } from '../plan/types.js';
import type { RunStatus } from '../store/types.js';

/**
 * A launcher runs planned jobs. It is asynchronous in three verbs so that submit-and-exit works
 * (Slurm `--no-wait`); results are read from the run store, not returned by the launcher.
 */
export interface Launcher {
  readonly name: string;
  submit(jobs: PlannedJob[], ctx: LaunchContext): Promise<JobHandle[]>;
  /** Current state of each job: status files first, then the scheduler for jobs that died silently. */
  poll(handles: JobHandle[]): Promise<JobState[]>;
  cancel(handles: JobHandle[]): Promise<void>;
  /**
   * Optional: Ctrl-C / SIGTERM of orch. Stop launching and forward `signal` to running jobs, then
   * SIGKILL after a grace period; a second call kills at once. Without it, runSweep aborts
   * `ctx.signal` and then calls `cancel`.
   */
  interrupt?(signal: NodeJS.Signals): void;
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
  /** Called whenever a job changes state, for progress display. */
  onJobEvent?: (event: JobEvent) => void;
  signal?: AbortSignal;
  /**
   * Git facts of the project when the caller already has them (null: not a git checkout), so a
   * launcher that submits many times (one lane per GPU) does not run git each time.
   */
  git?: { commit: string; dirty: boolean; diff?: string } | null;
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
}

export type LauncherFactory = (settings: Record<string, unknown>) => Launcher;
