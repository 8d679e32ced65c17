import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromPlain, type CfgDict } from '../../../src/config/value.js';
import { writeJobSnapshot } from '../../../src/store/snapshot.js';

test('a snapshot write that fails returns only once its other files are written: nothing is in flight for the cleanup to race', async () => {
  const job = mkdtempSync(join(tmpdir(), 'orch-snap-'));
  // config.json cannot be renamed over a directory: that one write fails, the others succeed.
  mkdirSync(join(job, '.orch', 'config.json', 'x'), { recursive: true });
  for (let i = 0; i < 20; i++) {
    const big = fromPlain({ values: Array.from({ length: 2000 }, (_, k) => k) }) as CfgDict;
    await assert.rejects(writeJobSnapshot(job, { config: big, overrides: [`i=${i}`], orch: new Map() }));
    const left = readdirSync(join(job, '.orch')).sort();
    assert.deepEqual(left, ['config.json', 'config.yaml', 'orch.yaml', 'overrides.yaml', 'unresolved.json'], `attempt ${i}: ${left.join(', ')}`);
  }
  rmSync(job, { recursive: true, force: true });
});
