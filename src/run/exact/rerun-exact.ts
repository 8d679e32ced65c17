/**
 * `orch rerun JOB_DIR --exact`: the job run again with the code it ran with, not today's. Its
 * commit is checked out in a temporary git worktree with its diff applied and its untracked files
 * restored (worktree.ts); the job runs there from a copy of its snapshot into
 * `<job>/.orch/exact/<time>/` (the job's own files and record stay as they are), and its new
 * metrics are compared with the old, key by key. Exit 0 when every metric is identical.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { flattenMetrics } from '../../ledger/read-run.js';
import type { MetricValue } from '../../ledger/types.js';
import type { LauncherRegistry } from '../../launchers/registry.js';
import { feedOf } from '../../launchers/job-source.js';
import { runSweep, type RunSweepOptions } from '../../launchers/run-sweep.js';
import type { PlannedJob } from '../../plan/types.js';
import type { GitState } from '../../store/git.js';
import { readProvenance } from '../../store/provenance.js';
import { CONFIG_JSON, CONFIG_UNRESOLVED_YAML, CONFIG_YAML, configJsonPath, ORCH_YAML, OVERRIDES_YAML } from '../../store/snapshot.js';
import { METRICS_FILE, ORCH_META_DIR, type RunRecord } from '../../store/types.js';
import { parseMetricsText } from '../../task/metrics.js';
import { jobEnv } from '../../task/job-argv.js';
import { launchProvenance } from '../launch-provenance.js';
import { allEqual, compareMetrics, formatComparison } from './compare-metrics.js';
import { createWorktree } from './worktree.js';
import { OrchError } from '../../errors.js';

export const EXACT_DIR = 'exact';

export interface ExactRerunOptions {
  jobDir: string;
  registry: LauncherRegistry;
  /** Leave the worktree in place (its path is printed), to look at what ran. */
  keepWorktree?: boolean;
  out?: RunSweepOptions['out'];
  stdout?: NodeJS.WritableStream;
  handleSignals?: boolean;
  interactive?: boolean;
}

/** The code state a record names: its provenance file's, or (records of an earlier orch) its inline diff. */
async function recordedState(jobDir: string, rec: RunRecord): Promise<GitState> {
  if (!rec.git) {
    throw new OrchError({
      code: 'RERUN_NO_CODE_STATE', message: `${jobDir}: the job's record has no git commit: it was not run from a git checkout`,
      hint: 'Only a job run inside a git repository can be rerun with --exact; orch rerun without --exact runs the current code.',
    });
  }
  const prov = await readProvenance(jobDir, rec.provenance);
  if (prov?.git) return prov.git;
  const diff = rec.git.diff ?? '';
  return { commit: rec.git.commit, dirty: rec.git.dirty, diff, diffTruncated: diff.includes('[diff truncated by orch]'), untracked: [] };
}

async function readMetrics(dir: string): Promise<Record<string, MetricValue> | undefined> {
  const text = await readFile(join(dir, METRICS_FILE), 'utf8').catch(() => undefined);
  const parsed = text === undefined ? undefined : parseMetricsText(text).metrics;
  return parsed && flattenMetrics(parsed);
}

/** Paths into the old job dir or project, as the same paths into the new dir and the worktree. */
function moved(from: Array<[string, string]>): (arg: string) => string {
  return (arg) => {
    for (const [a, b] of from) if (arg === a || arg.startsWith(`${a}/`)) return b + arg.slice(a.length);
    return arg;
  };
}

async function copySnapshot(jobDir: string, dest: string): Promise<void> {
  await mkdir(join(dest, ORCH_META_DIR), { recursive: true });
  for (const f of [CONFIG_YAML, CONFIG_JSON, CONFIG_UNRESOLVED_YAML, OVERRIDES_YAML, ORCH_YAML]) {
    await copyFile(join(jobDir, ORCH_META_DIR, f), join(dest, ORCH_META_DIR, f)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT' || f === CONFIG_JSON) throw err;
    });
  }
}

export async function rerunExact(jobDir: string, rec: RunRecord, opts: ExactRerunOptions): Promise<number> {
  const out = opts.out ?? process.stderr;
  const stdout = opts.stdout ?? process.stdout;
  const state = await recordedState(jobDir, rec);
  const projectRoot = rec.cwd ?? process.cwd();
  const wt = await createWorktree(projectRoot, state);
  try {
    const dest = join(jobDir, ORCH_META_DIR, EXACT_DIR, new Date().toISOString().replace(/[:.]/g, '-'));
    await copySnapshot(jobDir, dest);
    const move = moved([[jobDir, dest], [projectRoot, wt.projectRoot]]);
    const job: PlannedJob = {
      num: rec.jobNum, overrides: rec.overrides, overrideDirname: rec.overrides.join(','), outputDir: dest, argv: rec.argv.map(move),
      cwd: wt.projectRoot, env: jobEnv({ outputDir: dest, num: rec.jobNum, sweepDir: dest, configPath: configJsonPath(dest) }), firstAttempt: true,
    };
    out.write(`orch: rerunning ${jobDir} at ${state.commit.slice(0, 12)}${state.dirty ? ' with its diff' : ''}` +
      `${state.untracked.length ? ` and ${state.untracked.length - wt.missing.length} untracked file(s)` : ''} in ${wt.top}; output in ${dest}\n`);
    if (wt.missing.length) out.write(`orch: warning: untracked file(s) recorded without contents (size limit), not restored: ${wt.missing.join(', ')}\n`);
    const facts = await launchProvenance(wt.projectRoot, dest, job.argv, out);
    const launcher = opts.registry.createLauncher('local', { n_jobs: 1 });
    const result = await runSweep(feedOf([job]), launcher, { sweepDir: dest, settings: { n_jobs: 1 }, projectRoot: wt.projectRoot, task: rec.task, interactive: opts.interactive ?? true, ...facts }, {
      out, handleSignals: opts.handleSignals,
    });
    const rows = compareMetrics((await readMetrics(jobDir)) ?? {}, (await readMetrics(dest)) ?? {});
    const sameCode = facts.git?.codeState !== undefined && facts.git.codeState === rec.git?.codeState;
    const same = result.exitCode === 0 && allEqual(rows);
    await writeFile(join(dest, 'comparison.json'), JSON.stringify({ original: jobDir, exitCode: result.exitCode, sameCodeState: sameCode, identical: same, metrics: rows }, null, 2) + '\n');
    stdout.write(rows.length ? formatComparison(rows) : 'No metrics to compare: neither run wrote metrics.json.\n');
    if (rec.git?.codeState) out.write(`orch: code state ${sameCode ? 'identical to' : 'differs from'} the original run's (${rec.git.codeState})\n`);
    out.write(result.exitCode !== 0 ? `orch: the rerun did not complete (exit ${result.exitCode})\n`
      : same ? `orch: reproduced: all ${rows.length} metric(s) identical\n` : `orch: not reproduced: ${rows.filter((r) => r.verdict !== 'equal').length} of ${rows.length} metric(s) differ\n`);
    return same ? 0 : 1;
  } finally {
    if (opts.keepWorktree) out.write(`orch: worktree kept at ${wt.top} (remove it with: git worktree remove --force ${wt.top})\n`);
    else await wt.remove();
  }
}
