import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isInside, MAX_SEGMENT_BYTES, sanitizeSegment, shortenPath, shortenSegment } from '../../../src/store/path-segments.js';

test('sanitizeSegment: separators and control characters become _, . and .. cannot name a dir', () => {
  assert.equal(sanitizeSegment('data.path=/a/b'), 'data.path=_a_b');
  assert.equal(sanitizeSegment('../../etc'), '.._.._etc');
  assert.equal(sanitizeSegment('a\u0000b\nc\td\u007f'), 'a_b_c_d_');
  assert.equal(sanitizeSegment('..'), '__');
  assert.equal(sanitizeSegment('.'), '_');
  assert.equal(sanitizeSegment(''), '', 'an empty value adds no level');
  assert.equal(sanitizeSegment('lr=0.1,model=a\\b é'), 'lr=0.1,model=a\\b é', 'everything else is kept');
});

test('shortenSegment: over 255 bytes becomes a UTF-8-safe prefix plus a hash of the whole', () => {
  const ok = 'a'.repeat(MAX_SEGMENT_BYTES);
  assert.equal(shortenSegment(ok), ok);
  const long = 'é'.repeat(200);
  const short = shortenSegment(long);
  assert.ok(Buffer.byteLength(short) <= MAX_SEGMENT_BYTES);
  assert.match(short, /^é+-[0-9a-f]{12}$/);
  assert.equal(shortenSegment(long), short, 'deterministic');
  assert.notEqual(shortenSegment(long + 'x'), shortenSegment(long + 'y'), 'values differing only at the end stay apart');
  assert.equal(shortenPath(`a/${long}/b`), `a/${short}/b`);
});

test('isInside: below or at the root, never above or beside it', () => {
  assert.ok(isInside('/s', '/s/0'));
  assert.ok(isInside('/s', '/s'));
  assert.ok(!isInside('/s', '/s', true));
  assert.ok(!isInside('/s', '/'));
  assert.ok(!isInside('/s', '/s2/0'));
  assert.ok(isInside('/s', '/s/..x'));
});
