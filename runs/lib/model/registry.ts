/** The models the example task knows, by the name `model.name` gives in the config. */
import { closestMatch, didYouMean } from '../../../src/errors.js';
import { TaskConfigError } from '../errors.js';
import type { MlpShape } from './mlp.js';

export type ModelKind = { kind: 'mlp'; hiddenLayers: number; description: string } | { kind: 'majority'; description: string };

export const MODELS: Record<string, ModelKind> = {
  net2: { kind: 'mlp', hiddenLayers: 2, description: 'MLP with 2 hidden ReLU layers' },
  net5: { kind: 'mlp', hiddenLayers: 5, description: 'MLP with 5 hidden ReLU layers' },
  linear: { kind: 'mlp', hiddenLayers: 0, description: 'softmax regression (baseline)' },
  majority: { kind: 'majority', description: 'predicts the most frequent training class (baseline)' },
};

export function lookupModel(name: unknown): ModelKind {
  const known = Object.keys(MODELS);
  if (typeof name === 'string' && Object.hasOwn(MODELS, name)) return MODELS[name]!;
  const guess = typeof name === 'string' ? closestMatch(name, known) : undefined;
  throw new TaskConfigError({
    message: `model.name=${JSON.stringify(name)}: unknown model. Available models: ${known.join(', ')}.${guess ? ` ${didYouMean(guess, [guess])}` : ''}`, hint: `Pick one with model=<name>, e.g. \`orch train model=${guess ?? 'net2'}\`.`,
  });
}

export function mlpShape(model: ModelKind, width: number, inputSize: number, classes: number): MlpShape {
  const hidden = model.kind === 'mlp' ? Array.from({ length: model.hiddenLayers }, () => width) : [];
  return { inputSize, hidden, classes };
}
