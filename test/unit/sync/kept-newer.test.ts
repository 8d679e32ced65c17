import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keptNewer, parseLsjson } from '../../../src/sync/kept-newer.js';

test('keptNewer: destination files newer by a second or more and of another size', () => {
  const src = new Map([
    ['a', { size: 10, modTime: 1000 }], ['b', { size: 10, modTime: 1000 }], ['c', { size: 10, modTime: 1000 }],
    ['d', { size: 10, modTime: 5000 }], ['e', { size: 10, modTime: 1000 }],
  ]);
  const dst = new Map([
    ['a', { size: 11, modTime: 2000 }], // newer, changed: kept
    ['b', { size: 10, modTime: 9000 }], // same size: an upload time on a remote without modification times
    ['c', { size: 12, modTime: 1999 }], // within the window rclone treats as equal
    ['d', { size: 12, modTime: 1000 }], // older: rclone replaces it
    ['z', { size: 1, modTime: 9000 }], // only there
  ]);
  assert.deepEqual(keptNewer(src, dst), ['a']);
});

test('parseLsjson reads rclone lsjson rows', () => {
  const m = parseLsjson('[{"Path":"1/metrics.json","Name":"metrics.json","Size":12,"ModTime":"2026-12-06T21:43:41.371373805Z","IsDir":false}]');
  assert.deepEqual(m.get('1/metrics.json'), { size: 12, modTime: Date.parse('2026-12-06T21:43:41.371Z') });
});
