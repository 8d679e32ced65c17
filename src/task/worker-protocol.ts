import type { ModuleJobRequest, ModuleJobResult } from './run-module-job.js';

/** Parent -> worker: run this job (the worker takes `env` as its environment for the job). */
export interface RunJobMessage {
  type: 'run';
  req: ModuleJobRequest;
  env: Record<string, string>;
}

/** Worker -> parent: the job ended; the worker is ready for the next one unless `exiting`. */
export interface JobDoneMessage {
  type: 'done';
  jobNum: number;
  result: ModuleJobResult;
  exiting?: boolean;
}
