import type { SpawnedJob } from './spawner.js';

/** One try of one job, however it runs (its own process, or a reused worker). */
export interface AttemptHandle {
  /** Pid of the process running the job (the worker's for a module job). */
  pid: number | undefined;
  done: Promise<AttemptOutcome>;
  /** Set when the pid is known only later (a job started by the spawner helper): resolves once it is. */
  ready?: Promise<void>;
  /** True when whatever ends the attempt has already killed its leftover processes and removed empty logs. */
  tidied?: boolean;
  /** The spawner helper's handle of the job: another job can be started the moment this one ends well. */
  spawned?: SpawnedJob;
  /** Set once `ready`: it was to start after another job, which did not end well, so it never ran. */
  dropped?: boolean;
  /** Signals the job's whole process group. */
  signal(signal: NodeJS.Signals): void;
}

export interface AttemptOutcome {
  ok: boolean;
  exitCode: number | null;
  signal: string | null;
  /** One line saying why the attempt did not succeed. */
  reason?: string;
  /** Problems that do not fail the attempt (see RunRecord.warnings). */
  warnings?: string[];
}
