import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kindFromFiles, localDirKind } from '../../../src/sync/markers.js';

test('a sweep holds sweep.json or the plan record .orch/plan.json; a run holds .orch/run.json', () => {
  const has = (...files: string[]) => (f: string) => files.includes(f);
  assert.equal(kindFromFiles(has('sweep.json', '0/.orch/run.json')), 'sweep');
  assert.equal(kindFromFiles(has('.orch/plan.json', '.orch/jobs.jsonl')), 'sweep');
  assert.equal(kindFromFiles(has('.orch/run.json', 'metrics.json')), 'run');
  assert.equal(kindFromFiles(has('plan.json', 'run.json', 'x/sweep.json')), undefined);
  const dir = mkdtempSync(join(tmpdir(), 'orch-sync-markers-'));
  assert.equal(localDirKind(dir), undefined);
  mkdirSync(join(dir, '.orch'));
  writeFileSync(join(dir, '.orch', 'plan.json'), '{}');
  assert.equal(localDirKind(dir), 'sweep');
});
