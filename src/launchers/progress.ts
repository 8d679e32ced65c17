import type { RunStatus } from '../store/types.js';
import type { JobEvent } from './types.js';
import { createJobTally } from './job-tally.js';

export interface ProgressOptions {
  total: number;
  stream: { write(s: string): unknown };
  /** One updating line (terminal) instead of one line per event (logs, CI). */
  tty: boolean;
  color: boolean;
  now?: () => number;
}

export interface ProgressDisplay {
  onEvent(event: JobEvent): void;
  /** A line of its own (e.g. "stopping...") without breaking the updating line. */
  note(text: string): void;
  stop(): void;
  counts(): ProgressCounts;
}

export interface ProgressCounts { done: number; failed: number; cancelled: number; running: number; queued: number; pruned: number }

const COLORS: Partial<Record<RunStatus, string>> = { completed: '32', failed: '31', timeout: '33', cancelled: '35', pruned: '34' };

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

/**
 * Sweep progress from job events, shared by every launcher. A job counts by its latest status, so a
 * retried job goes back to queued/running instead of counting twice.
 */
export function createProgressDisplay(opts: ProgressOptions): ProgressDisplay {
  const now = opts.now ?? Date.now;
  const start = now();
  const latest = createJobTally(opts.total);
  const paint = (status: RunStatus, text: string) => (opts.color && COLORS[status] ? `\x1b[${COLORS[status]}m${text}\x1b[0m` : text);
  let timer: NodeJS.Timeout | undefined;
  let lineShown = false;

  function counts(): ProgressCounts {
    const c: ProgressCounts = {
      done: latest.count('completed'), failed: latest.count('failed') + latest.count('timeout'),
      cancelled: latest.count('cancelled'), running: latest.count('running'), queued: 0, pruned: latest.count('pruned'),
    };
    c.queued = opts.total - c.done - c.failed - c.cancelled - c.running - c.pruned;
    return c;
  }

  function statusLine(): string {
    const c = counts();
    const elapsed = now() - start;
    const finished = c.done + c.failed + c.cancelled + c.pruned;
    const eta = finished > 0 && finished < opts.total ? ` ETA ${formatDuration((elapsed / finished) * (opts.total - finished))}` : '';
    return `${paint('completed', `${c.done} done`)}, ${c.failed ? paint('failed', `${c.failed} failed`) : '0 failed'}, ${c.running} running, ${c.queued} queued` +
      `${c.pruned ? `, ${c.pruned} pruned` : ''}${c.cancelled ? `, ${c.cancelled} cancelled` : ''} of ${opts.total} | ${formatDuration(elapsed)}${eta}`;
  }

  function redraw(): void {
    opts.stream.write(`\r\x1b[2K${statusLine()}`);
    lineShown = true;
  }

  if (opts.tty) {
    timer = setInterval(redraw, 250);
    timer.unref();
    redraw();
  }

  return {
    onEvent(e) {
      latest.set(e.num, e.status);
      if (opts.tty) return; // the timer repaints; a repaint per event would flood a fast sweep
      const c = counts();
      const finished = c.done + c.failed + c.cancelled + c.pruned;
      const why = e.reason ? `: ${e.reason}` : '';
      opts.stream.write(`[${formatDuration(now() - start)}] job ${e.num} ${paint(e.status, e.status)}${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}${why} [${finished}/${opts.total}]\n`);
    },
    note(text) {
      opts.stream.write(opts.tty && lineShown ? `\r\x1b[2K${text}\n` : `${text}\n`);
      if (opts.tty) redraw();
    },
    stop() {
      if (timer) clearInterval(timer);
      if (opts.tty) opts.stream.write(`\r\x1b[2K${statusLine()}\n`);
    },
    counts,
  };
}
