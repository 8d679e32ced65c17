/**
 * Builds a GraphSpec op by op, naming intermediate tensors automatically so graph code reads like the
 * math it implements: `const h = g.op('Relu', [g.op('Gemm', [x, w, b])])`.
 */
import type { AttrValue, Dim, ElemType, GraphSpec, NodeSpec, TensorSpec, ValueInfoSpec } from './writer.js';

export interface GraphBuilder {
  input(name: string, type: ElemType, shape: readonly Dim[]): string;
  /** Declares `tensor` as a graph output called `name` (adds an Identity when the names differ). */
  output(tensor: string, name: string, type: ElemType, shape: readonly Dim[]): void;
  initializer(tensor: TensorSpec): string;
  constFloat(values: readonly number[], dims?: readonly number[]): string;
  constInt64(values: readonly number[], dims?: readonly number[]): string;
  op(opType: string, inputs: readonly string[], attributes?: Record<string, AttrValue>, outputName?: string): string;
  build(name: string): GraphSpec;
}

export function createGraphBuilder(): GraphBuilder {
  const nodes: NodeSpec[] = [];
  const inputs: ValueInfoSpec[] = [];
  const outputs: ValueInfoSpec[] = [];
  const initializers: TensorSpec[] = [];
  let counter = 0;
  const fresh = (prefix: string): string => `${prefix}_${counter++}`;

  const builder: GraphBuilder = {
    input(name, type, shape) {
      inputs.push({ name, type, shape });
      return name;
    },
    output(tensor, name, type, shape) {
      if (tensor !== name) nodes.push({ opType: 'Identity', inputs: [tensor], outputs: [name] });
      outputs.push({ name, type, shape });
    },
    initializer(tensor) {
      initializers.push(tensor);
      return tensor.name;
    },
    constFloat(values, dims = [values.length]) {
      return builder.initializer({ name: fresh('const'), type: 'float', dims, data: Float32Array.from(values) });
    },
    constInt64(values, dims = [values.length]) {
      const data = BigInt64Array.from(values.map((v) => BigInt(v)));
      return builder.initializer({ name: fresh('const'), type: 'int64', dims, data });
    },
    op(opType, opInputs, attributes, outputName) {
      const out = outputName ?? fresh(opType.toLowerCase());
      nodes.push({ opType, inputs: opInputs, outputs: [out], attributes });
      return out;
    },
    build(name) {
      return { name, nodes, inputs, outputs, initializers };
    },
  };
  return builder;
}
