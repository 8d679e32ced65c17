import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reportFailure } from '../../../src/cli/failure.js';

/** What reportFailure prints and returns for `err`. */
function report(err: unknown): { code: number; stderr: string } {
  const chunks: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((s: string) => { chunks.push(s); return true; }) as typeof process.stderr.write;
  try {
    return { code: reportFailure(err, []), stderr: chunks.join('') };
  } finally {
    process.stderr.write = write;
  }
}

test('an unwrapped ENOSPC is a user error naming the path and the cause in words, without a stack', () => {
  const err = Object.assign(new Error("ENOSPC: no space left on device, mkdir '/data/out/3'"), { code: 'ENOSPC', syscall: 'mkdir', path: '/data/out/3' });
  const r = report(err);
  assert.equal(r.code, 2);
  assert.equal(r.stderr.split('\n')[0], 'Error: Cannot create the directory /data/out/3: no space left on device (ENOSPC)');
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
});

test('ENAMETOOLONG, EACCES and EROFS are user errors too', () => {
  for (const [code, words] of [['ENAMETOOLONG', 'file name too long'], ['EACCES', 'permission denied'], ['EROFS', 'read-only file system']]) {
    const r = report(Object.assign(new Error(code), { code, syscall: 'open', path: '/p/f' }));
    assert.equal(r.code, 2, code);
    assert.match(r.stderr, new RegExp(`^Error: Cannot open /p/f: ${words} \\(${code}\\)\\n`));
  }
});

test('a stack overflow or an ENOENT nobody expected is still reported as a bug', () => {
  assert.equal(report(new RangeError('Maximum call stack size exceeded')).code, 70);
  assert.equal(report(Object.assign(new Error('ENOENT'), { code: 'ENOENT', syscall: 'open', path: '/x' })).code, 70);
});
