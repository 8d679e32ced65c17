import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseReply } from '../../../../src/launchers/local/spawner.js';

test('spawner replies: started with a pid, not started with an errno name, ended with a code or a signal', () => {
  assert.deepEqual(parseReply('S 3 4242'), { id: 3, kind: 'S', reply: { pid: 4242 } });
  assert.deepEqual(parseReply('E 4 2'), { id: 4, kind: 'E', reply: { errno: 'ENOENT' } });
  assert.deepEqual(parseReply('X 5 0'), { id: 5, kind: 'X', reply: { code: 0, signal: null } });
  assert.deepEqual(parseReply('X 6 -15'), { id: 6, kind: 'X', reply: { code: null, signal: 'SIGTERM' } });
  assert.equal(parseReply('garbage'), undefined);
  assert.equal(parseReply('X 1'), undefined);
});
