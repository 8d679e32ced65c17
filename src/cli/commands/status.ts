/**
 * `orch status [SWEEP_DIR] [--json] [--metric NAME]`: one row per job with its status, duration,
 * attempt and main metric (--metric, else the rule `orch report` uses: src/report/main-metric.ts), read from the run store (for a
 * Slurm sweep, after asking Slurm about jobs that died without writing their status). A search
 * also shows its study: trials by state, the best value and its trial's overrides.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pyFloatRepr } from '../../value/value.js';
import { sweepDirOrLatest } from '../../store/latest-sweep.js';
import { findProjectRoot } from '../../project-root.js';
import { mainMetricOf } from '../../report/main-metric.js';
import { plainAt } from '../../report/metrics.js';
import { stringifyTaskJson } from '../../store/task-json.js';
import { parseMetricsText } from '../../task/metrics.js';
import { openSweepView, sweepCounts, type SweepEntry } from '../../store/sweep-view.js';
import { PHASES, type JournalCounts } from '../../store/journal-counts.js';
import { journalLateFinishesIfIdle, type LateFinish } from '../../run/late-finishes.js';
import { FINISHED_STATUSES, type FinishedStatus } from '../../store/journal-format.js';
import { IO_CONCURRENCY } from '../../concurrency.js';
import { METRICS_FILE, type RunStatus } from '../../store/types.js';
import { useColor } from '../../launchers/progress.js';
import { launcherSettings, type LauncherRegistry } from '../../launchers/registry.js';
import type { Launcher } from '../../launchers/types.js';
import { jobStateOf } from '../../run/job-states.js';
import { isLockHeld } from '../../store/lock.js';
import { warn } from '../../warn.js';
import { readStudySummary, type StudySummary } from '../../store/study-summary.js';

/** Phase codes from here on are finished ones (see PHASES). */
const FIRST_FINISHED = PHASES.indexOf('completed');

export interface StatusRow {
  num: number;
  dir: string;
  overrides: string[];
  /** `running` with a dead orch shows as `interrupted`: resume will run it again. */
  status: RunStatus | 'interrupted';
  attempt: number;
  durationSec?: number;
  metric?: number | string | boolean;
  reason?: string;
  /** The run record's warnings (e.g. an unreadable metrics.json): the job still counts as it ended. */
  warnings?: string[];
}

export interface StatusReport {
  sweepDir: string;
  task: string;
  metric?: string;
  counts: Record<string, number>;
  jobs: StatusRow[];
  /** Only for a search sweep (random, tpe). */
  study?: StudySummary;
}


export async function collectStatus(sweepDirArg: string | undefined, opts: { metric?: string; outputsRoots?: string[]; projectRoot?: string; registry?: LauncherRegistry } = {}): Promise<StatusReport> {
  const sweepDir = await sweepDirOrLatest(sweepDirArg, opts.outputsRoots, 'status');
  const view = await openSweepView(sweepDir);
  try {
    // Only a sweep handed to a scheduler can have news from it; its launcher is made only then.
    const launcher = existsSync(join(sweepDir, 'slurm.json')) ? await recordedLauncher(view.launcher, opts.registry) : undefined;
    const name = launcher?.name;
    const counts = await sweepCounts(view, { finished: true });
    // Read once, and only when a started job has no record to say whether its orch lives.
    let held: boolean | undefined;
    const runnerAlive = (): boolean => (held ??= isLockHeld(sweepDir));
    if (launcher?.refresh) {
      // Jobs that the scheduler killed (scancel, time limit, OOM) wrote no status: ask it, it records
      // them. Jobs the journal says finished are not asked about again.
      const finished = (num: number): boolean => counts !== undefined && num < counts.phases.length && counts.phases[num]! >= FIRST_FINISHED;
      await launcher.refresh(sweepDir, { finished }).catch((err: Error) => warn(`could not ask ${name} about this sweep: ${err.message}`));
    }
    const late: LateFinish[] = [];
    let metricName = opts.metric;
    const jobs: Array<StatusRow & { metrics?: Record<string, unknown> }> = [];
    const pending: Array<Promise<void>> = [];
    for await (const j of view.jobs()) {
      const told = journalledRow(j, counts);
      if (told) {
        jobs[j.num] = told;
        continue;
      }
      const row = (async () => {
        const state = await jobStateOf(j, counts, true, runnerAlive);
        if (state.unjournaled && state.record) late.push({ num: j.num, dir: j.dir, rec: state.record });
        const metrics = state.status === 'pending' || state.started === false ? undefined : await readMetrics(j.dir);
        const rec = state.record;
        jobs[j.num] = { num: j.num, dir: j.dir, overrides: j.overrides, status: state.status, attempt: state.attempt, durationSec: state.durationSec, reason: rec?.reason, warnings: rec?.warnings, metrics };
      })();
      pending.push(row);
      if (pending.length >= IO_CONCURRENCY) await Promise.all(pending.splice(0));
    }
    await Promise.all(pending);
    // Ended where no orch watched (Slurm after --no-wait) or lost to a kill: told to the journal once.
    await journalLateFinishesIfIdle(sweepDir, late, ['status', sweepDir]);
    const rows = jobs.filter((r) => r !== undefined);
    // `jobs` is indexed by job number already: no Map of 100,000 entries for a study most sweeps are not.
    const study = view.plan ? await readStudySummary(sweepDir, view.plan.header, (num) => jobs[num]?.overrides) : undefined;
    // A study's objective is the metric worth a column.
    metricName ??= study?.metric;
    metricName ??= await mainMetricOf(opts.projectRoot ?? findProjectRoot(), rows);
    const tally: Record<string, number> = {};
    for (const row of rows) {
      const m = row.metrics;
      delete row.metrics;
      const v = metricName && m ? plainAt(m, metricName) : undefined;
      if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') row.metric = v;
      tally[row.status] = (tally[row.status] ?? 0) + 1;
    }
    return { sweepDir, task: view.task, metric: metricName, counts: tally, jobs: rows, ...(study ? { study } : {}) };
  } finally {
    await view.close();
  }
}

/**
 * The row of a job whose `finished` event carries what status shows (metrics, no warnings to
 * list), or of one that never started: no file of the job is read. Undefined: read its files.
 */
function journalledRow(j: SweepEntry, counts: JournalCounts | undefined): (StatusRow & { metrics?: Record<string, unknown> }) | undefined {
  if (!counts || j.num >= counts.phases.length) return undefined;
  const phase = PHASES[counts.phases[j.num]!]!;
  const ev = counts.finished?.[j.num];
  if (!ev || !FINISHED_STATUSES.includes(phase as FinishedStatus)) return undefined;
  const status = phase as FinishedStatus;
  const started = counts.attempts[j.num]! > 0 || ev.attempt !== undefined && ev.attempt > 0;
  // Every writer of a finished event with facts puts the record's duration in it too, when it has one.
  if (started && (ev.metrics === undefined || ev.warnings !== 0)) return undefined;
  const d = counts.durations[j.num]!;
  return {
    num: j.num, dir: j.dir, overrides: j.overrides, status, attempt: ev.attempt ?? counts.attempts[j.num]!,
    durationSec: Number.isNaN(d) ? undefined : Math.round(d * 100) / 100, reason: ev.reason, metrics: ev.metrics,
  };
}

async function recordedLauncher(node: Record<string, unknown>, given: LauncherRegistry | undefined): Promise<Launcher | undefined> {
  const { name, settings } = launcherSettings(node);
  const registry = given ?? (await import('../../launchers/builtin-registry.js')).createBuiltinLauncherRegistry();
  try {
    return registry.createLauncher(name, { ...settings, name });
  } catch {
    return undefined; // settings this orch no longer accepts: status still reads what is on disk
  }
}

/** Its problems are the run record's warnings, written when the job ended: here a bad file is just no metric. */
async function readMetrics(dir: string): Promise<Record<string, unknown> | undefined> {
  const text = await readFile(join(dir, METRICS_FILE), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : parseMetricsText(text).metrics;
}

/** Python's spelling of a diverged value (`nan`, `inf`), as the task printed it. */
function formatMetric(v: StatusRow['metric']): string {
  if (v === undefined) return '-';
  if (typeof v !== 'number') return String(v);
  return Number.isFinite(v) ? String(Number(v.toPrecision(6))) : pyFloatRepr(v);
}

export function formatStatus(report: StatusReport, color = false): string {
  const paint: Record<string, string> = { completed: '32', failed: '31', timeout: '33', cancelled: '35', interrupted: '35', running: '36', pruned: '34' };
  const header = ['job', 'status', 'attempt', 'duration', report.metric ?? 'metric', 'overrides'];
  const rows = report.jobs.map((r) => [
    String(r.num), r.status, String(r.attempt), r.durationSec === undefined ? '-' : `${r.durationSec.toFixed(1)}s`,
    formatMetric(r.metric),
    r.overrides.join(' '),
  ]);
  // A loop, not Math.max(...column): a spread of a column of 130,000 or more jobs threw RangeError.
  const widths = header.map((h) => h.length);
  for (const r of rows) for (let i = 0; i < widths.length; i++) if (r[i]!.length > widths[i]!) widths[i] = r[i]!.length;
  const line = (cells: string[], statusCell?: string) => cells.map((c, i) => {
    const padded = i === cells.length - 1 ? c : c.padEnd(widths[i]!);
    return i === 1 && color && statusCell && paint[statusCell] ? `\x1b[${paint[statusCell]}m${padded}\x1b[0m` : padded;
  }).join('  ').trimEnd();
  const counts = Object.entries(report.counts).map(([s, n]) => `${n} ${s}`).join(', ');
  const warned = report.jobs.filter((r) => r.warnings?.length);
  const warnings = warned.length ? ['', `Warnings (${warned.length} jobs):`, ...warned.flatMap((r) => r.warnings!.map((w) => `  job ${r.num}: ${w}`))] : [];
  const study = report.study ? ['', ...formatStudy(report.study)] : [];
  return [`Sweep ${report.sweepDir} (task ${report.task}): ${counts}`, line(header), ...rows.map((r) => line(r, r[1])), ...study, ...warnings].join('\n') + '\n';
}

function formatStudy(s: StudySummary): string[] {
  const t = s.trials;
  const of = s.nTrials === undefined ? '' : ` of ${s.nTrials}`;
  const what = [s.sweeper, s.metric ? `${s.direction} ${s.metric}` : s.direction].filter(Boolean).join(', ');
  const head = `Study (${what}): ${t.total} trials${of}: ${t.completed} completed, ${t.pruned} pruned, ${t.failed} failed, ${t.running} running${t.cancelled ? `, ${t.cancelled} cancelled (resume runs them again)` : ''}`;
  if (!s.best) return [head, 'Best: none yet (no trial has completed)'];
  const settings = s.best.overrides.length ? s.best.overrides : Object.entries(s.best.params).map(([k, v]) => `${k}=${v}`);
  return [head, `Best: trial ${s.best.trial}, ${s.metric ?? 'value'}=${formatMetric(s.best.value)}: ${settings.join(' ')}`];
}

export async function statusCommand(opts: { sweepDir?: string; json?: boolean; metric?: string; outputsRoots?: string[]; out?: NodeJS.WritableStream & { isTTY?: boolean } }): Promise<number> {
  const report = await collectStatus(opts.sweepDir, opts);
  const out = opts.out ?? process.stdout;
  // A diverged metric stays NaN/Infinity in --json too, written as Python's json.dump writes it.
  out.write(opts.json ? stringifyTaskJson(report, 2) + '\n' : formatStatus(report, useColor(Boolean(out.isTTY))));
  return 0;
}
