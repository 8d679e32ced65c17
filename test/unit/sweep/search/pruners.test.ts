import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ashaShouldPrune, medianShouldPrune, type PrunerTrial } from '../../../../src/sweep/search/index.js';

const trial = (number: number, state: PrunerTrial['state'], values: Record<number, number>): PrunerTrial =>
  ({ number, state, intermediate: new Map(Object.entries(values).map(([s, v]) => [Number(s), v])) });

// Completed trials; their values at step 1 are 8, 10, 6 (median 8) and at step 2 are 6, 4, 5 (median 5).
const done = [trial(0, 'completed', { 0: 10, 1: 8, 2: 6 }), trial(1, 'completed', { 0: 12, 1: 10, 2: 4 }), trial(2, 'completed', { 0: 8, 1: 6, 2: 5 })];
const running = (values: Record<number, number>) => trial(9, 'running', values);

/** [name, trial values, options, expected] */
const medianCases: Array<[string, Record<number, number>, Parameters<typeof medianShouldPrune>[2], boolean]> = [
  ['best so far 9 is worse than the median 8', { 0: 11, 1: 9 }, { direction: 'minimize', nStartupTrials: 2 }, true],
  ['best so far 7 beats the median 8', { 0: 11, 1: 7 }, { direction: 'minimize', nStartupTrials: 2 }, false],
  ['during warmup', { 0: 11, 1: 9 }, { direction: 'minimize', nStartupTrials: 2, nWarmupSteps: 2 }, false],
  ['before n_startup_trials completed', { 0: 11, 1: 9 }, { direction: 'minimize', nStartupTrials: 4 }, false],
  ['too few values at the step', { 0: 11, 1: 9 }, { direction: 'minimize', nStartupTrials: 2, nMinTrials: 4 }, false],
  ['maximize: best 11 is above the median 8', { 0: 11, 1: 9 }, { direction: 'maximize', nStartupTrials: 2 }, false],
  ['maximize: best 7 is below the median 8', { 0: 5, 1: 7 }, { direction: 'maximize', nStartupTrials: 2 }, true],
  ['not a pruning step (interval 2)', { 0: 20, 1: 30 }, { direction: 'minimize', nStartupTrials: 2, intervalSteps: 2 }, false],
  ['pruning step 2: best 10 is worse than the median 5', { 0: 20, 1: 30, 2: 10 }, { direction: 'minimize', nStartupTrials: 2, intervalSteps: 2 }, true],
  ['a NaN report stops the trial', { 0: NaN }, { direction: 'minimize', nStartupTrials: 2 }, true],
  ['no report yet', {}, { direction: 'minimize', nStartupTrials: 2 }, false],
];
for (const [name, values, opts, expected] of medianCases) {
  test(`median pruner: ${name}`, () => {
    const t = running(values);
    assert.equal(medianShouldPrune(t, [...done, t], opts), expected);
  });
}

// ASHA with min_resource 1 and reduction factor 2: rungs at steps 1, 2, 4, 8.
const others = [trial(0, 'completed', { 1: 5, 2: 4, 4: 3 }), trial(1, 'pruned', { 1: 6, 2: 5 }), trial(2, 'pruned', { 1: 7 })];
const asha = { minResource: 1, reductionFactor: 2 } as const;

/** [name, trial values, direction, expected] */
const ashaCases: Array<[string, Record<number, number>, 'minimize' | 'maximize', boolean]> = [
  ['rung 0: 5.5 is in the best half of 5, 5.5, 6, 7', { 1: 5.5 }, 'minimize', false],
  ['rung 0: 6.5 is not in the best half of 5, 6, 6.5, 7', { 1: 6.5 }, 'minimize', true],
  ['rung 1: 4.5 is not the best of 4, 4.5, 5 (rung 0 is not judged again)', { 1: 5.5, 2: 4.5 }, 'minimize', true],
  ['rung 1: 3.5 is the best of 3.5, 4, 5', { 1: 5.5, 2: 3.5 }, 'minimize', false],
  ['between rungs nothing is judged', { 1: 5.5, 2: 3.5, 3: 100 }, 'minimize', false],
  ['a skipped step is judged at every rung it passes', { 4: 2 }, 'minimize', false],
  ['maximize: 6.5 is in the best half of 5, 6, 6.5, 7', { 1: 6.5 }, 'maximize', false],
  ['maximize: 5.5 is not', { 1: 5.5 }, 'maximize', true],
  ['a NaN report at a rung stops the trial', { 1: NaN }, 'minimize', true],
];
for (const [name, values, direction, expected] of ashaCases) {
  test(`asha pruner: ${name}`, () => {
    const t = running(values);
    assert.equal(ashaShouldPrune(t, [...others, t], { ...asha, direction }), expected);
  });
}

test('asha pruner: the first trial at a rung goes on; auto min_resource needs a completed trial', () => {
  const t = running({ 1: 100 });
  assert.equal(ashaShouldPrune(t, [t], { ...asha, direction: 'minimize' }), false);
  assert.equal(ashaShouldPrune(t, [t, ...others.slice(1)], { direction: 'minimize', minResource: 'auto', reductionFactor: 2 }), false);
  // With trial 0 completed at step 4, auto is max(4 // 100, 1) = 1: the same decision as min_resource 1.
  assert.equal(ashaShouldPrune(running({ 1: 6.5 }), [...others, running({ 1: 6.5 })], { direction: 'minimize', minResource: 'auto', reductionFactor: 2 }), true);
});

test('asha pruner: bootstrap_count prunes until enough trials reached the rung', () => {
  const t = running({ 1: 1 });
  assert.equal(ashaShouldPrune(t, [t], { ...asha, direction: 'minimize', bootstrapCount: 1 }), true);
  assert.equal(ashaShouldPrune(t, [...others, t], { ...asha, direction: 'minimize', bootstrapCount: 1 }), false);
});
