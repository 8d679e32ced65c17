/**
 * `orch <task> [OVERRIDES...]`: compose, then either show (`--cfg`, `--info`, `--dry-run`) or run:
 * write the plan to disk (nothing is written when composition fails) and hand the jobs to the
 * launcher named by `orch.launcher.name`.
 */
import { composeJobsUnresolved, iterateJobs } from '../../plan/compose-jobs.js';
import { checkJobsAsTheyCome } from '../../plan/job-stream.js';
import type { ComposedJob } from '../../plan/types.js';
import { jobConfigOf } from '../../config/compose.js';
import { resolveJobConfig } from '../../config/resolve-job.js';
import { toYaml } from '../../config/to-yaml.js';
import { isDict, toPlain, type CfgDict } from '../../config/value.js';
import { OrchError } from '../../errors.js';
import { checkPrimaryConfigName } from '../../config/config-name.js';
import { planJobs, writePlan } from '../../plan/materialize.js';
import { checkTaskName, taskResolver } from '../../task/resolve-task.js';
import { openProject, type Project } from '../project.js';
import { formatInfo } from './task-info.js';
import { findMissingKeys, MissingMandatoryValueError } from '../../config/missing.js';
import { validateJobs } from '../../schema/validate-jobs.js';
import { SchemaValidationError } from '../../schema/errors.js';
import type { Violation } from '../../schema/types.js';
import { checkOrchSettings } from '../../config/orch-settings.js';
import { warnOnce } from '../warn-once.js';

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
  const options = { configName, overrides: args.overrides, multirun: args.multirun, onWarning: warnOnce() };
  if (args.json && !args.dryRun) {
    throw new OrchError('CLI_USAGE', '--json describes a plan without running it: it needs --dry-run', { hint: `Add --dry-run (orch ${args.task} --dry-run --json ...), or drop --json; a running sweep is followed with orch status --json.` });
  }

  if (args.cfg || args.info) {
    const [first] = composeJobsUnresolved(project.repo, options);
    if (!first) throw new OrchError('EMPTY_SWEEP', 'The sweep expands to no job: nothing to show.');
    if (args.info) {
      process.stdout.write(formatInfo(project, configName, first.composed));
      return 0;
    }
    const whole = args.resolve ? resolvedWhole(first.composed.config) : first.composed.config;
    const shown = args.cfg === 'job' ? jobConfigOf(whole) : args.cfg === 'orch' ? new Map([['orch', whole.get('orch') ?? new Map()]]) : whole;
    process.stdout.write(toYaml(shown));
    return 0;
  }

  // Jobs are composed, checked and written one at a time (a 100,000-job sweep never holds every
  // config); a failing check stops writePlan, which removes what it wrote: nothing is left behind.
  const violations: Violation[] = [];
  // Schema checks go in batches: jobs of a batch share their schema lookups.
  const unvalidated: ComposedJob[] = [];
  const validate = () => void violations.push(...validateJobs(project.repo, unvalidated.splice(0)));
  const { first, jobs } = checkJobsAsTheyCome(iterateJobs(project.repo, options), (job, num) => {
    const missing = findMissingKeys(job.config);
    if (missing.length) throw new MissingMandatoryValueError(missing, args.multirun ? `in job ${num} (${job.overrides.join(' ') || 'no overrides'})` : 'in the job config');
    if (unvalidated.push(job) >= 500) validate();
  }, (count) => {
    validate();
    // Typed configs (issue 8): every violation of every job, before anything is launched.
    if (violations.length) throw new SchemaValidationError(violations, count);
  });
  if (!first) {
    process.stderr.write('orch: the sweep expands to no job; nothing to run.\n');
    return 0;
  }
  // Launcher and sweep dir are one for the sweep: the plan checks every job has job 0's.
  const orch = first.orch;
  const taskOf = taskResolver(project.root, args.task);
  // The first job's task now: a missing task file is reported before any dir is made.
  taskOf(plainAt(orch, 'task', 'command'));
  const launcherNode = orch.get('launcher');
  const launcher = isDict(launcherNode) ? (toPlain(launcherNode) as Record<string, unknown>) : { name: 'local' };
  const { launcherSettings } = await import('../../launchers/registry.js');
  const { name: launcherName, settings } = launcherSettings(launcher);
  // orch's own settings are checked like any config, before anything is written (--dry-run too).
  checkOrchSettings(orch);
  const { createBuiltinLauncherRegistry } = await import('../../launchers/builtin-registry.js');
  const registry = createBuiltinLauncherRegistry();
  registry.checkSettings(launcherName, settings);
  const input = { projectRoot: project.root, task: (job: ComposedJob) => taskOf(plainAt(job.orch, 'task', 'command')), multirun: args.multirun, jobs };

  if (args.dryRun) return printDryRun(planJobs(input), launcherName, launcher, args);
  if (!args.wait && !SUBMIT_AND_GO.has(launcherName)) {
    // A local pool's jobs are orch's own children: they cannot outlive it.
    throw new OrchError('NO_WAIT_UNSUPPORTED', `--no-wait needs a scheduler that keeps the jobs; the '${launcherName}' launcher runs them inside orch`, {
      hint: `Use +launcher=slurm (or slurmgpu), or drop --no-wait.`,
    });
  }

  const launcherImpl = registry.createLauncher(launcherName, settings);
  const plan = await writePlan(input, { taskName: args.task, command: args.argv, launcher: isDict(launcherNode) ? launcherNode : undefined });
  if (plan.multirun) process.stderr.write(`orch: sweep of ${plan.jobs.length} job(s) in ${plan.baseDir}\n`);
  const ctx = { sweepDir: plan.baseDir, settings: launcher, projectRoot: project.root, task: args.task, interactive: !plan.multirun };
  const { withRunLock } = await import('../../store/lock.js');
  // The dir is new, but `orch resume` of it may start any moment after the plan is on disk.
  return withRunLock(plan.baseDir, args.argv, async () => {
    if (!args.wait) {
      // Submit-and-go: the jobs record their own status; `orch status` and `orch report` read it later.
      const handles = await launcherImpl.submit(plan.jobs, ctx);
      const ids = [...new Set(handles.map((h) => h.externalId?.split('_')[0]).filter(Boolean))];
      process.stdout.write(`${plan.baseDir}\n`);
      process.stderr.write(`orch: submitted ${handles.length} job(s)${ids.length ? ` (${launcherName} job ids: ${ids.join(', ')})` : ''}; follow with: orch status ${plan.baseDir}\n`);
      return 0;
    }
    const { runSweep } = await import('../../launchers/run-sweep.js');
    const result = await runSweep(plan.jobs, launcherImpl, ctx);
    return result.exitCode;
  });
}

/** Launchers whose jobs live on after orch exits, so `--no-wait` can submit and return. */
const SUBMIT_AND_GO = new Set(['slurm', 'slurmgpu']);

/** `config/<task>.yaml` when it exists; an explicit `-c` must exist; otherwise no primary config. */
function primaryConfigName(project: Project, args: TaskArgs): string | null {
  const name = args.configName ?? args.task;
  if (args.configName !== undefined) checkPrimaryConfigName(project.repo, name, `Option '-c ${name}'`);
  if (project.repo.configExists(name)) return name;
  if (args.configName !== undefined) {
    const available = project.repo.groupOptions('');
    throw new OrchError('PRIMARY_CONFIG_NOT_FOUND', `Cannot find primary config '${name}' in ${project.configDir}`, {
      hint: available.length ? `Available primary configs: ${available.join(', ')}.` : undefined,
    });
  }
  return null;
}

function resolvedWhole(config: CfgDict): CfgDict {
  const r = resolveJobConfig(config);
  return new Map([['orch', r.orch], ...r.config]);
}

function plainAt(node: CfgDict, ...path: string[]): unknown {
  let v: unknown = node;
  for (const k of path) v = v instanceof Map ? v.get(k) : undefined;
  return v === undefined ? undefined : toPlain(v as CfgDict);
}

async function printDryRun(plan: ReturnType<typeof planJobs>, launcherName: string, settings: Record<string, unknown>, args: TaskArgs): Promise<number> {
  if (args.json) {
    process.stdout.write(JSON.stringify({ dir: plan.baseDir, launcher: launcherName, jobs: plan.jobs }, null, 2) + '\n');
    return 0;
  }
  if (launcherName === 'slurm' || launcherName === 'slurmgpu') {
    const { renderScripts } = await import('../../launchers/slurm/render.js');
    const scripts = renderScripts(plan.jobs, settings, { sweepDir: plan.baseDir, task: args.task, projectRoot: plan.jobs[0]?.cwd });
    scripts.forEach((s, i) => process.stdout.write(`# ---- batch script ${i + 1}/${scripts.length} ----\n${s.script}\n`));
    return 0;
  }
  process.stdout.write(`# dry run: ${plan.jobs.length} job(s), launcher ${launcherName}, nothing written\n`);
  for (const j of plan.jobs) process.stdout.write(`${j.num}\t${j.outputDir}\t${j.overrides.join(' ')}\n`);
  return 0;
}
