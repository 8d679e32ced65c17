import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planWorkerCount } from '../../../../src/run/plan-workers/worker-count.js';

test('planWorkerCount: none unless ORCH_PLAN_WORKERS says how many (and never for a single job)', () => {
  assert.equal(planWorkerCount(1_000_000, {}), 0);
  assert.equal(planWorkerCount(1_000_000, { ORCH_PLAN_WORKERS: '' }), 0);
  assert.equal(planWorkerCount(10, { ORCH_PLAN_WORKERS: '2' }), 2);
  assert.equal(planWorkerCount(1, { ORCH_PLAN_WORKERS: '2' }), 0);
  assert.equal(planWorkerCount(1_000_000, { ORCH_PLAN_WORKERS: '0' }), 0);
  assert.throws(() => planWorkerCount(10, { ORCH_PLAN_WORKERS: 'two' }), /ORCH_PLAN_WORKERS=two: expected a whole number/);
  assert.throws(() => planWorkerCount(10, { ORCH_PLAN_WORKERS: '-1' }), /ORCH_PLAN_WORKERS=-1/);
});
