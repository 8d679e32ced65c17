/** Grayscale images <-> PNG files (pngjs), at MNIST's convention: white digit on black, 0..255. */
import { readFileSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { PredictInputError } from './errors.js';

export function writeGrayPng(path: string, pixels: Uint8Array, width: number, height: number): void {
  const png = new PNG({ width, height, colorType: 0, inputColorType: 0, inputHasAlpha: false, bitDepth: 8 });
  png.data = Buffer.from(pixels.subarray(0, width * height));
  writeFileSync(path, PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false }));
}

/**
 * Reads a PNG as `width` x `height` grayscale bytes. Color is reduced to luminance, transparency is
 * composited on black, other sizes are box-resampled, and a mostly-light image (dark ink on white
 * paper) is inverted to MNIST's light-on-dark.
 */
export function readGrayPng(path: string, width = 28, height = 28): Uint8Array {
  let png: PNG;
  try {
    png = PNG.sync.read(readFileSync(path));
  } catch (err) {
    throw new PredictInputError({ message: `${path}: cannot read as PNG (${err instanceof Error ? err.message : String(err)})`, cause: err });
  }
  const gray = new Float64Array(png.width * png.height);
  for (let i = 0; i < gray.length; i++) {
    const [r, g, b, a] = [png.data[4 * i]!, png.data[4 * i + 1]!, png.data[4 * i + 2]!, png.data[4 * i + 3]!];
    gray[i] = (0.299 * r + 0.587 * g + 0.114 * b) * (a / 255);
  }
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor((x * png.width) / width);
      const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * png.width) / width));
      const y0 = Math.floor((y * png.height) / height);
      const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * png.height) / height));
      let sum = 0;
      for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) sum += gray[yy * png.width + xx]!;
      out[y * width + x] = Math.round(sum / ((x1 - x0) * (y1 - y0)));
    }
  }
  const mean = out.reduce((a, b) => a + b, 0) / out.length;
  if (mean > 127) for (let i = 0; i < out.length; i++) out[i] = 255 - out[i]!;
  return out;
}
