/**
 * `--dry-run`: the same compose-and-validate pass as a run, streamed to stdout one job at a time
 * (a 10,000,000-job grid prints in flat memory), nothing written. A launcher that renders its own
 * view (Slurm's batch scripts) gets the jobs, which it must see whole.
 */
import { baseDirOf, planLiner, plannedJob } from '../plan/plan-jobs.js';
import type { ComposedJob, PlannedJob } from '../plan/types.js';
import type { ResolvedTask } from '../task/resolve-task.js';
import type { Launcher } from '../launchers/types.js';
import { chunkedWriter } from '../cli/chunked-writer.js';
import { searchDryRunLines, type SearchDescription } from './search/describe-search.js';

export interface DryRunInput {
  jobs: Iterable<ComposedJob>;
  task: ResolvedTask;
  taskOf: (job: ComposedJob) => ResolvedTask;
  projectRoot: string;
  multirun: boolean;
  launcherName: string;
  launcher: Launcher;
  settings: Record<string, unknown>;
  taskName: string;
  json: boolean;
  /** Jobs in all (the sweep knows it before the first is composed). */
  count: number;
  /** A search: shown before its trial 0 (the only job known before it runs). */
  search?: SearchDescription;
  out?: NodeJS.WritableStream;
}

export async function printDryRun(input: DryRunInput): Promise<number> {
  const out = chunkedWriter(input.out ?? process.stdout);
  const it = input.jobs[Symbol.iterator]();
  let head = it.next();
  const baseDir = baseDirOf(input.projectRoot, input.multirun, head.done ? undefined : head.value).dir;
  // The plan's own checks (dirs inside the sweep, no clash, sweep-wide settings), nothing written.
  const place = head.done || !input.multirun ? undefined : planLiner(baseDir, head.value);
  function* planned(): Generator<PlannedJob> {
    for (let num = 0; !head.done; head = it.next(), num++) {
      const job = head.value;
      const outputDir = place ? place(job, num).outputDir : baseDir;
      yield plannedJob(input.taskOf(job), baseDir, input.projectRoot, { num, overrides: job.overrides, overrideDirname: job.overrideDirname }, outputDir);
    }
  }
  if (input.json) {
    // Written as it goes, in the shape JSON.stringify(…, null, 2) gives the whole document.
    const search = input.search ? `\n  "search": ${JSON.stringify(input.search, null, 2).replace(/\n/g, '\n  ')},` : '';
    await out.write(`{\n  "dir": ${JSON.stringify(baseDir)},\n  "launcher": ${JSON.stringify(input.launcherName)},${search}\n  "jobs": [`);
    let n = 0;
    for (const job of planned()) await out.write(`${n++ ? ',' : ''}\n    ${JSON.stringify(job, null, 2).replace(/\n/g, '\n    ')}`);
    await out.write(n ? '\n  ]\n}\n' : ']\n}\n');
    await out.end();
    return 0;
  }
  if (input.launcher.renderDryRun) {
    const jobs = [...planned()];
    await out.write(await input.launcher.renderDryRun(jobs, { sweepDir: baseDir, task: input.taskName, projectRoot: input.projectRoot, settings: input.settings }));
    await out.end();
    return 0;
  }
  await out.write(input.search
    ? `${searchDryRunLines(input.search, input.launcherName).join('\n')}\n`
    : `# dry run: ${input.count} job(s), launcher ${input.launcherName}, nothing written\n`);
  for (const j of planned()) await out.write(`${j.num}\t${j.outputDir}\t${j.overrides.join(' ')}\n`);
  await out.end();
  return 0;
}
