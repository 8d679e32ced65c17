import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createStudy, createRandomSampler, createPruner, searchSpaceOf } from '../../../src/sweep/search/index.js';
import { parseOverride } from '../../../src/overrides/index.js';
import { studyPruneDecider } from '../../../src/run/search/prune-decider.js';

test('the decider reports the metric to the study; a trial behind the median at a step is pruned', () => {
  const space = searchSpaceOf({ overrides: [parseOverride('lr=interval(0, 1)')] });
  const study = createStudy({ space, sampler: createRandomSampler(), nTrials: 10, direction: 'maximize', seed: 0,
    pruner: createPruner({ name: 'median', nStartupTrials: 2 }, 'maximize') });
  const decide = studyPruneDecider(study, 'val.accuracy');
  for (const good of [0.9, 0.8]) {
    const p = study.ask();
    assert.ok(typeof p === 'object');
    assert.equal(decide({ num: p.trial, step: 1, values: { 'val.accuracy': good } }), 'continue');
    study.tell({ trial: p.trial, state: 'completed', value: good });
  }
  const p = study.ask();
  assert.ok(typeof p === 'object');
  assert.equal(decide({ num: p.trial, step: 1, values: { loss: 3 } }), 'continue');
  assert.equal(decide({ num: p.trial, step: 1, values: { 'val.accuracy': 0.1 } }), 'prune');
  // A report of a trial the study no longer runs says nothing.
  assert.equal(decide({ num: 0, step: 2, values: { 'val.accuracy': 0.1 } }), 'continue');
});

test('the decider reads the metric as a path too ({"val": {"accuracy": x}}, the shape of metrics.json), as the grid does', () => {
  const space = searchSpaceOf({ overrides: [parseOverride('lr=interval(0, 1)')] });
  const study = createStudy({ space, sampler: createRandomSampler(), nTrials: 10, direction: 'maximize', seed: 0,
    pruner: createPruner({ name: 'median', nStartupTrials: 1 }, 'maximize') });
  const decide = studyPruneDecider(study, 'val.accuracy');
  const good = study.ask();
  assert.ok(typeof good === 'object');
  assert.equal(decide({ num: good.trial, step: 1, values: { step: 1, val: { accuracy: 0.9 } } }), 'continue');
  study.tell({ trial: good.trial, state: 'completed', value: 0.9 });
  const bad = study.ask();
  assert.ok(typeof bad === 'object');
  assert.equal(decide({ num: bad.trial, step: 1, values: { step: 1, val: { accuracy: 0.2 } } }), 'prune');
});

test('a search\'s pruning hands a trial\'s last reports to the study when it ends: a trial never seen running still counts for the pruner', async () => {
  const { searchPruning } = await import('../../../src/run/search/start-search.js');
  const space = searchSpaceOf({ overrides: [parseOverride('lr=interval(0, 1)')] });
  const study = createStudy({ space, sampler: createRandomSampler(), nTrials: 10, direction: 'maximize', seed: 0,
    pruner: createPruner({ name: 'median', nStartupTrials: 2 }, 'maximize') });
  const pruning = searchPruning({ sweeper: 'random', nTrials: 10, metric: 'val.accuracy', direction: 'maximize', seed: 0, pruner: { name: 'median', nStartupTrials: 2 } }, study)!;
  for (const good of [0.9, 0.8]) {
    const p = study.ask();
    assert.ok(typeof p === 'object');
    // Ended between two polls: the decider hears of its history only now.
    pruning.ended!(p.trial, 'completed', [{ num: p.trial, step: 1, values: { 'val.accuracy': good } }]);
    study.tell({ trial: p.trial, state: 'completed', value: good });
  }
  const p = study.ask();
  assert.ok(typeof p === 'object');
  assert.equal(pruning.decide({ num: p.trial, step: 1, values: { 'val.accuracy': 0.1 } }), 'prune');
});
