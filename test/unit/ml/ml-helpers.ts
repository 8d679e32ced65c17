/** Shared pieces of the ML tests: a TaskContext without the runner, and a tiny train config. */
import { appendFileSync, mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TaskContext } from '../../../src/task/types.js';
import trainTask from '../../../runs/train.js';
import type { TrainConfig as TrainJobConfig } from '../../../runs/train.config.js';

/** The train task on a helper-built config: partial or deliberately invalid, as its run-time check is under test too. */
export const train = (cfg: unknown, ctx: TaskContext): ReturnType<typeof trainTask> => trainTask(cfg as TrainJobConfig, ctx);

export interface TestContext extends TaskContext {
  messages: { level: 'info' | 'warn' | 'error'; msg: string }[];
  history(): Record<string, unknown>[];
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `orch-ml-${prefix}-`));
}

export function makeContext(outputDir: string, overrides: Partial<TaskContext> = {}): TestContext {
  const messages: TestContext['messages'] = [];
  const historyFile = join(outputDir, 'history.jsonl');
  return {
    outputDir, jobNum: 0, sweepDir: outputDir, attempt: 0, device: 'cpu',
    logger: {
      info: (msg) => messages.push({ level: 'info', msg }),
      warn: (msg) => messages.push({ level: 'warn', msg }),
      error: (msg) => messages.push({ level: 'error', msg }),
    },
    log: (record) => appendFileSync(historyFile, `${JSON.stringify(record)}\n`),
    onCheckpoint: () => {},
    signal: new AbortController().signal,
    shouldStop: () => false,
    messages,
    history: () => (existsSync(historyFile) ? readFileSync(historyFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) : []),
    ...overrides,
  };
}

/** A job config as orch would resolve it, sized so training takes a fraction of a second. */
export function tinyTrainConfig(changes: { model?: Record<string, unknown>; dataset?: Record<string, unknown>; optimizer?: Record<string, unknown>; training?: Record<string, unknown>; seed?: number } = {}): Record<string, unknown> {
  return {
    model: { name: 'net2', width: 16, ...changes.model },
    dataset: { name: 'mnist_tiny', dir: null, train_size: 600, test_size: 200, val_size: 100, ...changes.dataset },
    optimizer: { name: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, ...changes.optimizer },
    training: {
      epochs: 3, batch_size: 64, eval_batch_size: 256, errors_to_save: 5,
      schedule: { name: 'cosine', min_lr: 0 }, early_stopping: { patience: 0, min_delta: 0 },
      ...changes.training,
    },
    seed: changes.seed ?? 0,
  };
}

/** Metrics and history without wall-clock fields, which legitimately differ between runs. */
export function withoutTimes<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (k, v) => (k === 'time_sec' || k === 'train_time_sec' ? undefined : v))) as T;
}
