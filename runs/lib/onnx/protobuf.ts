/**
 * A minimal protobuf wire-format encoder: just the field kinds ONNX's ModelProto uses (varint,
 * length-delimited bytes/strings/messages, packed floats and int64s). Messages are built bottom-up:
 * encode the children, then embed their bytes as length-delimited fields of the parent.
 */
const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;

export interface ProtoWriter {
  varint(field: number, value: number | bigint): ProtoWriter;
  string(field: number, value: string): ProtoWriter;
  bytes(field: number, value: Uint8Array): ProtoWriter;
  message(field: number, value: Uint8Array): ProtoWriter;
  packedInt64(field: number, values: readonly number[]): ProtoWriter;
  packedFloat(field: number, values: ArrayLike<number>): ProtoWriter;
  float(field: number, value: number): ProtoWriter;
  finish(): Uint8Array;
}

const utf8 = new TextEncoder();

/** Unsigned LEB128; negative numbers are written as their 64-bit two's complement (protobuf int64). */
export function encodeVarint(value: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

export function createProtoWriter(): ProtoWriter {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const push = (bytes: Uint8Array | number[]): void => {
    const chunk = bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes);
    chunks.push(chunk);
    size += chunk.length;
  };
  const tag = (field: number, wire: number): void => push(encodeVarint((field << 3) | wire));
  const lengthDelimited = (field: number, payload: Uint8Array): void => {
    tag(field, WIRE_LENGTH_DELIMITED);
    push(encodeVarint(payload.length));
    push(payload);
  };

  const writer: ProtoWriter = {
    varint(field, value) {
      tag(field, WIRE_VARINT);
      push(encodeVarint(value));
      return writer;
    },
    string(field, value) {
      lengthDelimited(field, utf8.encode(value));
      return writer;
    },
    bytes(field, value) {
      lengthDelimited(field, value);
      return writer;
    },
    message(field, value) {
      lengthDelimited(field, value);
      return writer;
    },
    packedInt64(field, values) {
      lengthDelimited(field, Uint8Array.from(values.flatMap((v) => encodeVarint(v))));
      return writer;
    },
    packedFloat(field, values) {
      const floats = Float32Array.from(values);
      lengthDelimited(field, new Uint8Array(floats.buffer, floats.byteOffset, floats.byteLength));
      return writer;
    },
    float(field, value) {
      tag(field, 5);
      const b = new Uint8Array(4);
      new DataView(b.buffer).setFloat32(0, value, true);
      push(b);
      return writer;
    },
    finish() {
      const out = new Uint8Array(size);
      let offset = 0;
      for (const c of chunks) {
        out.set(c, offset);
        offset += c.length;
      }
      return out;
    },
  };
  return writer;
}
