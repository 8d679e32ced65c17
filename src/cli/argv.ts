/**
 * The command-line surface of orch, declared with yargs. Each command's handler imports its module
 * lazily; this file only wires arguments to functions.
 */
import { resolve as resolvePath } from 'node:path';
import yargs, { type Argv, type Options } from 'yargs';
import { COMPOSE_FLAGS, CONFIG_DIR_FLAG, type FlagSpec } from './compose-argv.js';
import { COMMANDS } from './command-names.js';
import { ORCH_VERSION } from '../version.js';
import { OrchError } from '../errors.js';


export interface CommonOptions {
  configDir?: string;
  configName?: string;
  debug?: boolean;
}

/** Parses `argv` and runs the selected command; resolves to the process exit code. */
export async function buildCli(argv: string[]): Promise<number> {
  const first = argv.find((a) => !a.startsWith('-'));
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  if (wantsHelp && first !== undefined && !COMMANDS.has(first)) {
    const { taskHelp } = await import('./commands/task-help.js');
    return taskHelp(first, argv);
  }
  let exitCode = 0;
  const setExit = (code: number) => { exitCode = code; };
  const cli = yargs(argv)
    .scriptName('orch')
    .version(ORCH_VERSION)
    .parserConfiguration({ 'parse-positional-numbers': false, 'dot-notation': false, 'boolean-negation': true })
    .option(CONFIG_DIR_FLAG.name, { type: CONFIG_DIR_FLAG.type, describe: CONFIG_DIR_FLAG.describe })
    .option('debug', { type: 'boolean', describe: 'Show stack traces of errors' })
    .command(
      'compose [overrides..]',
      'Print the composed job configs as one JSON document (machine-readable)',
      (y) => COMPOSE_FLAGS.reduce((b: Argv, f) => b.option(f.name, yargsOption(f)), y),
      async (a) => {
        const { composeCommand } = await import('./commands/compose.js');
        setExit(await composeCommand({
          configDir: a.configDir as string | undefined, configName: a.configName as string | undefined, multirun: a.multirun as boolean,
          unresolved: a.unresolved as boolean, overrides: strings(a.overrides),
        }));
      },
    )
    .command(
      'report [sweepDirs..]',
      'Aggregate a sweep into report/ (HTML, Markdown, CSV, JSON)',
      (y) => y
        .option('format', { type: 'string', choices: ['html', 'md', 'pdf', 'latex'], describe: 'md: print the Markdown; pdf: also report.pdf; latex: also latex/tables.tex and figures (headless Chromium)' })
        .option('compare', { type: 'string', array: true, describe: 'Compare two sweeps group by group' }),
      async (a) => {
        const { reportCommand, splitPositionals } = await import('./commands/report.js');
        const { findProjectRoot } = await import('../project-root.js');
        const { sweepDirs, overrides } = splitPositionals(strings(a.sweepDirs));
        // Paths are the user's, typed relative to where they are; the project root may be above.
        const here = (dirs: string[]) => dirs.map((d) => resolvePath(d));
        setExit(await reportCommand({
          sweepDirs: here(sweepDirs), overrides,
          format: a.format as 'html' | 'md' | 'pdf' | 'latex' | undefined,
          compare: a.compare ? (here(strings(a.compare)) as [string, string]) : undefined,
          projectRoot: findProjectRoot(),
        }));
      },
    )
    .command(
      'resume [sweepDir] [overrides..]',
      'Run the jobs of a sweep that did not complete (default: the latest sweep); a search goes on with its study (orch.sweeper.n_trials=N extends it)',
      (y) => y.option('rerun-failed', { type: 'boolean', default: false, describe: 'Only the failed jobs' }),
      async (a) => {
        const { resumeCommand } = await import('./commands/resume.js');
        const { createBuiltinLauncherRegistry } = await import('../launchers/builtin-registry.js');
        // `orch resume orch.sweeper.n_trials=N` names no dir: a word with '=' is an override.
        const words = [a.sweepDir, ...strings(a.overrides)].filter((w): w is string => typeof w === 'string');
        const overrides = words.filter((w) => w.includes('='));
        const sweepDir = words.find((w) => !w.includes('='));
        setExit(await resumeCommand({ sweepDir, rerunFailed: a.rerunFailed, registry: createBuiltinLauncherRegistry(), command: argv, overrides }));
      },
    )
    .command(
      'status [sweepDir]',
      'Show the jobs of a sweep with status, duration, attempt and main metric',
      (y) => y.option('json', { type: 'boolean', default: false }).option('metric', { type: 'string' }),
      async (a) => {
        const { statusCommand } = await import('./commands/status.js');
        setExit(await statusCommand({ sweepDir: a.sweepDir as string | undefined, json: a.json, metric: a.metric }));
      },
    )
    .command(
      'rerun <jobDir>',
      'Run one job again from its snapshot (composes nothing); --exact: with the code it ran with, and compare',
      (y) => y
        .option('exact', { type: 'boolean', default: false, describe: "In a temporary git worktree at the job's commit with its diff and untracked files; compares the metrics (exit 1 if they differ)" })
        .option('keep-worktree', { type: 'boolean', default: false, describe: 'With --exact: leave the worktree in place (for debugging)' }),
      async (a) => {
        const { rerunCommand } = await import('./commands/rerun.js');
        const { createBuiltinLauncherRegistry } = await import('../launchers/builtin-registry.js');
        setExit(await rerunCommand({ jobDir: String(a.jobDir), registry: createBuiltinLauncherRegistry(), command: argv, exact: a.exact, keepWorktree: a.keepWorktree }));
      },
    )
    .command('_run-job <jobDir> [taskFile]', false, (y) => y, async (a) => {
      const { runJobCommand } = await import('./commands/run-job.js');
      setExit(await runJobCommand({ jobDir: String(a.jobDir), taskFile: a.taskFile === undefined ? undefined : String(a.taskFile) }));
    })
    .command('_slurm-dispatch <sweepDir> <num> <taskId>', false, (y) => y.option('pid', { type: 'number' }).option('launcher', { type: 'string' }).option('drop-env', { type: 'string', array: true }).option('provenance', { type: 'string' }), async (a) => {
      const { selfDispatch } = await import('../launchers/slurm/self-dispatch.js');
      process.stdout.write(await selfDispatch({
        sweepDir: String(a.sweepDir), num: Number(a.num), taskId: String(a.taskId), pid: a.pid as number | undefined,
        launcherName: String(a.launcher ?? 'slurm'), dropEnv: (a.dropEnv as string[] | undefined) ?? [],
        provenance: a.provenance === undefined ? undefined : String(a.provenance),
      }));
      setExit(0);
    })
    .command(
      'completion [shell]',
      'Print a shell completion script (bash or zsh)',
      (y) => y.option('complete', { type: 'string', array: true, hidden: true }),
      async (a) => {
        const { completionCommand } = await import('./commands/completion.js');
        setExit(await completionCommand({ shell: a.shell as string | undefined, configDir: a.configDir }));
      },
    )
    // --- the ledger (issue 15): orch runs / orch note ---
    .command(
      'runs',
      'List every run under outputs/ (and other roots): filter, sort, export; --sheet: the tracking sheet',
      (y) => y
        .option('root', { type: 'string', array: true, describe: 'Another directory holding runs (repeatable)' })
        .option('where', { type: 'string', array: true, describe: "Keep rows where KEY OP VALUE holds, OP: = != >= <= > < ~ !~ (repeatable)" })
        .option('since', { type: 'string', describe: 'Runs started on or after this date (YYYY-MM-DD or ISO time)' })
        .option('status', { type: 'string', array: true, describe: 'Only runs with this status (repeatable, or a,b)' })
        .option('sort', { type: 'string', describe: 'Sort by KEY, KEY:desc for descending (default: date:desc)' })
        .option('columns', { type: 'string', describe: 'Columns to show, comma-separated (fields, parameters, metrics)' })
        .option('limit', { type: 'number', describe: `At most N rows (table default ${50}; 0: all)` })
        .option('json', { type: 'boolean', default: false, describe: 'Print JSON (every field of each row)' })
        .option('csv', { type: 'boolean', default: false, describe: 'Print CSV' })
        .option('md', { type: 'boolean', default: false, describe: 'Print a Markdown table' })
        .option('html', { type: 'boolean', default: false, describe: 'With --sheet: print an HTML page' })
        .option('sheet', { type: 'boolean', default: false, describe: 'The tracking sheet: one row per sweep' })
        .option('baseline', { type: 'string', describe: 'With --sheet: compare every sweep with this one' })
        .option('rebuild', { type: 'boolean', default: false, describe: 'Rebuild the ledger index from the run store' })
        .option('refresh', { type: 'boolean', default: false, describe: "Re-check every run's record, not only those that may have changed" }),
      async (a) => {
        const { runsCommand } = await import('./commands/runs.js');
        const format = a.json ? 'json' : a.csv ? 'csv' : a.md ? 'md' : a.html ? 'html' : 'table';
        setExit(await runsCommand({
          projectRoot: process.cwd(), roots: strings(a.root), where: strings(a.where), since: a.since, status: strings(a.status),
          sort: a.sort, columns: a.columns, limit: a.limit, format, sheet: a.sheet, baseline: a.baseline, rebuild: a.rebuild, refresh: a.refresh,
        }));
      },
    )
    .command(
      'note <target> <text>',
      'Add a dated note to a run or a sweep (shown by orch runs and --sheet)',
      (y) => y,
      async (a) => {
        const { noteCommand } = await import('./commands/note.js');
        setExit(await noteCommand({ projectRoot: process.cwd(), target: String(a.target), text: String(a.text) }));
      },
    )
    // --- end ledger ---
    // --- typed configs (issue 8): orch schema / orch types ---
    .command(
      'schema <task>',
      "Write a JSON Schema of the task's job config (or of one group's files) for editors",
      (y) => y
        .option('config-name', { alias: 'c', type: 'string', describe: 'Primary config name (default: the task name)' })
        .option('group', { type: 'string', describe: 'Schema of the files of this config group' })
        .option('out', { alias: 'o', type: 'string', describe: 'Write to this file instead of stdout' })
        .option('dir', { type: 'string', describe: 'Write the job config and every group schema into this folder' }),
      async (a) => {
        const { schemaCommand } = await import('./commands/schema.js');
        setExit(await schemaCommand({ task: String(a.task), configDir: a.configDir, configName: a.configName as string | undefined, group: a.group, out: a.out, dir: a.dir }));
      },
    )
    .command(
      'types <task>',
      'Write a TypeScript declaration of the job config (default runs/<task>.config.d.ts)',
      (y) => y
        .option('config-name', { alias: 'c', type: 'string', describe: 'Primary config name (default: the task name)' })
        .option('out', { alias: 'o', type: 'string', describe: 'The .d.ts file to write' }),
      async (a) => {
        const { typesCommand } = await import('./commands/types.js');
        setExit(await typesCommand({ task: String(a.task), configDir: a.configDir, configName: a.configName as string | undefined, out: a.out }));
      },
    )
    // --- end typed configs ---
    // --- keeping results (issue 15): orch sync / orch archive ---
    .command(
      'sync <direction> [args..]',
      'Copy sweeps (or all of outputs/) to or from an rclone remote: sync push|pull [SWEEP...] [REMOTE]',
      (y) => y
        .positional('direction', { choices: ['push', 'pull'] as const, describe: 'push: project to remote; pull: remote to project' })
        .positional('args', { type: 'string', array: true, describe: 'Sweep directories, then the remote (default: orch.sync.remote of config/orch.yaml)' })
        .option('data', { type: 'boolean', default: false, describe: 'Also copy the project\'s data/ folder' })
        .option('dry-run', { type: 'boolean', default: false, describe: 'List what would be copied and copy nothing' }),
      async (a) => {
        const { syncCommand } = await import('./commands/sync.js');
        setExit(await syncCommand({ direction: a.direction as 'push' | 'pull', args: strings(a.args), data: a.data, dryRun: a.dryRun, configDir: a.configDir }));
      },
    )
    .command(
      'archive <sweep>',
      'Pack a sweep (or run) directory into a .tar.gz file',
      (y) => y
        .option('out', { alias: 'o', type: 'string', demandOption: true, describe: 'The archive to write (FILE.tar.gz)' })
        .option('exclude-logs', { type: 'boolean', default: false, describe: 'Leave out the jobs\' stdout.log and stderr.log' }),
      async (a) => {
        const { archiveCommand } = await import('./commands/sync.js');
        setExit(await archiveCommand({ sweep: String(a.sweep), out: String(a.out), excludeLogs: a.excludeLogs }));
      },
    )
    // --- end keeping results ---
    .command(
      '$0 <task> [overrides..]',
      'Compose config/<task>.yaml with the overrides and run runs/<task>.*',
      (y) => taskOptions(y),
      async (a) => {
        const { taskCommand } = await import('./commands/task.js');
        setExit(await taskCommand({
          task: String(a.task), overrides: strings(a.overrides), argv,
          configDir: a.configDir as string | undefined, configName: a.configName as string | undefined, multirun: a.multirun, cfg: a.cfg as 'job' | 'orch' | 'all' | undefined,
          resolve: a.resolve, info: a.info, dryRun: a.dryRun, wait: a.wait, json: a.json,
        }));
      },
    )
    .strict()
    .help()
    .alias('h', 'help')
    .epilogue('Overrides use Hydra\'s grammar: key=value, +key=value, ++key=value, ~key, group=option, a=1,2 (sweep with -m).')
    .fail((msg, err) => {
      if (err) throw err;
      throw new OrchError({ code: 'CLI_USAGE', message: msg, hint: "Run 'orch --help' for usage." });
    });
  skipHelpCache(cli);
  await cli.parseAsync();
  return exitCode;
}

/**
 * yargs renders a command's whole help text before running it, kept to print if the command fails;
 * orch's failures go through `fail` above and never print it, and the render (cliui, string-width's
 * Intl.Segmenter and Unicode-property regexps) was ~25 ms of every `orch status`, `report`, `resume`.
 * An internal of yargs: when it is missing the help is cached as before.
 */
function skipHelpCache(cli: Argv): void {
  const internals = (cli as unknown as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } }).getInternalMethods?.();
  const usage = internals?.getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => undefined;
}

function taskOptions(y: Argv) {
  return y
    .option('multirun', { alias: 'm', type: 'boolean', default: false, describe: 'Expand sweeps and launch every job' })
    .option('config-name', { alias: 'c', type: 'string', describe: 'Primary config name (default: the task name)' })
    .option('cfg', { type: 'string', choices: ['job', 'orch', 'all'], describe: 'Print the composed config as YAML and exit' })
    .option('resolve', { type: 'boolean', default: false, describe: 'With --cfg: resolve interpolations' })
    .option('info', { type: 'boolean', default: false, describe: 'Show search path, defaults tree and group choices' })
    .option('dry-run', { type: 'boolean', default: false, describe: 'Print the plan (or batch scripts) and run nothing' })
    .option('wait', { type: 'boolean', default: true, describe: '--no-wait: submit (Slurm) and return at once' })
    .option('json', { type: 'boolean', default: false, describe: 'With --dry-run: the plan as JSON' });
}

/** A flag of compose-argv.ts's table as yargs takes it. */
function yargsOption(f: FlagSpec): Options {
  return { type: f.type, describe: f.describe, ...(f.alias ? { alias: f.alias } : {}), ...(f.default !== undefined ? { default: f.default } : {}) };
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)];
}
