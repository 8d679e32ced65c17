/**
 * The MLP's shape and parameters. Layer i maps `dims[i]` -> `dims[i+1]` with weight `W{i}`
 * ([in, out], so a forward pass is x·W + b) and bias `b{i}`; every layer but the last is followed by
 * ReLU. A softmax regression is the MLP with no hidden layer.
 */
import type { Rng } from '../rng.js';

export interface MlpShape {
  inputSize: number;
  hidden: readonly number[];
  classes: number;
}
export interface ParamSpec {
  name: string;
  dims: [number] | [number, number];
  size: number;
}
/** Parameters (or optimizer state) by name, in `paramSpecs` order. */
export type TensorMap = Map<string, Float32Array>;

export function layerDims(shape: MlpShape): number[] {
  return [shape.inputSize, ...shape.hidden, shape.classes];
}

export function paramSpecs(shape: MlpShape): ParamSpec[] {
  const dims = layerDims(shape);
  const specs: ParamSpec[] = [];
  for (let i = 0; i + 1 < dims.length; i++) {
    const fanIn = dims[i]!;
    const fanOut = dims[i + 1]!;
    specs.push({ name: `W${i}`, dims: [fanIn, fanOut], size: fanIn * fanOut });
    specs.push({ name: `b${i}`, dims: [fanOut], size: fanOut });
  }
  return specs;
}

export function countParameters(shape: MlpShape): number {
  return paramSpecs(shape).reduce((n, s) => n + s.size, 0);
}

/** He-normal weights for ReLU layers, LeCun-normal for the output layer, zero biases. */
export function initParams(shape: MlpShape, rng: Rng): TensorMap {
  const params: TensorMap = new Map();
  const layers = layerDims(shape).length - 1;
  for (const spec of paramSpecs(shape)) {
    const data = new Float32Array(spec.size);
    if (spec.dims.length === 2) {
      const isOutput = spec.name === `W${layers - 1}`;
      const std = Math.sqrt((isOutput ? 1 : 2) / spec.dims[0]);
      for (let i = 0; i < data.length; i++) data[i] = rng.normal() * std;
    }
    params.set(spec.name, data);
  }
  return params;
}

export function zerosLike(tensors: TensorMap): TensorMap {
  return new Map([...tensors].map(([k, v]) => [k, new Float32Array(v.length)]));
}

export function cloneTensors(tensors: TensorMap): TensorMap {
  return new Map([...tensors].map(([k, v]) => [k, v.slice()]));
}
