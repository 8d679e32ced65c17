import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOverride } from '../../../../src/overrides/index.js';
import { createRandomSampler, createStudy, createTpeSampler, searchSpaceOf, type Proposal, type Sampler } from '../../../../src/sweep/search/index.js';
import { splitTrials, defaultGamma } from '../../../../src/sweep/search/tpe.js';
import { createParzen, defaultWeights, logPdfParzen } from '../../../../src/sweep/search/parzen.js';
import type { Distribution } from '../../../../src/sweep/search/distribution.js';
import type { Observation } from '../../../../src/sweep/search/sampler.js';

const space = searchSpaceOf({ overrides: [parseOverride('x=interval(-5, 5)')] });
const quadratic = (p: Proposal): number => (Number(p.params.x) - 0.3) ** 2;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

function bestOf(sampler: () => Sampler, seed: number, nTrials = 30): number {
  const study = createStudy({ space, sampler: sampler(), nTrials, direction: 'minimize', seed });
  for (let p = study.ask(); p !== 'done'; p = study.ask()) {
    if (p === 'wait') throw new Error('a sequential study never waits');
    study.tell({ trial: p.trial, state: 'completed', value: quadratic(p) });
  }
  return study.best()!.value;
}

test('tpe: on a 1-d quadratic TPE ends far closer to the optimum than random search', () => {
  const seeds = [...Array(20).keys()];
  for (const multivariate of [true, false]) {
    const tpe = median(seeds.map((s) => bestOf(() => createTpeSampler({ multivariate }), s)));
    const random = median(seeds.map((s) => bestOf(createRandomSampler, s)));
    // Random's median best of 30 draws on a width-10 interval is ~1e-2; TPE's is orders below.
    assert.ok(tpe < random / 10, `multivariate=${multivariate}: tpe ${tpe} vs random ${random}`);
  }
});

test('tpe: proposals stay inside the space and on its grids', () => {
  const s = searchSpaceOf({ overrides: ['w=range(32, 513, 32)', 'lr=tag(log, interval(1e-4, 1e-1))', 'k=int(tag(log, interval(1, 1000)))', 'm=a,b'].map(parseOverride) });
  const study = createStudy({ space: s, sampler: createTpeSampler({ nStartupTrials: 3 }), nTrials: 40, direction: 'maximize', seed: 1 });
  for (let p = study.ask(); typeof p === 'object'; p = study.ask()) {
    const w = Number(p.params.w), lr = Number(p.params.lr), k = Number(p.params.k);
    assert.ok(w % 32 === 0 && w >= 32 && w <= 512, `w=${w}`);
    assert.ok(lr >= 1e-4 && lr <= 0.1, `lr=${lr}`);
    assert.ok(Number.isInteger(k) && k >= 1 && k <= 1000, `k=${k}`);
    assert.ok(['a', 'b'].includes(p.params.m!));
    study.tell({ trial: p.trial, state: 'completed', value: -Math.abs(Math.log10(lr) + 2) - Math.abs(w - 256) / 256 });
  }
});

/** Mean spread of 4 proposals asked together after 12 sequential trials, over 20 seeds. */
function parallelSpread(constantLiar: boolean): number {
  let total = 0;
  for (let seed = 0; seed < 20; seed++) {
    const study = createStudy({ space, sampler: createTpeSampler({ constantLiar, nStartupTrials: 5 }), nTrials: 16, direction: 'minimize', seed });
    for (let i = 0; i < 12; i++) {
      const p = study.ask() as Proposal;
      study.tell({ trial: p.trial, state: 'completed', value: quadratic(p) });
    }
    const xs = [0, 1, 2, 3].map(() => Number((study.ask() as Proposal).params.x));
    total += Math.max(...xs) - Math.min(...xs);
  }
  return total / 20;
}

test('tpe: with the constant liar, trials asked while others run spread out', () => {
  const withLiar = parallelSpread(true);
  const without = parallelSpread(false);
  assert.ok(withLiar > 1.5 * without, `spread with constant liar ${withLiar}, without ${without}`);
});

test('tpe: the split ranks completed, then pruned by step and value, running last', () => {
  const o = (number: number, state: Observation['state'], loss?: number, step?: number): Observation => ({ number, values: [0], state, loss, step });
  const history = [o(0, 'completed', 5), o(1, 'pruned', undefined, 3), o(2, 'running'), o(3, 'completed', 2), o(4, 'pruned', 0, 1),
    o(5, 'pruned', 4, 3), o(6, 'pruned', 1, 3), o(7, 'pruned')];
  const [below, above] = splitTrials(history, 4);
  // By rank: 3 (2), 0 (5), 6 (step 3, 1), 5 (step 3, 4), 1 (step 3, no value), 4 (step 1), 7 (no report), 2 (running).
  assert.deepEqual(below.map((x) => x.number), [0, 3, 5, 6]);
  assert.deepEqual(above.map((x) => x.number), [1, 2, 4, 7]);
});

test('parzen: a discrete or categorical estimator is a probability distribution over its values', () => {
  const dists: Distribution[] = [{ kind: 'int', low: 1, high: 9, log: false, step: 2 }, { kind: 'categorical', choices: ['a', 'b', 'c'] }];
  const est = createParzen(dists, [Float64Array.from([3, 3, 9]), Float64Array.from([0, 2, 2])], { priorWeight: 1 });
  const grid = [1, 3, 5, 7, 9].flatMap((v) => [0, 1, 2].map((c) => [v, c]));
  const total = logPdfParzen(est, grid).reduce((s, lp) => s + Math.exp(lp), 0);
  assert.ok(Math.abs(total - 1) < 1e-9, `total mass ${total}`);
  // The observed pair (3, 'c') is likelier than the unobserved (7, 'b').
  const [seen, unseen] = logPdfParzen(est, [[3, 2], [7, 1]]);
  assert.ok(seen! > unseen!);
});

test('tpe: Optuna default gamma and weights', () => {
  assert.deepEqual([1, 10, 11, 100, 300].map(defaultGamma), [1, 1, 2, 10, 25]);
  assert.deepEqual([...defaultWeights(3)], [1, 1, 1]);
  const w = defaultWeights(30);
  assert.equal(w[0], 1 / 30);
  assert.ok(Math.abs(w[4]! - 1) < 1e-12 && w[5] === 1 && w[29] === 1);
});
