/**
 * Optimizer settings and the per-step arithmetic that lives outside the graph. The graph gets one
 * learning-rate input per step; for Adam that input already carries the bias correction
 * (lr·sqrt(1-β2^t)/(1-β1^t), the "efficient" form of Kingma & Ba, section 2), so the graph itself
 * needs no step counter.
 */
import type { ParamSpec, TensorMap } from '../model/mlp.js';

export type OptimizerConfig =
  | { name: 'adam'; lr: number; beta1: number; beta2: number; eps: number }
  | { name: 'sgd'; lr: number; momentum: number };

export const OPTIMIZER_NAMES = ['adam', 'sgd'] as const;

/** Optimizer state slots per parameter: tensors named `${param}.${slot}`. */
export function stateSlots(opt: OptimizerConfig): string[] {
  return opt.name === 'adam' ? ['m', 'v'] : ['velocity'];
}

export function stateNames(opt: OptimizerConfig, specs: readonly ParamSpec[]): string[] {
  return specs.flatMap((s) => stateSlots(opt).map((slot) => `${s.name}.${slot}`));
}

export function initOptimizerState(opt: OptimizerConfig, specs: readonly ParamSpec[]): TensorMap {
  const state: TensorMap = new Map();
  for (const s of specs) for (const slot of stateSlots(opt)) state.set(`${s.name}.${slot}`, new Float32Array(s.size));
  return state;
}

/** The learning-rate input for optimizer step `step` (1-based), given the scheduled rate. */
export function effectiveLearningRate(opt: OptimizerConfig, scheduledLr: number, step: number): number {
  if (opt.name === 'sgd') return scheduledLr;
  return (scheduledLr * Math.sqrt(1 - opt.beta2 ** step)) / (1 - opt.beta1 ** step);
}
