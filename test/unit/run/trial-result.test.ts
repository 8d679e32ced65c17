import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { objectiveOf, trialResultOf } from '../../../src/run/search/trial-result.js';

test("a trial's objective is a key path into metrics.json; a missing one is a failed trial that names it, never NaN", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'orch-trial-'));
  assert.match(String(await objectiveOf(dir, 'val.accuracy')), /wrote no metrics\.json/);
  writeFileSync(join(dir, 'metrics.json'), JSON.stringify({ val: { accuracy: 0.93, note: 'x' }, loss: 0.2 }));
  assert.equal(await objectiveOf(dir, 'val.accuracy'), 0.93);
  assert.match(String(await objectiveOf(dir, 'val.acc')), /'val\.acc' is not in metrics\.json \(its numeric metrics: val\.accuracy, loss\)/);
  assert.match(String(await objectiveOf(dir, 'val.note')), /is "x" in metrics\.json, not a number/);
  assert.deepEqual(await trialResultOf(3, dir, 'completed', 'loss'), { trial: 3, state: 'completed', value: 0.2 });
  const failed = await trialResultOf(3, dir, 'completed', 'val.acc');
  assert.equal(failed.state, 'failed');
  assert.deepEqual(await trialResultOf(4, dir, 'timeout', 'loss'), { trial: 4, state: 'failed', error: 'the job timed out' });
  writeFileSync(join(dir, 'metrics.json'), '{"loss": NaN}');
  assert.ok(Number.isNaN(await objectiveOf(dir, 'loss')));
});
