/**
 * `orch compose`: the machine-readable entry point. Prints one JSON document
 * `{"jobs": [{overrides, override_dirname, config, config_unresolved}]}` on stdout, key order kept,
 * non-finite floats as `{"$float": ...}`; on any error prints nothing on stdout. A sweep of any
 * size is streamed in flat memory: checking passes compose and validate every job (so an error of
 * the last job still prints nothing), then they are composed again and written as they come.
 */
import { iterateJobs, iterateJobsUnresolved, overrideDirnameOf } from '../../plan/compose-jobs.js';
import { jobConfigOf } from '../../config/compose.js';
import { toJson, type CfgDict, type CfgValue } from '../../value/value.js';
import { openProject } from '../project.js';
import { validatedJobs } from '../../run/validate-jobs.js';
import { chunkedWriter } from '../chunked-writer.js';
import { warnOnce } from '../../warn.js';
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
  // One clock for both passes, so `${now:...}` prints what was checked.
  const options = { configName: args.configName ?? null, overrides: args.overrides, multirun: args.multirun, now: new Date(), onWarning: warnOnce(), projectRoot: project.root };
  const entries = (): Iterable<CfgDict> => args.unresolved
    ? map(iterateJobsUnresolved(project.repo, options), (j) => jobEntry(j.overrides, overrideDirnameOf(j.composed), undefined, jobConfigOf(j.composed.config)))
    // Typed configs (issue 8): schema violations fail `orch compose` as they fail a launch.
    : map(validatedJobs(project.repo, iterateJobs(project.repo, options), args.multirun, { mandatory: false }).jobs, (j) => jobEntry(j.overrides, j.overrideDirname, j.config, j.configUnresolved));
  // Checking: every job composed first (a composition error anywhere wins over a resolution error), then resolved.
  for (const _ of iterateJobsUnresolved(project.repo, options)) { /* composed */ }
  if (!args.unresolved) {
    let first = true;
    for (const job of validatedJobs(project.repo, iterateJobs(project.repo, options), args.multirun, { mandatory: false }).jobs) {
      // orch's own settings are one for the whole run: the first job's stand for all.
      if (first) checkOrchSettings(job.orch);
      first = false;
    }
  }
  const out = chunkedWriter(process.stdout);
  let n = 0;
  await out.write('{"jobs":[');
  for (const entry of entries()) await out.write((n++ ? ',' : '') + toJson(entry));
  await out.write(']}\n');
  await out.end();
  return 0;
}

function* map<T, U>(items: Iterable<T>, fn: (item: T) => U): Generator<U> {
  for (const item of items) yield fn(item);
}

function jobEntry(overrides: string[], dirname: string, config: CfgDict | undefined, unresolved: CfgDict): CfgDict {
  const entry = new Map<string, CfgValue>([['overrides', overrides], ['override_dirname', dirname]]);
  if (config) entry.set('config', config);
  entry.set('config_unresolved', unresolved);
  return entry;
}
