/**
 * The train task's view of its job config: the plain-JSON config orch resolved, checked and typed.
 * Errors name the key path and the valid choices, like orch's own config errors.
 */
import { TaskConfigError } from './errors.js';
import { lookupModel, type ModelKind } from './model/registry.js';
import { OPTIMIZER_NAMES, type OptimizerConfig } from './train/optimizer.js';
import { SCHEDULE_NAMES, type ScheduleConfig } from './train/schedule.js';
import type { DatasetConfig } from './data/mnist.js';

export interface TrainConfig {
  model: { name: string; width: number; kind: ModelKind };
  dataset: DatasetConfig;
  optimizer: OptimizerConfig;
  training: {
    epochs: number;
    batch_size: number;
    eval_batch_size: number;
    schedule: ScheduleConfig;
    early_stopping: { patience: number; min_delta: number };
    errors_to_save: number;
  };
  seed: number;
}

type Json = Record<string, unknown>;

function section(cfg: unknown, path: string): Json {
  const v = path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Json)[k] : undefined), cfg);
  if (!v || typeof v !== 'object' || Array.isArray(v)) {
    throw new TaskConfigError({ message: `${path}: missing config section (the train task needs ${path} from config/train.yaml's defaults)` });
  }
  return v as Json;
}

function numberAt(obj: Json, path: string, key: string, check: { int?: boolean; min?: number; fallback?: number } = {}): number {
  const v = obj[key] ?? check.fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || (check.int && !Number.isInteger(v)) || (check.min !== undefined && v < check.min)) {
    const want = `${check.int ? 'an integer' : 'a number'}${check.min !== undefined ? ` >= ${check.min}` : ''}`;
    throw new TaskConfigError({ message: `${path ? `${path}.` : ''}${key}=${JSON.stringify(v)}: expected ${want}` });
  }
  return v;
}

function choiceAt<T extends string>(obj: Json, path: string, key: string, choices: readonly T[]): T {
  const v = obj[key];
  if (typeof v === 'string' && (choices as readonly string[]).includes(v)) return v as T;
  throw new TaskConfigError({ message: `${path}.${key}=${JSON.stringify(v)}: expected one of ${choices.join(', ')}` });
}

function optionalSize(obj: Json, path: string, key: string): number | null {
  return obj[key] === null || obj[key] === undefined ? null : numberAt(obj, path, key, { int: true, min: 1 });
}

export function parseTrainConfig(cfg: unknown): TrainConfig {
  const model = section(cfg, 'model');
  const kind = lookupModel(model.name);
  const dataset = section(cfg, 'dataset');
  const opt = section(cfg, 'optimizer');
  const tr = section(cfg, 'training');
  const sched = section(cfg, 'training.schedule');
  const early = section(cfg, 'training.early_stopping');

  const optName = choiceAt(opt, 'optimizer', 'name', OPTIMIZER_NAMES);
  const lr = numberAt(opt, 'optimizer', 'lr', { min: 0 });
  const optimizer: OptimizerConfig = optName === 'adam'
    ? { name: 'adam', lr, beta1: numberAt(opt, 'optimizer', 'beta1', { fallback: 0.9 }), beta2: numberAt(opt, 'optimizer', 'beta2', { fallback: 0.999 }), eps: numberAt(opt, 'optimizer', 'eps', { fallback: 1e-8 }) }
    : { name: 'sgd', lr, momentum: numberAt(opt, 'optimizer', 'momentum', { min: 0, fallback: 0 }) };

  const schedName = choiceAt(sched, 'training.schedule', 'name', SCHEDULE_NAMES);
  const schedule: ScheduleConfig = schedName === 'cosine'
    ? { name: 'cosine', min_lr: numberAt(sched, 'training.schedule', 'min_lr', { min: 0, fallback: 0 }) }
    : schedName === 'step'
      ? { name: 'step', step_size: numberAt(sched, 'training.schedule', 'step_size', { int: true, min: 1 }), gamma: numberAt(sched, 'training.schedule', 'gamma', { min: 0 }) }
      : { name: 'constant' };

  const root = cfg as Json;
  return {
    model: { name: model.name as string, kind, width: kind.kind === 'mlp' && kind.hiddenLayers > 0 ? numberAt(model, 'model', 'width', { int: true, min: 1 }) : 0 },
    dataset: {
      name: String(dataset.name ?? 'mnist'),
      dir: typeof dataset.dir === 'string' ? dataset.dir : null,
      train_size: optionalSize(dataset, 'dataset', 'train_size'),
      test_size: optionalSize(dataset, 'dataset', 'test_size'),
      val_size: numberAt(dataset, 'dataset', 'val_size', { int: true, min: 1 }),
    },
    optimizer,
    training: {
      epochs: numberAt(tr, 'training', 'epochs', { int: true, min: 1 }),
      batch_size: numberAt(tr, 'training', 'batch_size', { int: true, min: 1 }),
      eval_batch_size: numberAt(tr, 'training', 'eval_batch_size', { int: true, min: 1, fallback: 1000 }),
      schedule,
      early_stopping: {
        patience: numberAt(early, 'training.early_stopping', 'patience', { int: true, min: 0 }),
        min_delta: numberAt(early, 'training.early_stopping', 'min_delta', { min: 0, fallback: 0 }),
      },
      errors_to_save: numberAt(tr, 'training', 'errors_to_save', { int: true, min: 0, fallback: 20 }),
    },
    seed: numberAt(root, '', 'seed', { int: true, min: 0 }),
  };
}
