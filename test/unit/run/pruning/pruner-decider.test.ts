import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OrchError } from '../../../../src/errors.js';
import { createPrunerDecider } from '../../../../src/run/pruning/pruner-decider.js';
import { prunerOf, prunerSettingsOf } from '../../../../src/run/pruning/pruner-settings.js';

const decider = (sweeper: Record<string, unknown>) => {
  const s = prunerSettingsOf(sweeper)!;
  return createPrunerDecider(prunerOf(s), s.metric);
};
const rep = (num: number, step: number, loss: number) => ({ num, step, values: { step, val: { loss } } });

test('median: no decision before n_startup_trials completed; then a job behind the median is pruned', () => {
  const d = decider({ pruner: { name: 'median', n_startup_trials: 2 }, metric: 'val.loss', direction: 'minimize' });
  assert.equal(d.decide(rep(0, 0, 1)), 'continue');
  assert.equal(d.decide(rep(2, 0, 9)), 'continue', 'nothing completed yet');
  d.ended!(0, 'completed', [rep(0, 1, 1)]);
  assert.equal(d.decide(rep(2, 1, 9)), 'continue', 'one completed of two needed');
  d.ended!(1, 'completed', [rep(1, 0, 2), rep(1, 1, 2)]);
  assert.equal(d.decide(rep(3, 0, 1.2)), 'continue', 'ahead of the median (1.5)');
  assert.equal(d.decide(rep(4, 1, 9)), 'prune');
  assert.equal(d.metric, 'val.loss');
});

test('a report without the metric is never judged', () => {
  const d = decider({ pruner: 'median', metric: 'acc', direction: 'maximize' });
  for (let j = 0; j < 6; j++) d.ended!(j, 'completed', [{ num: j, step: 0, values: { acc: 0.9 } }]);
  assert.equal(d.decide({ num: 9, step: 0, values: { loss: 1 } }), 'continue');
  assert.equal(d.decide({ num: 9, step: 0, values: { acc: 0.1 } }), 'prune');
});

test('asha from snake_case settings: the worst at the first rung is stopped', () => {
  const d = decider({ pruner: { name: 'asha', min_resource: 1, reduction_factor: 2 }, metric: 'val.loss' });
  assert.equal(d.decide(rep(0, 1, 1)), 'continue');
  assert.equal(d.decide(rep(1, 1, 5)), 'prune');
});

test('bad pruner settings are typed errors naming the key and the choices', () => {
  const err = (s: Record<string, unknown>) => { try { prunerSettingsOf(s); } catch (e) { return e as OrchError; } assert.fail('no error'); };
  const unknown = err({ pruner: 'hyperband', metric: 'x' });
  assert.ok(unknown instanceof OrchError);
  assert.match(unknown.message, /unknown pruner "hyperband"/);
  assert.match(String(unknown.hint), /median, asha/);
  assert.match(err({ pruner: { name: 'asha', reduction_facto: 3 }, metric: 'x' }).hint!, /Did you mean reduction_factor/);
  assert.match(err({ pruner: { name: 'median', n_warmup_steps: 'x' }, metric: 'x' }).message, /n_warmup_steps: expected a number/);
  assert.match(err({ pruner: 'median' }).message, /needs orch.sweeper.metric/);
  assert.equal(prunerSettingsOf({ pruner: 'none' }), undefined);
  assert.equal(prunerSettingsOf({}), undefined);
});
