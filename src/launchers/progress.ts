import type { RunStatus } from '../store/types.js';
import type { JobEvent } from './types.js';
import { createJobTally } from './job-tally.js';
import { createEtaEstimator } from './eta.js';

export interface ProgressOptions {
  total: number;
  stream: { write(s: string): unknown };
  /** One updating line (terminal) instead of one line per event (logs, CI). */
  tty: boolean;
  color: boolean;
  now?: () => number;
  /**
   * Off a terminal, a line with the counts after this long without one (default 60 s), so a log of
   * a sweep of long jobs never looks hung. 0 turns it off.
   */
  heartbeatMs?: number;
}

export interface ProgressDisplay {
  /** `overrides`: the job's own overrides, named in its lines so a person knows which job it is. */
  onEvent(event: JobEvent, overrides?: readonly string[]): void;
  /** A line of its own (e.g. "stopping...") without breaking the updating line. */
  note(text: string): void;
  stop(): void;
  counts(): ProgressCounts;
}

export interface ProgressCounts { done: number; failed: number; cancelled: number; running: number; queued: number; pruned: number }

const COLORS: Partial<Record<RunStatus, string>> = { completed: '32', failed: '31', timeout: '33', cancelled: '35', pruned: '34' };
/** Overrides beyond this are cut with an ellipsis: a line names a job, it is not its record. */
const MAX_OVERRIDES_CHARS = 100;
const DEFAULT_HEARTBEAT_MS = 60_000;

/** Whether to color output: only on a terminal, and never when NO_COLOR is set (no-color.org). */
export function useColor(tty: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  return tty && (env.NO_COLOR === undefined || env.NO_COLOR === '') && env.TERM !== 'dumb';
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** ` (model=net5 seed=2)`, cut to a readable length; nothing for a job without overrides. */
export function formatOverrides(overrides: readonly string[] | undefined): string {
  if (!overrides || overrides.length === 0) return '';
  const text = overrides.join(' ');
  return ` (${text.length > MAX_OVERRIDES_CHARS ? `${text.slice(0, MAX_OVERRIDES_CHARS - 1)}…` : text})`;
}

const isFailure = (status: RunStatus): boolean => status === 'failed' || status === 'timeout';

/**
 * Sweep progress from job events, shared by every launcher. A job counts by its latest status, so a
 * retried job goes back to queued/running instead of counting twice. On a terminal the counts are
 * one updating line and a failure gets a line of its own the moment it happens (it must not wait
 * for the summary); elsewhere every event is a line, with a heartbeat when nothing happens.
 */
export function createProgressDisplay(opts: ProgressOptions): ProgressDisplay {
  const now = opts.now ?? Date.now;
  const start = now();
  const latest = createJobTally(opts.total);
  const eta = createEtaEstimator(opts.total, start);
  const paint = (status: RunStatus, text: string) => (opts.color && COLORS[status] ? `\x1b[${COLORS[status]}m${text}\x1b[0m` : text);
  let timer: NodeJS.Timeout | undefined;
  let lineShown = false;
  let lastLineAt = start;

  function counts(): ProgressCounts {
    const c: ProgressCounts = {
      done: latest.count('completed'), failed: latest.count('failed') + latest.count('timeout'),
      cancelled: latest.count('cancelled'), running: latest.count('running'), queued: 0, pruned: latest.count('pruned'),
    };
    c.queued = opts.total - c.done - c.failed - c.cancelled - c.running - c.pruned;
    return c;
  }
  const finishedOf = (c: ProgressCounts) => c.done + c.failed + c.cancelled;

  function statusLine(): string {
    const c = counts();
    const at = now();
    const left = eta.remainingMs(at);
    const etaText = left === undefined ? '' : ` ETA ${formatDuration(left)}`;
    return `${paint('completed', `${c.done} done`)}, ${c.failed ? paint('failed', `${c.failed} failed`) : '0 failed'}, ${c.running} running, ${c.queued} queued` +
      `${c.pruned ? `, ${c.pruned} pruned` : ''}${c.cancelled ? `, ${c.cancelled} cancelled` : ''} of ${opts.total} | ${formatDuration(at - start)}${etaText}`;
  }

  function redraw(): void {
    opts.stream.write(`\r\x1b[2K${statusLine()}`);
    lineShown = true;
  }

  function writeLine(text: string): void {
    opts.stream.write(opts.tty && lineShown ? `\r\x1b[2K${text}\n` : `${text}\n`);
    lastLineAt = now();
    if (opts.tty) redraw();
  }

  if (opts.tty) {
    timer = setInterval(redraw, 250);
    timer.unref();
    redraw();
  } else {
    const heartbeatMs = opts.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    if (heartbeatMs > 0) {
      timer = setInterval(() => {
        if (now() - lastLineAt >= heartbeatMs) writeLine(`[${formatDuration(now() - start)}] ${statusLine()}`);
      }, Math.min(heartbeatMs, 1000));
      timer.unref();
    }
  }

  return {
    onEvent(e, overrides) {
      const before = latest.get(e.num);
      latest.set(e.num, e.status);
      const c = counts();
      const finished = finishedOf(c);
      // A job that leaves the running state (a retry goes back to pending) moves the estimate only once it is final.
      if (before !== e.status && finished > 0 && e.status !== 'running' && e.status !== 'pending') eta.finished(finished, now());
      const why = e.reason ? `: ${e.reason}` : '';
      const who = `job ${e.num}${formatOverrides(overrides)}`;
      if (opts.tty) {
        // The timer repaints the counts; a failure is worth a line of its own at once.
        if (isFailure(e.status)) writeLine(`${who} ${paint(e.status, e.status)}${why} (log: ${e.outputDir}/stderr.log)`);
        return;
      }
      writeLine(`[${formatDuration(now() - start)}] ${who} ${paint(e.status, e.status)}${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}${why} [${finished}/${opts.total}]`);
    },
    note(text) {
      writeLine(text);
    },
    stop() {
      if (timer) clearInterval(timer);
      if (opts.tty) opts.stream.write(`\r\x1b[2K${statusLine()}\n`);
    },
    counts,
  };
}
