/**
 * `orch compose`: the machine-readable entry point. Prints one JSON document
 * `{"jobs": [{overrides, override_dirname, config, config_unresolved}]}` on stdout, key order kept,
 * non-finite floats as `{"$float": ...}`; on any error prints nothing on stdout.
 */
import { composeJobs, composeJobsUnresolved, overrideDirnameOf } from '../../plan/compose-jobs.js';
import { jobConfigOf } from '../../config/compose.js';
import { toJson, type CfgDict, type CfgValue } from '../../config/value.js';
import { openProject } from '../project.js';
import { assertJobsValid } from '../../schema/validate-jobs.js';
import type { ComposedJob } from '../../plan/types.js';
import { warnOnce } from '../warn-once.js';
import { checkOrchSettings } from '../../config/orch-settings.js';

export interface ComposeArgs {
  configDir?: string;
  configName?: string;
  multirun: boolean;
  unresolved: boolean;
  overrides: string[];
}

export async function composeCommand(args: ComposeArgs): Promise<number> {
  const project = openProject({ configDir: args.configDir });
  const options = { configName: args.configName ?? null, overrides: args.overrides, multirun: args.multirun, onWarning: warnOnce() };
  const jobs: CfgDict[] = args.unresolved
    ? composeJobsUnresolved(project.repo, options).map((j) => jobEntry(j.overrides, overrideDirnameOf(j.composed), undefined, jobConfigOf(j.composed.config)))
    : validated(project.repo, composeJobs(project.repo, options)).map((j) => jobEntry(j.overrides, j.overrideDirname, j.config, j.configUnresolved));
  process.stdout.write(toJson(new Map([['jobs', jobs]])) + '\n');
  return 0;
}

/** Typed configs (issue 8) and orch's own settings: violations fail `orch compose` as they fail a launch. */
function validated(repo: Parameters<typeof assertJobsValid>[0], jobs: ComposedJob[]): ComposedJob[] {
  // orch's own settings are one for the whole run: the first job's stand for all.
  if (jobs[0]) checkOrchSettings(jobs[0].orch);
  assertJobsValid(repo, jobs);
  return jobs;
}

function jobEntry(overrides: string[], dirname: string, config: CfgDict | undefined, unresolved: CfgDict): CfgDict {
  const entry = new Map<string, CfgValue>([['overrides', overrides], ['override_dirname', dirname]]);
  if (config) entry.set('config', config);
  entry.set('config_unresolved', unresolved);
  return entry;
}
