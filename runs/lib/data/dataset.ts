/** An in-memory labelled image set (raw bytes, one row of `featureSize` pixels per item). */
export interface LabelledSet {
  count: number;
  featureSize: number;
  /** count x featureSize bytes, 0..255. */
  images: Uint8Array;
  labels: Uint8Array;
  /** Row index of each item in the file it came from (error reports name the original image). */
  sourceIndex: Uint32Array;
}

export interface DatasetSplits {
  train: LabelledSet;
  val: LabelledSet;
  test: LabelledSet;
  classes: number;
  imageShape: [number, number];
}

/** The rows `indices` of `set`, copied into a compact set of their own. */
export function subset(set: LabelledSet, indices: ArrayLike<number>): LabelledSet {
  const n = indices.length;
  const images = new Uint8Array(n * set.featureSize);
  const labels = new Uint8Array(n);
  const sourceIndex = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const r = indices[i]!;
    images.set(set.images.subarray(r * set.featureSize, (r + 1) * set.featureSize), i * set.featureSize);
    labels[i] = set.labels[r]!;
    sourceIndex[i] = set.sourceIndex[r]!;
  }
  return { count: n, featureSize: set.featureSize, images, labels, sourceIndex };
}

/** MNIST's mean and standard deviation of pixel/255, the usual input standardization. */
export const PIXEL_MEAN = 0.1307;
export const PIXEL_STD = 0.3081;

/** Standardization as x·scale - shift on pixels in [0, 1] (what an exported model.onnx applies itself). */
export const UNIT_PIXEL_NORMALIZATION = { scale: 1 / PIXEL_STD, shift: PIXEL_MEAN / PIXEL_STD };

/** Writes the standardized pixels of rows `indices` into `out` (row-major, indices.length x featureSize). */
export function fillFeatures(set: LabelledSet, indices: ArrayLike<number>, out: Float32Array): void {
  const f = set.featureSize;
  const scale = UNIT_PIXEL_NORMALIZATION.scale / 255;
  const shift = UNIT_PIXEL_NORMALIZATION.shift;
  for (let i = 0; i < indices.length; i++) {
    const src = indices[i]! * f;
    const dst = i * f;
    for (let j = 0; j < f; j++) out[dst + j] = set.images[src + j]! * scale - shift;
  }
}

/** One-hot labels of rows `indices` into `out` (indices.length x classes). */
export function fillOneHot(set: LabelledSet, indices: ArrayLike<number>, classes: number, out: Float32Array): void {
  out.fill(0, 0, indices.length * classes);
  for (let i = 0; i < indices.length; i++) out[i * classes + set.labels[indices[i]!]!] = 1;
}
