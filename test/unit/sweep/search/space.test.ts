import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOverride } from '../../../../src/overrides/index.js';
import { searchSpaceOf, SearchError, type Distribution } from '../../../../src/sweep/search/index.js';

const space = (...overrides: string[]) => searchSpaceOf({ overrides: overrides.map(parseOverride) });
const dist = (o: string): Distribution => space(o).params[0]!.dist;

/** [name, override, distribution] */
const cases: Array<[string, string, Distribution]> = [
  ['interval is a float', 'lr=interval(0, 1)', { kind: 'float', low: 0, high: 1, log: false }],
  ['int(interval) is an int', 'w=int(interval(1, 64))', { kind: 'int', low: 1, high: 64, log: false, step: 1 }],
  ['tag(log, interval) is log-scaled', 'lr=tag(log, interval(1e-4, 1e-1))', { kind: 'float', low: 1e-4, high: 0.1, log: true }],
  ['log int, tag outside the cast', 'b=tag(log, int(interval(8, 256)))', { kind: 'int', low: 8, high: 256, log: true, step: 1 }],
  ['log int, cast outside the tag', 'b=int(tag(log, interval(8, 256)))', { kind: 'int', low: 8, high: 256, log: true, step: 1 }],
  ['float() of an int interval is a float again', 'x=float(int(interval(1.5, 9.5)))', { kind: 'float', low: 1, high: 9, log: false }],
  ['range high snaps to the step grid', 'w=range(32, 513, 32)', { kind: 'int', low: 32, high: 512, log: false, step: 32 }],
  ['range on the grid keeps its stop (Optuna: inclusive)', 'w=range(0, 10, 5)', { kind: 'int', low: 0, high: 10, log: false, step: 5 }],
  ['float range', 'd=range(0.0, 0.5, 0.1)', { kind: 'float', low: 0, high: 0.5, log: false, step: 0.1 }],
  ['shuffled range is categorical', 'k=shuffle(range(3))', { kind: 'categorical', choices: ['0', '1', '2'] }],
  ['simple choice', 'model=net2,net5', { kind: 'categorical', choices: ['net2', 'net5'] }],
  ['choice() keeps rendered values', "o=choice(sgd, 0.5, true, 'a b')", { kind: 'categorical', choices: ['sgd', '0.5', 'True', 'a\\ b'] }],
];
for (const [name, o, expected] of cases) {
  test(`search space: ${name}`, () => assert.deepEqual(dist(o), expected));
}

test('search space: fixed values, order and the last value of a repeated key', () => {
  const s = space('a=1', 'lr=interval(0, 1)', '+extra=x', 'a=2', 'orch.sweeper.n_trials=5');
  assert.deepEqual(s.params.map((p) => p.key), ['lr']);
  assert.deepEqual(s.fixed, [['a', 'a=2'], ['+extra', '+extra=x']]);
  assert.deepEqual(s.order, ['a', 'lr', '+extra']);
});

test('search space: orch.sweeper.params come first', () => {
  const s = searchSpaceOf({ overrides: [parseOverride('b=1,2')], params: new Map([['lr', 'tag(log, interval(1e-3, 1))']]) });
  assert.deepEqual(s.order, ['lr', 'b']);
  assert.equal(s.params[0]!.dist.kind, 'float');
});

/** [override, text the message must contain] */
const errors: Array<[string, string]> = [
  ['m=glob(net*)', "Search parameter 'm' ('m=glob(net*)'): glob() cannot be searched"],
  ['x=interval(1, 1)', 'needs start < end'],
  ['x=tag(log, interval(0, 1))', 'log-scaled interval needs start > 0'],
  ['x=int(tag(log, interval(0, 5)))', 'log-scaled int interval needs start >= 1'],
  ['x=range(5, 0, -1)', 'needs a positive step'],
  ['x=tag(log, range(1, 10))', 'cannot also be log-scaled'],
  ['x=[1,2],[3]', 'not a list ([1,2])'],
];
for (const [o, message] of errors) {
  test(`search space error: ${o}`, () => {
    assert.throws(() => space(o), (e: unknown) => e instanceof SearchError && e.code === 'SEARCH_SPACE' && e.message.includes(message) && e.hint !== undefined);
  });
}
