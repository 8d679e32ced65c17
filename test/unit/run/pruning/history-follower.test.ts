import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { createHistoryFollower } from '../../../../src/run/pruning/history-follower.js';

const tmp = (): string => join(mkdtempSync(join(tmpdir(), 'orch-follow-')), 'history.jsonl');
const steps = (rs: Array<{ step: number }>): number[] => rs.map((r) => r.step);

test('only new bytes are read; a partial last line waits for its newline', async () => {
  const path = tmp();
  const f = createHistoryFollower(path);
  assert.deepEqual(await f.read(), [], 'no file yet');
  writeFileSync(path, '{"step":0,"loss":1}\n{"step":1,"lo');
  assert.deepEqual(steps(await f.read()), [0]);
  assert.deepEqual(await f.read(), [], 'the half line is not a report');
  appendFileSync(path, 'ss":0.5}\n{"step":2,"loss":NaN}\n');
  const next = await f.read();
  assert.deepEqual(steps(next), [1, 2]);
  assert.equal(next[0]!.values.loss, 0.5);
  assert.ok(Number.isNaN(next[1]!.values.loss), 'Python/TS NaN is read');
  assert.equal(f.steps, 3);
});

test('lines without a whole step, damaged lines and non-objects are skipped', async () => {
  const path = tmp();
  writeFileSync(path, '{"loss":1}\nnot json\n[1]\n{"step":1.5}\n{"step":4,"loss":2}\n\n');
  const f = createHistoryFollower(path);
  assert.deepEqual(steps(await f.read()), [4]);
});

test('a truncated or replaced file is read again from its start', async () => {
  const path = tmp();
  writeFileSync(path, '{"step":0}\n{"step":1}\n{"step":2}\n');
  const f = createHistoryFollower(path);
  assert.deepEqual(steps(await f.read()), [0, 1, 2]);
  writeFileSync(path, '{"step":0}\n');
  assert.deepEqual(steps(await f.read()), [0]);
});

test('at most maxBytes per read: a job that logs a lot is read over several rounds, nothing lost', async () => {
  const path = tmp();
  const lines = Array.from({ length: 500 }, (_, i) => `{"step":${i},"loss":${i / 7}}\n`).join('');
  writeFileSync(path, lines);
  const f = createHistoryFollower(path, 256);
  const seen: number[] = [];
  let rounds = 0;
  for (let r = await f.read(); r.length || seen.length < 500; r = await f.read()) {
    seen.push(...steps(r));
    if (++rounds > 1000) break;
  }
  assert.deepEqual(seen, Array.from({ length: 500 }, (_, i) => i));
  assert.ok(rounds > 50, `bounded reads (${rounds} rounds)`);
});

test('drainSync at the end takes the rest, a last line without newline included, and later reads are empty', async () => {
  const path = tmp();
  writeFileSync(path, '{"step":0}\n');
  const f = createHistoryFollower(path);
  assert.deepEqual(steps(await f.read()), [0]);
  appendFileSync(path, '{"step":1}\n{"step":2}');
  assert.deepEqual(steps(f.drainSync()), [1, 2]);
  appendFileSync(path, '\n{"step":3}\n');
  assert.deepEqual(await f.read(), []);
});

test('many jobs: one follower each, independent offsets', async () => {
  const paths = Array.from({ length: 200 }, tmp);
  const fs = paths.map((p) => createHistoryFollower(p));
  paths.forEach((p, i) => writeFileSync(p, `{"step":0,"v":${i}}\n`));
  const first = await Promise.all(fs.map((f) => f.read()));
  assert.deepEqual(first.map((r) => r[0]!.values.v), paths.map((_, i) => i));
  paths.forEach((p, i) => { if (i % 2) appendFileSync(p, `{"step":1,"v":${i}}\n`); });
  const second = await Promise.all(fs.map((f) => f.read()));
  assert.deepEqual(second.map((r) => r.length), paths.map((_, i) => i % 2));
});

test('a job that ends while a read closes its file: drainSync gets the lines, the late read none (the prune watch dropped them)', async () => {
  const path = tmp();
  writeFileSync(path, '{"step":0,"loss":1}\n{"step":1,"loss":1}\n');
  const f = createHistoryFollower(path);
  // The barrier: the handle the follower opens calls drainSync as it closes (a job end heard then).
  const fsp = createRequire(import.meta.url)('node:fs/promises') as { open: (...a: unknown[]) => Promise<{ close: () => Promise<void> }> };
  const open = fsp.open;
  let drained: Array<{ step: number }> | undefined;
  fsp.open = async (...args) => {
    const fh = await open(...args);
    const close = fh.close;
    fh.close = () => { drained ??= f.drainSync(); return close.call(fh); };
    return fh;
  };
  syncBuiltinESMExports();
  let late: Array<{ step: number }>;
  try {
    late = await f.read();
  } finally {
    fsp.open = open;
    syncBuiltinESMExports();
  }
  assert.deepEqual([...steps(drained!), ...steps(late)], [0, 1], 'every line reported once');
  assert.deepEqual(steps(drained!), [0, 1], 'the end drains them: a late read would be dropped');
  assert.deepEqual(late, []);
  assert.equal(f.steps, 2);
});
