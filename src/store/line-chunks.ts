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
    for (;;) {
      if (kept === buf.length) buf = Buffer.concat([buf.subarray(0, kept), Buffer.allocUnsafe(buf.length)]);
      const { bytesRead } = await handle.read(buf, kept, buf.length - kept, null);
      const filled = kept + bytesRead;
      if (bytesRead === 0) {
        if (filled > 0) yield { buf: buf.subarray(0, filled), firstLine: line, lines: 0, torn: true };
        return;
      }
      const lastNl = buf.lastIndexOf(NEWLINE, filled - 1);
      if (lastNl < 0) { kept = filled; continue; }
      const whole = buf.subarray(0, lastNl + 1);
      const lines = countLines(whole);
      yield { buf: whole, firstLine: line, lines, torn: false };
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
  const { buf } = chunk;
  let start = 0;
  let line = chunk.firstLine;
  while (start < buf.length) {
    let end = buf.indexOf(NEWLINE, start);
    if (end < 0) end = buf.length;
    fn(start, end, line++);
    start = end + 1;
  }
}

function countLines(buf: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(NEWLINE); i >= 0; i = buf.indexOf(NEWLINE, i + 1)) n++;
  return n;
}

/** True when the bytes are all NUL: what a machine crash can leave past the last synced write. */
export function isZeroFill(buf: Buffer, start = 0, end = buf.length): boolean {
  for (let i = start; i < end; i++) if (buf[i] !== 0) return false;
  return true;
}
