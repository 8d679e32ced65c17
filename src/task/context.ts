import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringifyTaskJson } from '../store/task-json.js';
import { HISTORY_FILE } from '../store/types.js';
import type { TaskContext } from './types.js';
import { warn } from '../warn.js';

/** `ORCH_DEVICE` when a launcher set it, `cuda:0` when CUDA devices are visible, else `cpu`. */
export function deviceFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ORCH_DEVICE) return env.ORCH_DEVICE;
  const visible = env.CUDA_VISIBLE_DEVICES?.trim();
  if (visible && visible !== '-1' && visible !== 'NoDevFiles') return 'cuda:0';
  return 'cpu';
}

export interface TaskContextHandle {
  ctx: TaskContext;
  /** Runs the hooks registered with ctx.onCheckpoint, in order; a failing hook does not stop the next. */
  runCheckpointHooks(): Promise<void>;
  /**
   * Aborts ctx.signal. True when the task has read ctx.signal or called ctx.shouldStop(), so it
   * can be left to wind down; false when it never looks, and must be ended from outside.
   */
  requestStop(reason: string): boolean;
}

export function createTaskContext(facts: { outputDir: string; jobNum: number; sweepDir: string; attempt: number; device: string }): TaskContextHandle {
  const hooks: Array<() => void | Promise<void>> = [];
  const historyPath = join(facts.outputDir, HISTORY_FILE);
  const stop = new AbortController();
  let watched = false;
  const line = (level: string, msg: string) => `[${new Date().toISOString()}][${level}] ${msg}\n`;
  const ctx: TaskContext = {
    ...facts,
    logger: {
      info: (msg) => void process.stdout.write(line('INFO', msg)),
      warn: (msg) => void process.stderr.write(line('WARN', msg)),
      error: (msg) => void process.stderr.write(line('ERROR', msg)),
    },
    log(record) {
      // NaN stays NaN (JSON.stringify would write null): a diverged step is part of the curve.
      appendFileSync(historyPath, stringifyTaskJson(record) + '\n');
    },
    onCheckpoint(hook) {
      hooks.push(hook);
    },
    get signal() {
      watched = true;
      return stop.signal;
    },
    shouldStop() {
      watched = true;
      return stop.signal.aborted;
    },
  };
  return {
    ctx,
    requestStop(reason) {
      if (!stop.signal.aborted) stop.abort(new Error(reason));
      return watched;
    },
    async runCheckpointHooks() {
      for (const hook of hooks) {
        try {
          await hook();
        } catch (err) {
          warn(`checkpoint hook failed: ${(err as Error)?.stack ?? String(err)}`);
        }
      }
    },
  };
}
