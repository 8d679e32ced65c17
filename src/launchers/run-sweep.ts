import type { PlannedJob } from '../plan/types.js';
import { hasPlan } from '../store/plan-record-reader.js';
import { journalPath, type FinishedStatus } from '../store/journal-format.js';
import { openJournalWriter, type JournalWriter } from '../store/journal-writer.js';
import { isTerminal } from '../store/run-record.js';
import { createJobTally } from './job-tally.js';
import { DispatchFailure, sourceOf, withReuse, type JobFeed } from './job-source.js';
import type { RunRecord } from '../store/types.js';
import { unrecordable } from './store-full.js';
import { createProgressDisplay, useColor } from './progress.js';
import { buildSweepSummary, formatFailedJob, formatSummary, MAX_PROBLEMS, type SummaryJob, type SweepSummary } from './summary.js';
import type { JobEvent, JobHandle, LaunchContext, Launcher } from './types.js';
import { createPruneWatch, type PruneWatch } from '../run/pruning/prune-watch.js';
import { createLedgerFeed } from '../ledger/ledger.js';
import type { Pruning } from '../run/pruning/types.js';
import { exitStatus } from '../error-codes.js';
import { batchLines, type BatchedOutput, type Output } from './line-batcher.js';

/** 128 + the signal's number, as a shell reports a command ended by it. */
const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: exitStatus('sighup'), SIGINT: exitStatus('sigint'), SIGTERM: exitStatus('sigterm') };
/** Not-started records between two waits for the journal (its own batch size). */
const NOT_STARTED_BATCH = 4096;

export interface RunSweepOptions {
  /** Where progress and the summary go (default: process.stderr). */
  out?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Handle SIGINT/SIGTERM/SIGHUP (default true; tests that drive interrupts by hand turn it off). */
  handleSignals?: boolean;
  /** Fallback poll of the launcher for jobs whose end was not announced by an event. */
  pollIntervalMs?: number;
  /** Show progress lines (default: unless the run is interactive, whose output is the task's). */
  progress?: boolean;
  /**
   * `orch.sweeper.skip_completed`: a job this gives a record for was done before (run/reuse/); it
   * is counted completed and never reaches the launcher.
   */
  reuse?: (job: PlannedJob) => Promise<RunRecord | undefined>;
  /** Called with the launcher's handles once it has taken the jobs (what `--no-wait` prints). */
  detach?: (handles: JobHandle[]) => void;
  /** Asked about every intermediate value of a running job; jobs it prunes are stopped (contract B). */
  pruning?: Pruning;
  /** How often running jobs' histories are read for the pruner (default 500 ms). */
  historyPollMs?: number;
}

export interface SweepResult {
  /** 0 all completed, 1 some did not, 130/143/129 interrupted by SIGINT/SIGTERM/SIGHUP. */
  exitCode: number;
  summary: SweepSummary;
  interruptedBy?: NodeJS.Signals;
}

/**
 * Drives one sweep: hands the jobs to the launcher as it takes them, records every change of a
 * job's state in the sweep's journal (group-committed: the run record a launcher writes when a job
 * ends is the durable fact, the `finished` event follows it), shows progress, waits for every job
 * to end, prints the summary. Memory is what is in flight plus a byte per job number. Ctrl-C /
 * SIGTERM stop launching and stop running jobs (grace period, then SIGKILL); a second one kills.
 * A hangup (the terminal closed, the ssh session dropped) is a SIGTERM: the jobs are in process
 * groups of their own, which a hangup does not reach, so orch stopping them is the only way they do
 * not run on unwatched; `nohup` cannot change that (Node resets an ignored SIGHUP).
 */
export async function runSweep(feed: JobFeed, launcher: Launcher, ctx: Omit<LaunchContext, 'onJobEvent'>, opts: RunSweepOptions = {}): Promise<SweepResult> {
  const out = batchLines(opts.out ?? process.stderr);
  try {
    return await sweep(feed, launcher, ctx, opts, out);
  } finally {
    // What the caller writes next comes after the summary.
    out.close();
  }
}

async function sweep(feed: JobFeed, launcher: Launcher, ctx: Omit<LaunchContext, 'onJobEvent'>, opts: RunSweepOptions, out: BatchedOutput): Promise<SweepResult> {
  const tty = Boolean(out.isTTY);
  const showProgress = opts.progress ?? !ctx.interactive;
  const progress = showProgress ? createProgressDisplay({ total: feed.count, stream: out, tty, color: useColor(tty) }) : undefined;
  const journal: JournalWriter | undefined = (await hasPlan(ctx.sweepDir)) ? await openJournalWriter(journalPath(ctx.sweepDir)) : undefined;
  const tally = createJobTally(Math.min(feed.count, 1 << 20));
  const inFlight = new Map<number, SummaryJob>();
  const failed: SummaryJob[] = [];
  let warned = 0;
  let dispatchError: unknown;
  let remaining = feed.count;
  let allDone: () => void = () => {};
  const finished = new Promise<void>((resolve) => { allDone = resolve; if (remaining === 0) resolve(); });
  const settle = (): void => { if (--remaining === 0) allDone(); };
  const watch = pruneWatchFor(launcher, opts, journal, out);
  // `orch runs` lists a job from the moment it ends, without a rescan of the run store.
  const ledger = createLedgerFeed({ warn: (m) => out.write(`${m}\n`) });
  feed.attach?.(journal);
  // An adaptive feed (a search) may end with fewer jobs than its upper bound: those never proposed
  // are not waited for, and not counted pending.
  let taken = 0;
  const exhausted = (): void => {
    if (!feed.adaptive) return;
    remaining -= feed.count - taken;
    if (remaining <= 0) allDone();
  };

  const record = (e: JobEvent & { warned?: boolean }): void => {
    const before = tally.get(e.num);
    if (before !== undefined && isTerminal(before)) return;
    tally.set(e.num, e.status);
    progress?.onEvent(e, inFlight.get(e.num)?.overrides);
    if (e.status === 'running') {
      void journal?.append({ job: e.num, ev: 'started', attempt: e.attempt, pid: e.pid });
      watch?.started(e.num, e.outputDir);
    }
    if (!isTerminal(e.status)) return;
    // Before the journal hears of it: whoever waits for the `finished` event finds the decider told.
    watch?.ended(e.num, e.status, e.outputDir || undefined);
    feed.jobEnded?.(e.num, e.status, e.reason);
    void journal?.append({ job: e.num, ev: 'finished', status: e.status as FinishedStatus, attempt: e.attempt, exitCode: e.exitCode, signal: e.signal, durationSec: e.durationSec, reason: e.reason, metrics: e.metrics, warnings: e.warningCount });
    if (e.outputDir) ledger.ended(e.outputDir);
    const job = inFlight.get(e.num);
    inFlight.delete(e.num);
    if (e.warned) warned++;
    if ((e.status === 'failed' || e.status === 'timeout') && failed.length < MAX_PROBLEMS) {
      failed.push(job ?? { num: e.num, outputDir: e.outputDir, overrides: [], argv: [] });
    }
    settle();
  };

  let reused = 0;
  let notStartedCount = 0;
  const fed = opts.reuse ? withReuse(feed, opts.reuse, (job, rec) => {
    reused++;
    void journal?.append({ job: job.num, ev: 'dispatched' });
    record({ num: job.num, status: 'completed', attempt: rec.attempt, outputDir: job.outputDir, durationSec: 0 });
  }) : feed;
  const source = sourceOf(fed, {
    taken: (job) => {
      // A job that dispatches itself where it runs (Slurm by index) has no argv here yet.
      taken++;
      inFlight.set(job.num, { argv: [], ...job });
      void journal?.append({ job: job.num, ev: 'dispatched' });
    },
    notStarted: (job, reason) => {
      record({ num: job.num, status: 'cancelled', attempt: 0, outputDir: job.outputDir, reason: `not started: ${reason}` });
      // An interrupted 1,000,000-job sweep records ~1,000,000 of these at once: waiting for the
      // journal once per batch keeps what is buffered to one batch (it grew RSS by 56 MB before).
      if (journal && ++notStartedCount % NOT_STARTED_BATCH === 0) return journal.flush().catch(() => undefined);
      return undefined;
    },
    failed: (err) => {
      const cause = err instanceof DispatchFailure ? err.cause : err;
      const full = unrecordable(cause);
      // A full disk stops the sweep like a record that cannot be written; anything else is an error of orch's.
      if (full) out.write(`orch: ${(cause as Error).message}\n`);
      else dispatchError ??= cause;
      // The job itself is counted when it is reported not started; one lost without a name is counted here.
      if (!(err instanceof DispatchFailure)) settle();
      return full ?? `cannot dispatch a job: ${(cause as Error).message}`;
    },
    exhausted,
  });

  let handles: JobHandle[] = [];
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
    if (first && ctx.settings.cancel_on_interrupt === false && launcher.detachable) {
      // The scheduler keeps the jobs: stop waiting and say where to follow them.
      detached = true;
      out.write(`orch: jobs keep running (cancel_on_interrupt=false); follow with: orch status ${ctx.sweepDir}\n`);
      // A search proposes no more trials once orch stops waiting (`orch resume` goes on with it): the
      // launcher stops taking them, and leaves its jobs to the scheduler as cancel_on_interrupt says.
      if (feed.adaptive) launcher.stop(signal);
      allDone();
      return;
    }
    launcher.stop(signal);
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
    handles = await launcher.submit(source, { ...ctx, onJobEvent: record, journaled: journal !== undefined, prunes: opts.pruning !== undefined });
    if (opts.detach) {
      opts.detach(handles);
      detached = true;
    }
    const configuredPoll = Number(ctx.settings.poll_interval);
    const pollMs = opts.pollIntervalMs ?? (configuredPoll > 0 ? configuredPoll * 1000 : 5000);
    while (remaining > 0 && !detached) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([finished, new Promise((r) => { timer = setTimeout(r, pollMs); })]);
      clearTimeout(timer);
      if (remaining === 0 || detached || handles.length === 0) continue;
      // Only jobs not yet known to have ended: a poll reads each one's run record.
      const open = handles.filter((h) => { const s = tally.get(h.num); return s === undefined || !isTerminal(s); });
      if (open.length === 0) continue;
      const dirs = new Map(open.map((h) => [h.num, h.outputDir]));
      for (const s of await launcher.poll(open)) {
        if (s.status !== tally.get(s.num) && isTerminal(s.status)) {
          record({ num: s.num, status: s.status, attempt: 0, outputDir: dirs.get(s.num) ?? '', reason: s.reason });
        }
      }
    }
  } finally {
    // The last jobs' ends reach an adaptive feed's journal (a search's `told` events) before it closes.
    await feed.drain?.().catch((err: Error) => out.write(`orch: ${err.message}\n`));
    watch?.close();
    progress?.stop();
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    process.off('SIGHUP', onHup);
    await journal?.close().catch((err: Error) => out.write(`orch: cannot write the journal of ${ctx.sweepDir}: ${err.message}\n`));
    ledger.flush();
  }
  if (dispatchError) throw dispatchError;
  const counts = tally.counts();
  // Jobs never heard of (detached, or not yet taken) are pending.
  const planned = feed.adaptive ? taken : feed.count;
  counts.pending += Math.max(0, planned - Object.values(counts).reduce((a, b) => a + b, 0));
  const summary = { ...(await buildSweepSummary(ctx.sweepDir, counts, failed, warned)), reused };
  if (ctx.interactive && feed.count === 1) {
    // A single run: its output was on the terminal already; only a failure needs saying.
    if (summary.problems[0]) out.write(formatFailedJob(summary.problems[0]) + '\n');
  } else if (!opts.detach && (showProgress || summary.problems.length > 0)) {
    out.write(formatSummary(summary));
  }
  // Submitted and left to the scheduler: nothing is known to be incomplete yet.
  // A pruned job ended as its sweep meant it to: it is a result, not a job to run again.
  const incomplete = !opts.detach && summary.counts.completed + summary.counts.pruned !== planned;
  const exitCode = interruptedBy ? SIGNAL_EXIT[interruptedBy] ?? exitStatus('sigterm') : exitStatus(incomplete ? 'failed' : 'ok');
  return { exitCode, summary, interruptedBy };
}

/** The follower of running jobs' histories, when there is a decider and the launcher can stop a job. */
function pruneWatchFor(launcher: Launcher, opts: RunSweepOptions, journal: JournalWriter | undefined, out: Output): PruneWatch | undefined {
  const { pruning } = opts;
  if (!pruning) return undefined;
  if (!launcher.stopJob) {
    out.write(`orch: warning: the ${launcher.name} launcher cannot stop a running job; nothing will be pruned\n`);
    return undefined;
  }
  const stopJob = launcher.stopJob.bind(launcher);
  return createPruneWatch({
    pruning, stopJob, intervalMs: opts.historyPollMs,
    onPrune: (num, f) => void journal?.append({ job: num, ev: 'prune', step: f.step, metric: f.metric, value: f.value }),
    onError: (num, err) => out.write(`orch: cannot prune job ${num}: ${err.message}\n`),
  });
}
