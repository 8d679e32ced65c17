import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOverride } from '../../../src/overrides/index.js';
import { expandBasicSweep, SweepError } from '../../../src/sweep/index.js';
import { searchSpaceOf } from '../../../src/sweep/search/index.js';
import { overridesOf } from '../../../src/sweep/search/trial.js';

const jobs = (...overrides: string[]): string[][] => [...expandBasicSweep({ overrides: overrides.map(parseOverride) })];

test('zip: members advance together, 2 x 3 jobs, the zip in its command-line position', () => {
  const all = jobs('model_opt=zip(model=choice(resnet,vit), optimizer=choice(sgd,adamw))', 'seed=1,2,3');
  assert.deepEqual(all, [
    ['model=resnet', 'optimizer=sgd', 'seed=1'], ['model=resnet', 'optimizer=sgd', 'seed=2'], ['model=resnet', 'optimizer=sgd', 'seed=3'],
    ['model=vit', 'optimizer=adamw', 'seed=1'], ['model=vit', 'optimizer=adamw', 'seed=2'], ['model=vit', 'optimizer=adamw', 'seed=3'],
  ]);
  assert.deepEqual(jobs('seed=1,2', 'z=zip(+a.b=range(2), c=choice(x,y))'), [
    ['seed=1', '+a.b=0', 'c=x'], ['seed=1', '+a.b=1', 'c=y'], ['seed=2', '+a.b=0', 'c=x'], ['seed=2', '+a.b=1', 'c=y'],
  ]);
});

test('zip: at(i) and the axes agree with the iteration', () => {
  const sweep = expandBasicSweep({ overrides: ['z=zip(a=choice(1,2), b=range(5,7))', 'c=x,y'].map(parseOverride) });
  assert.equal(sweep.count, 4);
  assert.deepEqual(sweep.axes, [{ key: 'z', size: 2 }, { key: 'c', size: 2 }]);
  assert.deepEqual([0, 1, 2, 3].map((i) => sweep.at(i)), [...sweep]);
  assert.deepEqual(sweep.at(3), ['a=2', 'b=6', 'c=y']);
});

test('zip: unequal lengths are an error naming both lengths', () => {
  assert.throws(() => jobs('mo=zip(model=choice(a,b), optimizer=choice(x,y,z))'), (e: unknown) =>
    e instanceof SweepError && e.code === 'SWEEP_ZIP_LENGTH' &&
    /zip 'mo' .*member 'model' has 2 values but 'optimizer' has 3/.test(e.message));
});

test('zip: a key set by a zip member and by another override is an error', () => {
  assert.throws(() => jobs('mo=zip(model=choice(a,b), seed=choice(1,2))', 'seed=3'), (e: unknown) =>
    e instanceof SweepError && e.code === 'SWEEP_ZIP_CONFLICT' && /'seed' is set by zip 'mo' and by 'seed=3'/.test(e.message));
  assert.throws(() => jobs('z1=zip(a=choice(1,2))', 'z2=zip(a=choice(3,4))'), /'a' is set by zip 'z1' and by zip 'z2'/);
});

test('zip in a search: one categorical over the tuples; a trial gets the member overrides', () => {
  const space = searchSpaceOf({ overrides: ['lr=interval(0,1)', 'mo=zip(model=choice(resnet,vit), +opt.beta=range(1,3))', 'seed=0'].map(parseOverride) });
  const zip = space.params[1]!;
  assert.equal(zip.key, 'mo');
  assert.deepEqual(zip.dist, { kind: 'categorical', choices: ['model=resnet,+opt.beta=1', 'model=vit,+opt.beta=2'] });
  assert.deepEqual(overridesOf(space, { lr: '0.5', mo: 'model=vit,+opt.beta=2' }), ['lr=0.5', 'model=vit', '+opt.beta=2', 'seed=0']);
});
