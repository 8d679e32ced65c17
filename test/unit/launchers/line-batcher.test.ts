import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { batchLines } from '../../../src/launchers/line-batcher.js';

function recorder() {
  const writes: string[] = [];
  return { writes, out: { write: (text: string) => writes.push(text), isTTY: false } };
}

test('batchLines: the lines of one turn of the event loop go out in one write, in order, at the end of the turn', async () => {
  const { writes, out } = recorder();
  const batched = batchLines(out);
  batched.write('a\n');
  batched.write('b\n');
  assert.deepEqual(writes, [], 'held until the turn ends');
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(writes, ['a\nb\n']);
  batched.write('c\n');
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(writes, ['a\nb\n', 'c\n']);
  batched.close();
});

test('batchLines: close writes what is held at once; a large burst is not held', () => {
  const { writes, out } = recorder();
  const batched = batchLines(out);
  batched.write('x\n');
  batched.close();
  assert.deepEqual(writes, ['x\n']);
  const big = batchLines(out);
  const line = `${'y'.repeat(1023)}\n`;
  for (let i = 0; i < 64; i++) big.write(line);
  assert.equal(writes.length, 2, '64 KiB written without waiting for the turn to end');
  assert.equal(writes[1]!.length, 64 * 1024);
  big.close();
  assert.equal(writes.length, 2, 'nothing left to write');
});

test('batchLines: what is held when the process exits is written', () => {
  const module = new URL('../../../src/launchers/line-batcher.js', import.meta.url).href;
  const script = `import(${JSON.stringify(module)}).then(({ batchLines }) => { const out = batchLines(process.stderr); out.write('last words\\n'); process.exit(3); });`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 3);
  assert.equal(r.stderr, 'last words\n');
});
