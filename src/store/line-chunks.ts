import { open } from 'node:fs/promises';

/**
 * A run of whole lines read from an append-only file, or (torn: true) the bytes after its last
 * newline: what a crash in the middle of a write leaves, which readers may ignore.
 */
export interface LineChunk {
  buf: Buffer;
  /** 1-based number of the first line in `buf`, for messages naming file:line. */
  firstLine: number;
  /** Lines in `buf` (0 for a torn tail). */
  lines: number;
  /** End (index of the newline) of each line; valid for `lines` entries, reused between chunks. */
  ends: Uint32Array;
  torn: boolean;
}

const NEWLINE = 0x0a;

/**
 * Streams a file as chunks of whole lines, reading `chunkBytes` at a time, so memory stays flat
 * however long the file is. A line longer than a chunk grows the buffer instead of being split.
 */
export async function* lineChunks(path: string, chunkBytes = 1 << 20): AsyncGenerator<LineChunk> {
  const handle = await open(path, 'r');
  try {
    let buf = Buffer.allocUnsafe(chunkBytes);
    let kept = 0;
    let line = 1;
    let ends: Uint32Array = new Uint32Array(1024);
    for (;;) {
      if (kept === buf.length) buf = Buffer.concat([buf.subarray(0, kept), Buffer.allocUnsafe(buf.length)]);
      const { bytesRead } = await handle.read(buf, kept, buf.length - kept, null);
      const filled = kept + bytesRead;
      if (bytesRead === 0) {
        if (filled > 0) yield { buf: buf.subarray(0, filled), firstLine: line, lines: 0, ends, torn: true };
        return;
      }
      let lines = 0;
      let lastNl = -1;
      // One pass finds every line end: consumers walk `ends` instead of searching again.
      for (let nl = buf.indexOf(NEWLINE, kept); nl >= 0 && nl < filled; nl = buf.indexOf(NEWLINE, nl + 1)) {
        if (lines === ends.length) ends = grow(ends);
        ends[lines++] = nl;
        lastNl = nl;
      }
      if (lastNl < 0) { kept = filled; continue; }
      const whole = buf.subarray(0, lastNl + 1);
      yield { buf: whole, firstLine: line, lines, ends, torn: false };
      line += lines;
      kept = filled - lastNl - 1;
      // The consumer is done with `whole`: the partial line moves to the front for the next read.
      buf.copy(buf, 0, lastNl + 1, filled);
    }
  } finally {
    await handle.close();
  }
}

/** Calls `fn` with the [start, end) byte range (newline excluded) and number of each line of a chunk. */
export function forEachLine(chunk: LineChunk, fn: (start: number, end: number, line: number) => void): void {
  let start = 0;
  for (let i = 0; i < chunk.lines; i++) {
    const end = chunk.ends[i]!;
    fn(start, end, chunk.firstLine + i);
    start = end + 1;
  }
}

function grow(a: Uint32Array): Uint32Array {
  const b = new Uint32Array(a.length * 2);
  b.set(a);
  return b;
}
