/**
 * The one list of orch's error codes: each with the exit status the CLI gives it and a line saying
 * what it means. `ErrorCode` is the type every OrchError's code has, so a code not listed here does
 * not compile. The README's tables of exit statuses and error codes are generated from this file
 * (`node scripts/error-codes.mjs`) and test/unit/error-codes.test.ts checks they agree.
 */

/** Every exit status orch itself gives, with what it tells the caller (the README's table). */
export const EXIT_STATUSES = {
  ok: { status: 0, meaning: 'success: every job completed (or nothing to do)' },
  failed: { status: 1, meaning: 'the command ran but a job failed (a sweep with failed jobs, a task that raised), or a transfer (rclone, tar) failed' },
  usage: { status: 2, meaning: 'bad input: an override, a config, a setting, a missing file; the message names it and nothing was run or overwritten' },
  internal: { status: 70, meaning: 'an internal error of orch (a bug: please report it with the command line)' },
  sighup: { status: 129, meaning: 'stopped by SIGHUP (the terminal closed), as Ctrl-C' },
  sigint: { status: 130, meaning: 'interrupted by Ctrl-C (SIGINT); running jobs were stopped and marked `cancelled`' },
  sigterm: { status: 143, meaning: 'stopped by SIGTERM, as Ctrl-C' },
} as const;

export type ExitStatusName = keyof typeof EXIT_STATUSES;

/** The exit status called `name` in EXIT_STATUSES. */
export function exitStatus(name: ExitStatusName): number {
  return EXIT_STATUSES[name].status;
}

/** Bad input (exit 2) unless said otherwise: a transfer that may work when run again exits 1. */
interface CodeInfo { readonly exit?: 'failed'; readonly meaning: string }

const CODES = {
  // Command line and project
  CLI_USAGE: { meaning: 'the command line does not follow the usage of the command' },
  COMPLETION_SHELL: { meaning: 'orch completion was asked for a shell it has no script for' },
  CONFIG_DIR_NOT_FOUND: { meaning: 'the project has no config directory' },
  PRIMARY_CONFIG_NOT_FOUND: { meaning: 'the task has no primary config file' },
  EMPTY_SWEEP: { meaning: 'the sweep expands to no job, so there is nothing to show' },
  NO_WAIT_UNSUPPORTED: { meaning: '--no-wait with a launcher that runs the jobs inside orch' },
  OUT_OF_FILE_DESCRIPTORS: { meaning: 'orch ran out of open files (ulimit -n or the system limit)' },
  IO_ERROR: { meaning: 'a file operation failed for a reason outside orch (full disk, permissions, a name too long)' },
  // Config files and composition
  YAML_SYNTAX: { meaning: 'a config file is not valid YAML, TOML or JSON (file:line:column)' },
  CONFIG_LOAD: { meaning: 'a config file parses but is not a usable config (bad header, defaults list, key)' },
  CONFIG_COMPOSITION: { meaning: 'the defaults list, a merge or an override cannot be applied' },
  CONFIG_MERGE_TYPE: { meaning: 'a merge puts a value of one type over a value of another' },
  CONFIG_KEY_NOT_IN_STRUCT: { meaning: 'a merge adds a key a typed (struct) node does not have' },
  CONFIG_OVERRIDE_MISSING_KEY: { meaning: 'an override sets a key that is not in the config (add it with +key=...)' },
  CONFIG_BAD_NAME: { meaning: 'a config or group option is named by a path instead of a name' },
  MISSING_CONFIG: { meaning: 'a config or group option is not in the search path' },
  MISSING_MANDATORY_VALUE: { meaning: 'a value the job needs is still ??? (mandatory and not set)' },
  KEY_NOT_FOUND: { meaning: 'a key asked for is not in the config' },
  // Interpolations
  INTERPOLATION_SYNTAX: { meaning: 'a ${...} interpolation is not well formed' },
  INTERPOLATION_KEY: { meaning: 'an interpolation points at a key that does not exist' },
  INTERPOLATION_CYCLE: { meaning: 'interpolations depend on each other in a loop' },
  INTERPOLATION_TO_MISSING: { meaning: 'an interpolation points at a mandatory value (???) that is not set' },
  INTERPOLATION_RESOLUTION: { meaning: 'resolving an interpolation failed (a resolver threw, a bad type)' },
  UNKNOWN_RESOLVER: { meaning: '${name:...} names no registered resolver' },
  RESOLVER_REGISTRATION: { meaning: 'a resolver is registered under a taken or invalid name' },
  // Overrides and sweeps
  OVERRIDE_PARSE: { meaning: 'an override does not follow the override grammar (or its function call fails)' },
  SWEEP_IN_SINGLE_RUN: { meaning: 'a sweep override in a single run (add -m / --multirun)' },
  SWEEP_UNSUPPORTED: { meaning: 'a sweep the chosen sweeper cannot expand (interval() with the basic sweeper)' },
  SWEEP_RESERVED: { meaning: 'a sweep over an orch.* setting' },
  SWEEP_PARAMS: { meaning: 'a bad orch.sweeper.params entry' },
  SWEEP_SETTING_DIFFERS: { meaning: 'a setting that holds for the whole sweep differs between its jobs' },
  SWEEP_SEARCH_NOT_RUNNABLE: { meaning: 'a search sweeper where a fixed list of jobs is needed' },
  SWEEP_ZIP_LENGTH: { meaning: 'the members of a zip() dimension have different lengths' },
  SWEEP_ZIP_CONFLICT: { meaning: 'a key set by a zip() dimension and by another override' },
  // orch.* settings and schemas
  ORCH_SETTING_UNKNOWN: { meaning: 'an orch.* setting orch (or the selected launcher) does not know' },
  ORCH_SETTING_TYPE: { meaning: 'an orch.* setting with a value orch cannot use' },
  SCHEMA_INVALID: { meaning: 'a schema file that cannot be used' },
  SCHEMA_VIOLATION: { meaning: 'composed job configs break their schemas' },
  SCHEMA_UNKNOWN_GROUP: { meaning: 'orch schema names a config group the task does not have' },
  // Tasks
  TASK_NOT_FOUND: { meaning: 'the task has no file under runs/ and no orch.task.command' },
  TASK_BAD_NAME: { meaning: 'the task name is not a plain name' },
  TASK_BAD_COMMAND: { meaning: 'orch.task.command cannot be run as given' },
  TASK_IMPORT_FAILED: { meaning: 'the task file cannot be imported' },
  TASK_NO_DEFAULT_EXPORT: { meaning: 'the task file has no default export to run' },
  // Planning and output directories
  OUTPUT_DIR_ESCAPE: { meaning: 'a job output dir lies outside the sweep dir' },
  OUTPUT_DIR_CLASH: { meaning: 'two jobs of a sweep would write to one output dir' },
  OUTPUT_DIR_UNUSABLE: { meaning: 'the output directory cannot be created' },
  PLAN_NO_TASK: { meaning: 'the plan does not say how its jobs run (planned by another orch)' },
  PLAN_NO_CONFIG_TREE: { meaning: 'the plan has no frozen config tree to compose its jobs from' },
  PLAN_JOB_CHANGED: { meaning: 'a planned job composes to a different config than was planned' },
  PLAN_COMPOSED_TWICE_DIFFERENTLY: { meaning: 'a planning worker and orch composed one job differently (a config file changed while the sweep was planned)' },
  // Launchers
  LAUNCHER_UNKNOWN: { meaning: 'orch.launcher.name names no launcher' },
  LAUNCHER_BAD_SETTING: { meaning: 'a setting of the local launcher with a value it cannot use' },
  LAUNCH_OUTPUT_UNWRITABLE: { meaning: 'the output directories of the jobs cannot be written; nothing was started' },
  GPU_BAD_SETTING: { meaning: 'a setting of the gpu launcher with a value it cannot use' },
  GPU_NONE: { meaning: 'the gpu launcher finds no GPU on this machine' },
  SLURM_SETTING: { meaning: 'a setting of the slurm launcher with a value it cannot use' },
  SLURM_NOT_INSTALLED: { meaning: 'the Slurm commands (sbatch, sinfo, ...) are not on PATH' },
  SLURM_UNREACHABLE: { meaning: 'Slurm does not answer (the controller is down or unreachable)' },
  SLURM_REJECTED: { meaning: 'sbatch refused the job' },
  SLURM_UNKNOWN_PARTITION: { meaning: 'orch.launcher.partition names no partition of this cluster' },
  SLURM_COMMAND_FAILED: { meaning: 'a Slurm command (scancel, squeue, sacct, ...) failed' },
  SLURM_NO_SWEEP: { meaning: 'the directory holds no sweep submitted to Slurm' },
  SLURM_TEMPLATE: { meaning: 'orch.launcher.template cannot be read or used' },
  SLURM_STILL_RUNNING: { meaning: 'a cancelled Slurm task of an earlier run has not left the queue yet' },
  // Searches
  SEARCH_SPACE: { meaning: 'a search parameter no sampler can take' },
  SEARCH_OPTIONS: { meaning: 'a bad setting of a search sweeper' },
  SEARCH_TRIAL: { meaning: 'a result told for a trial that was never proposed or was told already' },
  SEARCH_PLAN: { meaning: 'the plan of a search and its journal disagree' },
  SEARCH_LAUNCHER: { meaning: 'a search on a launcher that cannot run one' },
  SEARCH_NO_WAIT: { meaning: '--no-wait with a search, whose trials orch must stay to propose' },
  RESUME_BAD_OVERRIDE: { meaning: 'orch resume was given an override it cannot apply to the sweep' },
  // The run store (sweep dirs, job dirs, records)
  STORE_NO_SWEEP: { meaning: 'no sweep was found where one was looked for' },
  STORE_NOT_A_SWEEP: { meaning: 'the directory is not a sweep dir' },
  STORE_NOT_A_JOB: { meaning: 'the directory is not a job dir' },
  STORE_NO_SUCH_JOB: { meaning: 'the sweep has no job of that number' },
  STORE_BAD_SWEEP: { meaning: 'the sweep file is not what orch wrote' },
  STORE_LEGACY_SWEEP: { meaning: 'a sweep planned by an earlier orch that this command cannot use' },
  STORE_NO_PLAN: { meaning: 'the sweep dir has no plan' },
  STORE_BAD_PLAN: { meaning: 'the plan file is not what orch wrote' },
  STORE_PLAN_INCOMPLETE: { meaning: 'the plan was not written to the end' },
  STORE_PLAN_EXISTS: { meaning: 'a plan is written where one exists already' },
  STORE_PLAN_NOT_APPENDABLE: { meaning: 'jobs are appended to a plan that does not take them' },
  STORE_BAD_JOURNAL: { meaning: 'the journal is not what orch wrote' },
  STORE_NO_RUN_RECORD: { meaning: 'the job dir has no run record (.orch/run.json)' },
  STORE_BAD_RUN_RECORD: { meaning: 'the run record is not what orch wrote' },
  STORE_RUN_RECORD_UNREADABLE: { meaning: 'the run record cannot be read' },
  STORE_NO_SNAPSHOT: { meaning: 'the job dir has no config snapshot' },
  STORE_NO_CONFIG_DIR: { meaning: 'the sweep has no frozen config tree' },
  STORE_CONFIG_TREE_CHANGED: { meaning: 'the frozen config tree differs from what was frozen' },
  STORE_NO_PROVENANCE: { meaning: 'the provenance file a run points at is missing' },
  STORE_BAD_PROVENANCE: { meaning: 'the provenance file is not what orch wrote' },
  STORE_BAD_JSON: { meaning: 'a JSON file a task wrote (metrics, result) is not valid JSON' },
  STORE_LOCK_FAILED: { meaning: 'the sweep lock cannot be taken' },
  STORE_SWEEP_LOCKED: { meaning: 'another orch holds the sweep' },
  STORE_SWEEP_RUNNING: { meaning: 'the sweep is still running' },
  STORE_JOB_RUNNING: { meaning: 'the job is still running' },
  RUN_JOB_NO_TASK: { meaning: 'orch _run-job has no task file to run' },
  // Reruns
  RERUN_NO_CODE_STATE: { meaning: 'the job recorded no code state to rebuild' },
  RERUN_NOT_A_CHECKOUT: { meaning: 'the project is not a git checkout' },
  RERUN_COMMIT_MISSING: { meaning: 'the commit the job ran at is not in the repository' },
  RERUN_DIFF_TRUNCATED: { meaning: 'the job\'s diff was cut when recorded' },
  RERUN_DIFF_DOES_NOT_APPLY: { meaning: 'the job\'s diff does not apply to its commit' },
  RERUN_BAD_UNTRACKED_PATH: { meaning: 'a recorded untracked file has a path outside the project' },
  RERUN_WORKTREE_FAILED: { meaning: 'git could not make the worktree of the job\'s commit' },
  // Reports
  REPORT_NO_SWEEP: { meaning: 'orch report finds no sweep' },
  REPORT_NOT_A_SWEEP: { meaning: 'orch report was given a directory that is not a sweep' },
  REPORT_BAD_SWEEP_FILE: { meaning: 'a sweep file the report reads is not what orch wrote' },
  REPORT_UNKNOWN_METRIC: { meaning: 'a report setting names a metric no job reported' },
  REPORT_BAD_CONFIG: { meaning: 'a bad report.* setting' },
  REPORT_BAD_OVERRIDE: { meaning: 'a report override that is not key=value' },
  REPORT_BAD_SELECTOR: { meaning: 'a bad job selector in a report setting' },
  REPORT_BAD_COMPARE: { meaning: '--compare without two sweep directories' },
  REPORT_DIR_OUTSIDE: { meaning: 'the report dir lies outside where reports go' },
  REPORT_NO_CHROMIUM: { meaning: '--format pdf needs a Chromium that is not installed' },
  REPORT_PDF_FAILED: { meaning: 'Chromium could not print the report to PDF' },
  // The ledger
  LEDGER_BAD_WHERE: { meaning: 'a bad --where filter' },
  LEDGER_BAD_DATE: { meaning: 'a date orch runs cannot read' },
  LEDGER_BAD_STATUS: { meaning: 'a status that is not a run status' },
  LEDGER_BAD_COLUMN: { meaning: 'a column the ledger does not have' },
  LEDGER_BAD_LIMIT: { meaning: 'a bad --limit' },
  LEDGER_BAD_ROOT: { meaning: 'a ledger root that cannot be used' },
  LEDGER_BAD_TARGET: { meaning: 'a sweep or run name that is not in the ledger' },
  LEDGER_BAD_NOTE: { meaning: 'a note that cannot be added' },
  LEDGER_BAD_CONFIG: { meaning: 'a bad ledger setting in config/orch.yaml' },
  // Sync and archive
  SYNC_BAD_CONFIG: { meaning: 'a bad sync setting in config/orch.yaml' },
  SYNC_NOT_FOUND: { meaning: 'the path to sync does not exist' },
  SYNC_NOT_A_SWEEP: { meaning: 'the path to sync is not a sweep or job dir' },
  SYNC_NO_REMOTE: { meaning: 'no remote is configured to sync to' },
  SYNC_OUTSIDE_PROJECT: { meaning: 'the path to sync lies outside the project' },
  SYNC_UNKNOWN_REMOTE: { meaning: 'rclone does not know the remote' },
  SYNC_RCLONE_MISSING: { meaning: 'rclone is not installed' },
  SYNC_RCLONE_FAILED: { exit: 'failed', meaning: 'rclone ran and failed (network, remote full, permissions)' },
  ARCHIVE_BAD_NAME: { meaning: 'the archive name is not a plain file name' },
  ARCHIVE_EXISTS: { meaning: 'the archive exists already' },
  ARCHIVE_INSIDE_SWEEP: { meaning: 'the archive would be written inside the sweep it packs' },
  ARCHIVE_NOT_FOUND: { meaning: 'the directory to archive does not exist' },
  ARCHIVE_TAR_MISSING: { meaning: 'tar is not installed' },
  ARCHIVE_FAILED: { exit: 'failed', meaning: 'tar ran and failed' },
  // The example ML tasks (runs/lib/errors.ts)
  ML_DATA_FILE: { meaning: 'example tasks: a data file is missing, truncated or of the wrong format' },
  ML_TASK_CONFIG: { meaning: 'example tasks: the job config names something unknown or a value out of range' },
  ML_DIVERGED: { meaning: 'example tasks: training diverged (the loss became NaN or infinite)' },
  ML_PREDICT_INPUT: { meaning: 'example tasks: predict was pointed at something it cannot use' },
} as const satisfies Record<string, CodeInfo>;

export type ErrorCode = keyof typeof CODES;

export const ERROR_CODES: Readonly<Record<ErrorCode, CodeInfo>> = CODES;

/** The exit status of an error with this code (bad input for a code the types did not see, from plain JS). */
export function exitStatusOfCode(code: ErrorCode): number {
  return exitStatus((ERROR_CODES as Partial<Record<string, CodeInfo>>)[code]?.exit ?? 'usage');
}

/** The README's exit-status table (between its `exit-statuses` markers), generated from EXIT_STATUSES. */
export function exitStatusesMarkdown(): string {
  const rows = Object.values(EXIT_STATUSES).map((e) => `| ${e.status} | ${e.meaning} |`);
  return ['| code | meaning |', '| --- | --- |', ...rows].join('\n');
}

/** The README's table of error codes (between its `error-codes` markers), generated from ERROR_CODES. */
export function errorCodesMarkdown(): string {
  const rows = (Object.entries(ERROR_CODES) as [ErrorCode, CodeInfo][])
    .map(([code, info]) => `| \`${code}\` | ${exitStatusOfCode(code)} | ${info.meaning.replace(/\|/g, '\\|')} |`);
  return ['| error code | exit | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

/** `text` with the lines between `<!-- NAME:begin -->` and `<!-- NAME:end -->` replaced by `body`. */
export function replaceMarkedBlock(text: string, name: string, body: string): string {
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`no ${begin} ... ${end} block`);
  return `${text.slice(0, from + begin.length)}\n${body}\n${text.slice(to)}`;
}
