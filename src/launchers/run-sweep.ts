import type { PlannedJob } from '../plan/types.js';
import { isTerminal } from '../store/run-record.js';
import type { RunStatus } from '../store/types.js';
import { createProgressDisplay, useColor } from './progress.js';
import { buildSweepSummary, formatFailedJob, formatSummary, type SweepSummary } from './summary.js';
import type { JobEvent, JobHandle, LaunchContext, Launcher } from './types.js';

/** 128 + the signal's number, as a shell reports a command ended by it. */
const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

export interface RunSweepOptions {
  /** Where progress and the summary go (default: process.stderr). */
  out?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Handle SIGINT/SIGTERM/SIGHUP (default true; tests that drive interrupts by hand turn it off). */
  handleSignals?: boolean;
  /** Fallback poll of the launcher for jobs whose end was not announced by an event. */
  pollIntervalMs?: number;
  /** Show progress lines (default: unless the run is interactive, whose output is the task's). */
  progress?: boolean;
}

export interface SweepResult {
  /** 0 all completed, 1 some did not, 130/143/129 interrupted by SIGINT/SIGTERM/SIGHUP. */
  exitCode: number;
  summary: SweepSummary;
  interruptedBy?: NodeJS.Signals;
}

/**
 * Drives one sweep: submits the jobs, shows progress, waits for every job to end, prints the summary.
 * Ctrl-C / SIGTERM stop launching and stop running jobs (grace period, then SIGKILL); a second one
 * kills at once. A hangup (the terminal closed, the ssh session dropped) is a SIGTERM: the jobs
 * are in process groups of their own, which a hangup does not reach, so orch stopping them is the
 * only way they do not run on unwatched; `nohup` cannot change that (Node resets an ignored SIGHUP).
 */
export async function runSweep(jobs: PlannedJob[], launcher: Launcher, ctx: Omit<LaunchContext, 'signal'>, opts: RunSweepOptions = {}): Promise<SweepResult> {
  const out = opts.out ?? process.stderr;
  const tty = Boolean(out.isTTY);
  const showProgress = opts.progress ?? !ctx.interactive;
  const progress = showProgress ? createProgressDisplay({ total: jobs.length, stream: out, tty, color: useColor(tty) }) : undefined;
  const latest = new Map<number, RunStatus>();
  let remaining = jobs.length;
  let allDone: () => void = () => {};
  const finished = new Promise<void>((resolve) => { allDone = resolve; if (remaining === 0) resolve(); });

  const record = (e: JobEvent): void => {
    const before = latest.get(e.num);
    if (before !== undefined && isTerminal(before)) return;
    latest.set(e.num, e.status);
    progress?.onEvent(e);
    ctx.onJobEvent?.(e);
    if (isTerminal(e.status) && --remaining === 0) allDone();
  };

  const abort = new AbortController();
  let handles: JobHandle[] | undefined;
  let interruptedBy: NodeJS.Signals | undefined;
  let detached = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    const first = interruptedBy === undefined;
    interruptedBy ??= signal;
    const message = first
      ? `orch: ${signal} received: stopping, waiting for running jobs to end (press Ctrl-C again to kill them now)`
      : `orch: ${signal} received again: killing running jobs`;
    if (progress) progress.note(message);
    else out.write(`${message}\n`);
    if (first && ctx.settings.cancel_on_interrupt === false) {
      // The scheduler keeps the jobs: stop waiting and say where to follow them.
      detached = true;
      out.write(`orch: jobs keep running (cancel_on_interrupt=false); follow with: orch status ${ctx.sweepDir}\n`);
      allDone();
      return;
    }
    if (launcher.interrupt) launcher.interrupt(signal);
    else if (first) abort.abort(signal);
    else if (handles) void launcher.cancel(handles);
  };
  const onInt = () => onSignal('SIGINT');
  const onTerm = () => onSignal('SIGTERM');
  const onHup = () => onSignal('SIGHUP');
  if (opts.handleSignals !== false) {
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    process.on('SIGHUP', onHup);
  }
  try {
    handles = await launcher.submit(jobs, { ...ctx, onJobEvent: record, signal: abort.signal });
    const configuredPoll = Number(ctx.settings.poll_interval);
    const pollMs = opts.pollIntervalMs ?? (configuredPoll > 0 ? configuredPoll * 1000 : 5000);
    while (remaining > 0 && !detached) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([finished, new Promise((r) => { timer = setTimeout(r, pollMs); })]);
      clearTimeout(timer);
      if (remaining === 0 || detached) break;
      const dirs = new Map(handles.map((h) => [h.num, h.outputDir]));
      for (const s of await launcher.poll(handles)) {
        if (s.status !== latest.get(s.num) && isTerminal(s.status)) {
          record({ num: s.num, status: s.status, attempt: 0, outputDir: dirs.get(s.num) ?? '', reason: s.reason });
        }
      }
    }
  } finally {
    progress?.stop();
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    process.off('SIGHUP', onHup);
  }
  const summary = await buildSweepSummary(jobs, ctx.sweepDir);
  if (ctx.interactive && jobs.length === 1) {
    // A single run: its output was on the terminal already; only a failure needs saying.
    if (summary.problems[0]) out.write(formatFailedJob(summary.problems[0]) + '\n');
  } else if (showProgress || summary.problems.length > 0) {
    out.write(formatSummary(summary));
  }
  const incomplete = summary.counts.completed !== jobs.length;
  const exitCode = interruptedBy ? SIGNAL_EXIT[interruptedBy] ?? 143 : incomplete ? 1 : 0;
  return { exitCode, summary, interruptedBy };
}
