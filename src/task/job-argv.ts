import { delimiter } from 'node:path';
import { PYTHON_HELPER_DIR } from '../orch-root.js';
import { ORCH_MAIN_JS } from '../store/orch-info.js';
import type { ResolvedTask } from './resolve-task.js';

export const RUN_JOB_COMMAND = '_run-job';

/**
 * The command line a planned job carries. A command task runs as itself; a module task runs through
 * `orch _run-job <jobDir> <taskFile>`, so that any launcher (Slurm included) can run any job from its
 * argv alone. The local launcher recognises this shape and runs the job in a reused worker instead.
 */
export function jobArgv(task: ResolvedTask, jobDir: string): string[] {
  if (task.kind === 'command') return [...task.argv];
  return [process.execPath, ORCH_MAIN_JS, RUN_JOB_COMMAND, jobDir, task.file];
}

/** The job dir and task file of a module job's argv, or undefined for a command job. */
export function parseModuleJobArgv(argv: readonly string[]): { jobDir: string; taskFile: string } | undefined {
  if (argv.length !== 5 || argv[2] !== RUN_JOB_COMMAND || !/main\.[cm]?[jt]s$/.test(argv[1]!)) return undefined;
  return { jobDir: argv[3]!, taskFile: argv[4]! };
}

/** The environment every job gets, whatever its language. */
export function jobEnv(job: { outputDir: string; num: number; sweepDir: string; configPath: string }): Record<string, string> {
  return {
    ORCH_CONFIG: job.configPath,
    ORCH_OUTPUT_DIR: job.outputDir,
    ORCH_JOB_NUM: String(job.num),
    ORCH_SWEEP_DIR: job.sweepDir,
    PYTHONPATH: withPythonHelper(process.env.PYTHONPATH),
  };
}

/**
 * `orch_task` first, then the user's own PYTHONPATH unchanged: their packages stay importable. An
 * empty entry would put the working directory on the path, so none is added; a path that already
 * starts with the helper (orch run from inside a job) is left as it is.
 */
export function withPythonHelper(existing: string | undefined): string {
  if (!existing) return PYTHON_HELPER_DIR;
  if (existing.split(delimiter)[0] === PYTHON_HELPER_DIR) return existing;
  return PYTHON_HELPER_DIR + delimiter + existing;
}
