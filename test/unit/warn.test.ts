import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inform, warn, warnOnce } from '../../src/warn.js';

test('each composition warning is written once per run, however many jobs compose it', () => {
  const out: string[] = [];
  const warn = warnOnce((t) => out.push(t));
  for (let i = 0; i < 3; i++) { warn('missing _self_'); warn('other'); }
  assert.deepEqual(out, ['orch: warning: missing _self_\n', 'orch: warning: other\n']);
});

test('a warning and a note each have their one prefix', () => {
  const out: string[] = [];
  warn('cannot keep attempt 1 of /s/0: EACCES', (t) => out.push(t));
  inform('sweep of 4 job(s) in /s', (t) => out.push(t));
  assert.deepEqual(out, ['orch: warning: cannot keep attempt 1 of /s/0: EACCES\n', 'orch: sweep of 4 job(s) in /s\n']);
});
