/**
 * `orch <task> [OVERRIDES...]`: compose, then either show (`--cfg`, `--info`) or hand over to the
 * run use case (src/run/run-task.ts: plan, launch, summarise; `--dry-run` streams the plan).
 */
import { composeJobsUnresolved } from '../../plan/compose-jobs.js';
import { jobConfigOf } from '../../config/compose.js';
import { resolveJobConfig } from '../../config/resolve-job.js';
import type { CfgDict } from '../../value/value.js';
import { toYaml } from '../../config/to-yaml.js';
import { plannedOutputDir } from '../../plan/job-dirs.js';
import { OrchError } from '../../errors.js';
import { checkPrimaryConfigName } from '../../config/config-name.js';
import { checkTaskName } from '../../task/resolve-task.js';
import { openProject, type Project } from '../project.js';
import { formatInfo } from './task-info.js';
import { warnOnce } from '../../warn.js';

export interface TaskArgs {
  task: string;
  overrides: string[];
  argv: string[];
  configDir?: string;
  configName?: string;
  multirun: boolean;
  cfg?: 'job' | 'orch' | 'all';
  resolve: boolean;
  info: boolean;
  dryRun: boolean;
  wait: boolean;
  json: boolean;
}

export async function taskCommand(args: TaskArgs): Promise<number> {
  const project = openProject({ configDir: args.configDir, requireConfigDir: true });
  checkTaskName(project.root, args.task);
  const configName = primaryConfigName(project, args);
  const onWarning = warnOnce();
  const options = { configName, overrides: args.overrides, multirun: args.multirun, onWarning };
  if (args.json && !args.dryRun) {
    throw new OrchError({ code: 'CLI_USAGE', message: '--json describes a plan without running it: it needs --dry-run', hint: `Add --dry-run (orch ${args.task} --dry-run --json ...), or drop --json; a running sweep is followed with orch status --json.` });
  }

  if (args.cfg || args.info) {
    const [first] = composeJobsUnresolved(project.repo, options);
    if (!first) throw new OrchError({ code: 'EMPTY_SWEEP', message: 'The sweep expands to no job: nothing to show.' });
    if (args.info) {
      process.stdout.write(formatInfo(project, configName, first.composed));
      return 0;
    }
    const whole = args.resolve ? resolvedWhole(first.composed.config, (orch) => plannedOutputDir(project.root, orch, args.multirun)) : first.composed.config;
    const shown = args.cfg === 'job' ? jobConfigOf(whole) : args.cfg === 'orch' ? new Map([['orch', whole.get('orch') ?? new Map()]]) : whole;
    process.stdout.write(toYaml(shown));
    return 0;
  }

  const { runTask } = await import('../../run/run-task.js');
  return runTask({
    project, taskName: args.task, configName, overrides: args.overrides, multirun: args.multirun,
    command: args.argv, dryRun: args.dryRun, json: args.json, wait: args.wait, onWarning,
  });
}

/**
 * `-c NAME`, else `config/<task>.yaml`, as Hydra's `config_name`: a name that does not exist is an
 * error naming the primary configs there are (Hydra's MissingConfigException), never an empty
 * config. A project with no primary config at all has tasks that need none (Hydra's
 * `config_name=None`): they run with what the overrides give.
 */
function primaryConfigName(project: Project, args: TaskArgs): string | null {
  const name = args.configName ?? args.task;
  if (args.configName !== undefined) checkPrimaryConfigName(project.repo, name, `Option '-c ${name}'`);
  if (project.repo.configExists(name)) return name;
  const available = project.repo.groupOptions('');
  if (args.configName !== undefined) {
    throw new OrchError({
      code: 'PRIMARY_CONFIG_NOT_FOUND', message: `Cannot find primary config '${name}' in ${project.configDir}`,
      hint: available.length ? `Available primary configs: ${available.join(', ')}.` : undefined,
    });
  }
  if (available.length === 0) return null;
  throw new OrchError({
    code: 'PRIMARY_CONFIG_NOT_FOUND', message: `Cannot find primary config '${name}' for task '${args.task}' in ${project.configDir}: there is no ${name}.yaml`,
    hint: `Available primary configs: ${available.join(', ')}. Name one with -c (orch ${args.task} -c ${available[0]}), as Hydra's config_name, or add ${name}.yaml.`,
  });
}

function resolvedWhole(config: CfgDict, outputDir: (orch: CfgDict) => string): CfgDict {
  const r = resolveJobConfig(config, { outputDir });
  return new Map([['orch', r.orch], ...r.config]);
}
