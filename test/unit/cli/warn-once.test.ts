import { test } from 'node:test';
import assert from 'node:assert/strict';
import { warnOnce } from '../../../src/cli/warn-once.js';

test('each composition warning is written once per run, however many jobs compose it', () => {
  const out: string[] = [];
  const warn = warnOnce((t) => out.push(t));
  for (let i = 0; i < 3; i++) { warn('missing _self_'); warn('other'); }
  assert.deepEqual(out, ['orch: warning: missing _self_\n', 'orch: warning: other\n']);
});
