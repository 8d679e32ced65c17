import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { guardStdio } from '../../../src/cli/stdio.js';

test('guardStdio: after an EPIPE the stream drops writes (callbacks still called) instead of throwing', async () => {
  const got: string[] = [];
  const stream = new Writable({ write(chunk, _enc, cb) { got.push(String(chunk)); cb(); } }) as unknown as NodeJS.WriteStream;
  guardStdio([stream]);
  guardStdio([stream]);
  assert.equal(stream.listenerCount('error'), 1, 'guarding twice installs one handler');
  stream.write('before\n');
  stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
  assert.equal(stream.write('after\n'), true);
  await new Promise<void>((resolve) => stream.write('with callback\n', () => resolve()));
  assert.deepEqual(got, ['before\n']);
});
