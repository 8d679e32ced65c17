import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReuseIndex, reuseKey } from '../../../src/run/reuse/reuse-index.js';
import type { LedgerRow } from '../../../src/ledger/types.js';

const row = (id: string, extra: Partial<LedgerRow>): LedgerRow => ({
  id, root: '/p/outputs', status: 'completed', task: 'train', num: 0, attempt: 1, overrides: [], params: {}, metrics: {}, notes: [],
  configHash: 'c1', codeState: 's1', ...extra,
});

test('only completed runs with a config hash and code state count; the newest wins; a reuse points at its origin', () => {
  const index = buildReuseIndex([
    row('outputs/a/0', { endedMs: 1 }),
    row('outputs/b/0', { endedMs: 2 }),
    row('outputs/c/0', { endedMs: 3, status: 'failed' }),
    row('outputs/d/0', { configHash: 'c2', endedMs: 1, reusedFrom: '/p/outputs/x/3' }),
    row('outputs/e/0', { codeState: undefined, configHash: 'c3' }),
    row('outputs/f/0', { task: 'eval' }),
  ], '/p');
  assert.equal(index.get(reuseKey('train', 'c1', 's1')), '/p/outputs/b/0');
  assert.equal(index.get(reuseKey('train', 'c2', 's1')), '/p/outputs/x/3');
  assert.equal(index.get(reuseKey('train', 'c3', 's1')), undefined);
  assert.equal(index.get(reuseKey('eval', 'c1', 's1')), '/p/outputs/f/0');
  assert.equal(index.size, 3);
});
