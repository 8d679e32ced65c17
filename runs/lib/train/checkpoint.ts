/**
 * One file holding everything a requeued job needs to continue exactly where the last finished epoch
 * left off: weights, optimizer state, best-so-far weights, counters and the shuffling RNG state.
 * Layout: "ORCHCKPT", uint32 LE length of a JSON header, the header, zero padding to a 4-byte boundary,
 * then the float32 tensors back to back (offsets in the header). Written to a temp file and renamed,
 * so a job killed mid-write leaves the previous checkpoint intact.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { TensorMap } from '../model/mlp.js';
import type { RngState } from '../rng.js';
import { DataFileError } from '../errors.js';

export const CHECKPOINT_FILE = 'checkpoint.ckpt';
const MAGIC = 'ORCHCKPT';

export interface TrainingState {
  /** Number of completed epochs (= the 0-based index of the next epoch to run). */
  epochsDone: number;
  /** Optimizer steps taken so far (Adam's bias correction needs it). */
  step: number;
  params: TensorMap;
  optimizerState: TensorMap;
  best: { epoch: number; valLoss: number; params: TensorMap } | null;
  epochsWithoutImprovement: number;
  stoppedEarly: boolean;
  rngState: RngState;
  trainTimeSec: number;
}

type Group = 'params' | 'optimizerState' | 'best';
interface Header {
  fingerprint: string;
  scalars: Omit<TrainingState, 'params' | 'optimizerState' | 'best'> & { best: { epoch: number; valLoss: number } | null };
  tensors: { group: Group; name: string; offset: number; length: number }[];
}

export function saveCheckpoint(path: string, state: TrainingState, fingerprint: string): void {
  const groups: [Group, TensorMap | undefined][] = [['params', state.params], ['optimizerState', state.optimizerState], ['best', state.best?.params]];
  const tensors: Header['tensors'] = [];
  let offset = 0;
  for (const [group, map] of groups) {
    for (const [name, data] of map ?? []) {
      tensors.push({ group, name, offset, length: data.length });
      offset += data.length;
    }
  }
  const { params: _p, optimizerState: _o, best, ...rest } = state;
  const header: Header = { fingerprint, scalars: { ...rest, best: best && { epoch: best.epoch, valLoss: best.valLoss } }, tensors };
  const json = Buffer.from(JSON.stringify(header));
  const dataStart = align4(MAGIC.length + 4 + json.length);
  const buf = Buffer.alloc(dataStart + offset * 4);
  buf.write(MAGIC, 0, 'latin1');
  buf.writeUInt32LE(json.length, MAGIC.length);
  json.copy(buf, MAGIC.length + 4);
  const floats = new Float32Array(buf.buffer, buf.byteOffset + dataStart, offset);
  let i = 0;
  for (const [, map] of groups) for (const [, data] of map ?? []) { floats.set(data, tensors[i]!.offset); i++; }
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, buf);
  renameSync(tmp, path);
}

/** The saved state, or undefined when there is no checkpoint. `fingerprint` is returned for the caller to compare. */
export function loadCheckpoint(path: string): { state: TrainingState; fingerprint: string } | undefined {
  if (!existsSync(path)) return undefined;
  const buf = readFileSync(path);
  if (buf.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new DataFileError({ message: `${path}: not an orch training checkpoint (bad magic); delete it to start over` });
  const jsonLength = buf.readUInt32LE(MAGIC.length);
  const header = JSON.parse(buf.toString('utf8', MAGIC.length + 4, MAGIC.length + 4 + jsonLength)) as Header;
  const dataStart = align4(MAGIC.length + 4 + jsonLength);
  const copy = new Uint8Array(buf.subarray(dataStart)); // a fresh, 4-byte-aligned copy
  const floats = new Float32Array(copy.buffer, copy.byteOffset, copy.byteLength / 4);
  const maps: Record<Group, TensorMap> = { params: new Map(), optimizerState: new Map(), best: new Map() };
  for (const t of header.tensors) maps[t.group].set(t.name, floats.slice(t.offset, t.offset + t.length));
  const { best, ...rest } = header.scalars;
  return {
    fingerprint: header.fingerprint,
    state: { ...rest, params: maps.params, optimizerState: maps.optimizerState, best: best && { ...best, params: maps.best } },
  };
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
