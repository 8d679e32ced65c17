/**
 * Serializes a small ONNX model description to ModelProto bytes with the ONNX protobuf types
 * generated from onnx.proto (npm `onnx-proto`, encoded by protobufjs): field numbers, wire types
 * and the little-endian float encoding are the library's, not ours. Only what the MLP graphs need:
 * float/int64 tensors, int/float/ints attributes, tensor value infos with fixed or symbolic dims.
 * Tensor payloads go in raw_data, which ONNX defines as little-endian (this machine is, like every
 * platform onnxruntime-node ships for).
 */
import onnxProto, { type onnx as Proto } from 'onnx-proto';

const { onnx } = onnxProto;

export type ElemType = 'float' | 'int64';
export type AttrValue = number | number[] | { float: number };
export type Dim = number | string;

export interface TensorSpec {
  name: string;
  type: ElemType;
  dims: readonly number[];
  data: Float32Array | BigInt64Array;
}
export interface ValueInfoSpec {
  name: string;
  type: ElemType;
  shape: readonly Dim[];
}
export interface NodeSpec {
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name?: string;
  /** Integers are written as INT, `{float}` as FLOAT, arrays as INTS. */
  attributes?: Record<string, AttrValue>;
}
export interface GraphSpec {
  name: string;
  nodes: readonly NodeSpec[];
  inputs: readonly ValueInfoSpec[];
  outputs: readonly ValueInfoSpec[];
  initializers: readonly TensorSpec[];
}
export interface ModelSpec {
  graph: GraphSpec;
  opsetVersion?: number;
  producerName?: string;
  docString?: string;
}

export const DEFAULT_OPSET = 17;
/** IR version 8 matches opset 17 (ONNX 1.12); every runtime from 2022 on loads it. */
const IR_VERSION = 8;
const ELEM_TYPE: Record<ElemType, number> = { float: onnx.TensorProto.DataType.FLOAT, int64: onnx.TensorProto.DataType.INT64 };

function tensorOf(t: TensorSpec): Proto.ITensorProto {
  return {
    dims: [...t.dims],
    dataType: ELEM_TYPE[t.type],
    name: t.name,
    rawData: new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength),
  };
}

function valueInfoOf(v: ValueInfoSpec): Proto.IValueInfoProto {
  const dim = v.shape.map((d): Proto.TensorShapeProto.IDimension => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name: v.name, type: { tensorType: { elemType: ELEM_TYPE[v.type], shape: { dim } } } };
}

function attributeOf(name: string, value: AttrValue): Proto.IAttributeProto {
  const { AttributeType } = onnx.AttributeProto;
  if (Array.isArray(value)) return { name, ints: value, type: AttributeType.INTS };
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`attribute ${name}: ${value} is not an integer; write {float: ${value}}`);
    return { name, i: value, type: AttributeType.INT };
  }
  return { name, f: value.float, type: AttributeType.FLOAT };
}

function nodeOf(n: NodeSpec, index: number): Proto.INodeProto {
  return {
    input: [...n.inputs],
    output: [...n.outputs],
    name: n.name ?? `${n.opType}_${index}`,
    opType: n.opType,
    attribute: Object.entries(n.attributes ?? {}).map(([k, v]) => attributeOf(k, v)),
  };
}

/** The ModelProto message of `model`, before encoding. */
export function modelProtoOf(model: ModelSpec): Proto.IModelProto {
  const g = model.graph;
  return {
    irVersion: IR_VERSION,
    producerName: model.producerName ?? 'orch',
    producerVersion: '0.1.0',
    ...(model.docString ? { docString: model.docString } : {}),
    graph: {
      node: g.nodes.map(nodeOf),
      name: g.name,
      initializer: g.initializers.map(tensorOf),
      input: g.inputs.map(valueInfoOf),
      output: g.outputs.map(valueInfoOf),
    },
    opsetImport: [{ domain: '', version: model.opsetVersion ?? DEFAULT_OPSET }],
  };
}

/** ModelProto bytes, ready for `InferenceSession.create(bytes)` or `writeFileSync('model.onnx', bytes)`. */
export function encodeModel(model: ModelSpec): Uint8Array {
  return onnx.ModelProto.encode(modelProtoOf(model)).finish();
}
