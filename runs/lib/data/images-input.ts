/**
 * Images to classify, from what a user passes as `input=`: a PNG file, a folder of PNGs, an IDX image
 * file (optionally gzipped), or a list of those. Everything becomes 28x28 MNIST-style bytes.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readIdx } from './idx.js';
import { readGrayPng } from '../png.js';
import { PredictInputError } from '../errors.js';

export interface InputImage {
  /** Where it came from: a PNG path, or `file.idx#7` for row 7 of an IDX file. */
  source: string;
  pixels: Uint8Array;
}

export async function readInputImages(input: unknown, size: [number, number], limit?: number): Promise<InputImage[]> {
  const paths = Array.isArray(input) ? input.map(String) : typeof input === 'string' ? [input] : [];
  if (paths.length === 0) throw new PredictInputError({ message: `input=${JSON.stringify(input)}: expected a PNG file, a folder of PNGs or an IDX image file` });
  const images: InputImage[] = [];
  for (const path of paths) images.push(...(await readOne(path, size, limit)));
  return limit === undefined ? images : images.slice(0, limit);
}

async function readOne(path: string, [rows, cols]: [number, number], limit?: number): Promise<InputImage[]> {
  if (!existsSync(path)) throw new PredictInputError({ message: `input=${path}: no such file or folder` });
  if (statSync(path).isDirectory()) {
    const pngs = readdirSync(path).filter((f) => f.toLowerCase().endsWith('.png')).sort();
    if (pngs.length === 0) throw new PredictInputError({ message: `input=${path}: the folder holds no .png files` });
    return pngs.map((f) => ({ source: join(path, f), pixels: readGrayPng(join(path, f), cols, rows) }));
  }
  if (path.toLowerCase().endsWith('.png')) return [{ source: path, pixels: readGrayPng(path, cols, rows) }];
  const idx = await readIdx(path, { expectedRank: 3, description: 'images (e.g. t10k-images-idx3-ubyte)', limit });
  if (idx.dims[1] !== rows || idx.dims[2] !== cols) {
    throw new PredictInputError({ message: `input=${path}: images are ${idx.dims[1]}x${idx.dims[2]}, the model expects ${rows}x${cols}` });
  }
  const size = rows * cols;
  return Array.from({ length: idx.dims[0]! }, (_, i) => ({ source: `${path}#${i}`, pixels: idx.data.subarray(i * size, (i + 1) * size) }));
}
