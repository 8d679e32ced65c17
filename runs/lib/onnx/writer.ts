/**
 * Serializes a small ONNX model description to ModelProto bytes (onnx.proto3 field numbers).
 * Only what the MLP graphs need: float/int64 tensors, int/float/ints attributes, tensor value infos
 * with fixed or symbolic dims. Tensor payloads go in raw_data (little-endian, as ONNX requires; this
 * machine is little-endian like every platform onnxruntime-node ships for).
 */
import { createProtoWriter } from './protobuf.js';

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
const ELEM_TYPE_CODE: Record<ElemType, number> = { float: 1, int64: 7 };
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_INTS = 7;

function encodeTensor(t: TensorSpec): Uint8Array {
  const raw = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  const w = createProtoWriter();
  if (t.dims.length > 0) w.packedInt64(1, t.dims);
  return w.varint(2, ELEM_TYPE_CODE[t.type]).string(8, t.name).bytes(9, raw).finish();
}

function encodeValueInfo(v: ValueInfoSpec): Uint8Array {
  const shape = createProtoWriter();
  for (const d of v.shape) {
    const dim = createProtoWriter();
    if (typeof d === 'number') dim.varint(1, d);
    else dim.string(2, d);
    shape.message(1, dim.finish());
  }
  const tensorType = createProtoWriter().varint(1, ELEM_TYPE_CODE[v.type]).message(2, shape.finish()).finish();
  const type = createProtoWriter().message(1, tensorType).finish();
  return createProtoWriter().string(1, v.name).message(2, type).finish();
}

function encodeAttribute(name: string, value: AttrValue): Uint8Array {
  const w = createProtoWriter().string(1, name);
  if (Array.isArray(value)) return w.packedInt64(8, value).varint(20, ATTR_INTS).finish();
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`attribute ${name}: ${value} is not an integer; write {float: ${value}}`);
    return w.varint(3, value).varint(20, ATTR_INT).finish();
  }
  return w.float(2, value.float).varint(20, ATTR_FLOAT).finish();
}

function encodeNode(n: NodeSpec, index: number): Uint8Array {
  const w = createProtoWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, n.name ?? `${n.opType}_${index}`).string(4, n.opType);
  for (const [k, v] of Object.entries(n.attributes ?? {})) w.message(5, encodeAttribute(k, v));
  return w.finish();
}

function encodeGraph(g: GraphSpec): Uint8Array {
  const w = createProtoWriter();
  g.nodes.forEach((n, i) => w.message(1, encodeNode(n, i)));
  w.string(2, g.name);
  for (const t of g.initializers) w.message(5, encodeTensor(t));
  for (const v of g.inputs) w.message(11, encodeValueInfo(v));
  for (const v of g.outputs) w.message(12, encodeValueInfo(v));
  return w.finish();
}

/** ModelProto bytes, ready for `InferenceSession.create(bytes)` or `writeFileSync('model.onnx', bytes)`. */
export function encodeModel(model: ModelSpec): Uint8Array {
  const opset = createProtoWriter().string(1, '').varint(2, model.opsetVersion ?? DEFAULT_OPSET).finish();
  const w = createProtoWriter()
    .varint(1, IR_VERSION)
    .string(2, model.producerName ?? 'orch')
    .string(3, '0.1.0');
  if (model.docString) w.string(6, model.docString);
  return w.message(7, encodeGraph(model.graph)).message(8, opset).finish();
}
