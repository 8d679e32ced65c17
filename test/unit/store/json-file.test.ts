import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAbsent, readJsonIfExists, readJsonIfExistsSync, readTextIfExists, readTextIfExistsSync } from '../../../src/store/json-file.js';

const dir = mkdtempSync(join(tmpdir(), 'orch-json-file-'));
writeFileSync(join(dir, 'ok.json'), '{"a": [1, null]}\n');
writeFileSync(join(dir, 'bad.json'), '{"a": ');
writeFileSync(join(dir, 'file'), 'x');
mkdirSync(join(dir, 'sub'));

class Bad extends Error {
  constructor(readonly path: string, readonly detail: string) { super(`${path}: ${detail}`); }
}
const bad = (path: string, detail: string): Error => new Bad(path, detail);

test('a missing file, or a path through a regular file, is absent (sync and async)', async () => {
  for (const p of [join(dir, 'nope.json'), join(dir, 'file', 'x.json')]) {
    assert.equal(await readTextIfExists(p), undefined);
    assert.equal(readTextIfExistsSync(p), undefined);
    assert.equal(await readJsonIfExists(p, bad), undefined);
    assert.equal(readJsonIfExistsSync(p, bad), undefined);
  }
});

test('a JSON file is parsed', async () => {
  assert.deepEqual(await readJsonIfExists(join(dir, 'ok.json'), bad), { a: [1, null] });
  assert.deepEqual(readJsonIfExistsSync(join(dir, 'ok.json'), bad), { a: [1, null] });
});

test("a file that is not JSON is the caller's error, naming the file and the parser's message", async () => {
  const p = join(dir, 'bad.json');
  const isBad = (e: unknown): boolean => e instanceof Bad && e.path === p && /JSON|Unexpected|end/i.test(e.detail);
  await assert.rejects(readJsonIfExists(p, bad), isBad);
  assert.throws(() => readJsonIfExistsSync(p, bad), isBad);
});

test('other read errors are thrown as they are (a directory is not an absent file)', async () => {
  await assert.rejects(readTextIfExists(join(dir, 'sub')), (e: NodeJS.ErrnoException) => e.code === 'EISDIR' && !isAbsent(e));
  assert.throws(() => readJsonIfExistsSync(join(dir, 'sub'), bad), (e: NodeJS.ErrnoException) => e.code === 'EISDIR');
});
