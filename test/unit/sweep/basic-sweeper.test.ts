import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOverride } from '../../../src/overrides/index.js';
import { expandBasicSweep, SweepError, type BasicSweepInput } from '../../../src/sweep/index.js';
import type { CfgValue } from '../../../src/value/value.js';
import { Float } from '../../../src/value/value.js';

function jobs(overrides: string[], extra: Partial<BasicSweepInput> = {}): string[][] {
  return [...expandBasicSweep({ overrides: overrides.map(parseOverride), ...extra })];
}

const params = (entries: Array<[string, CfgValue]>): Map<string, CfgValue> => new Map(entries);

/** [name, command-line overrides, sweeper params, expected jobs] */
const orderCases: Array<[string, string[], Array<[string, CfgValue]>, string[][]]> = [
  ['first key varies slowest', ['a=1,2', 'b=x,y'], [], [['a=1', 'b=x'], ['a=1', 'b=y'], ['a=2', 'b=x'], ['a=2', 'b=y']]],
  ['no overrides is one empty job', [], [], [[]]],
  ['no sweep is one job', ['a=3', '+c=hi'], [], [['a=3', '+c=hi']]],
  ['params come first, in config order', ['b=x,y'], [['a', '1,2'], ['model', 'net1']],
    [['a=1', 'model=net1', 'b=x'], ['a=1', 'model=net1', 'b=y'], ['a=2', 'model=net1', 'b=x'], ['a=2', 'model=net1', 'b=y']]],
  ['command line wins and keeps the param position', ['b=x', 'a=9'], [['a', '1,2'], ['c', '0']], [['a=9', 'c=0', 'b=x']]],
  ['repeated key: first position, last value', ['a=1,2', 'b=x,y', 'a=3,4'], [],
    [['a=3', 'b=x'], ['a=3', 'b=y'], ['a=4', 'b=x'], ['a=4', 'b=y']]],
  ['a and +a are different keys', ['a=1', '+a=2'], [], [['a=1', '+a=2']]],
  ['non-string params use Python str()', [], [['seed', 123], ['f', new Float(1)], ['flag', true], ['none', null]],
    [['seed=123', 'f=1.0', 'flag=True', 'none=None']]],
  ['list param is Python repr, re-rendered', [], [['l', ['a', 'b']]], [["l=['a','b']"]]],
  ['orch overrides are not job overrides', ['orch.job.config.override_dirname.exclude_keys=[seed]', 'seed=1,2'], [],
    [['seed=1'], ['seed=2']]],
  ['delete renders null', ['~b', 'a=1,2'], [], [['~b=null', 'a=1'], ['~b=null', 'a=2']]],
  ['mixed types', ['b=1,x,true,null,2.5'], [], [['b=1'], ['b=x'], ['b=True'], ['b=null'], ['b=2.5']]],
  ['quoted choice keeps quotes', ["b='x,y',z"], [], [["b='x,y'"], ['b=z']]],
  ['list and dict choices', ['lst=[1,2],[3]', '+d={a:1},{a:2,b:3}'], [],
    [['lst=[1,2]', '+d={a:1}'], ['lst=[1,2]', '+d={a:2,b:3}'], ['lst=[3]', '+d={a:1}'], ['lst=[3]', '+d={a:2,b:3}']]],
  ['range', ['a=range(3)'], [], [['a=0'], ['a=1'], ['a=2']]],
  ['range with negative step', ['a=range(5,0,-2)'], [], [['a=5'], ['a=3'], ['a=1']]],
  ['empty range is zero jobs', ['a=range(0)', 'b=1,2'], [], []],
  ['float range uses Decimal steps', ['f=range(0,0.5,0.1)'], [], [['f=0.0'], ['f=0.1'], ['f=0.2'], ['f=0.3'], ['f=0.4']]],
  ['float-cast range', ['f=float(range(1,3))'], [], [['f=1.0'], ['f=2.0']]],
  ['sorted strings and reversed range', ['b=sort(b,a)', 'a=sort(range(0,2),reverse=true)'], [],
    [['b=a', 'a=1'], ['b=a', 'a=0'], ['b=b', 'a=1'], ['b=b', 'a=0']]],
  ['tagged choice', ['a=tag(fast,choice(1,2))'], [], [['a=1'], ['a=2']]],
  ['str cast over a choice escapes text', ["s=str(choice('a b',c))"], [], [['s=a\\ b'], ['s=c']]],
  ['interpolation in a job is escaped', ['+i=${b}', 'a=1,2'], [], [['+i=$\\{b\\}', 'a=1'], ['+i=$\\{b\\}', 'a=2']]],
];

for (const [name, overrides, p, expected] of orderCases) {
  test(`sweep: ${name}`, () => {
    assert.deepEqual(jobs(overrides, { params: params(p) }), expected);
  });
}

test('sweep: glob filters the group options (sorted), include and exclude lists', () => {
  const options = (g: string): string[] => (g === 'model' ? ['resnet', 'net2', 'net1', 'net5'] : []);
  assert.deepEqual(jobs(['model=glob(net*,exclude=net5)'], { listGroupOptions: options }), [['model=net1'], ['model=net2']]);
  assert.deepEqual(jobs(['model=glob(include=[net*,res*],exclude=[net1])'], { listGroupOptions: options }),
    [['model=net2'], ['model=net5'], ['model=resnet']]);
  assert.deepEqual(jobs(["model=glob('[!n]*')"], { listGroupOptions: options }), [['model=resnet']]);
  assert.deepEqual(jobs(['model=glob(net?)', 'a=1'], { listGroupOptions: options }).length, 3);
});

test('sweep: glob over a key that is not a group gives zero jobs', () => {
  const sweep = expandBasicSweep({ overrides: [parseOverride('x=glob(*)')], listGroupOptions: () => [] });
  assert.equal(sweep.count, 0);
  assert.deepEqual([...sweep], []);
  assert.deepEqual([...sweep.batches()], [[]]);
});

test('sweep: interval is rejected by the basic sweeper', () => {
  assert.throws(() => jobs(['f=interval(0,1)']), (e: unknown) =>
    e instanceof SweepError && e.code === 'SWEEP_UNSUPPORTED' && /interval/.test(e.message) && e.message.includes('f=interval(0,1)'));
});

test('sweep: a bad sweeper param names its key', () => {
  assert.throws(() => jobs([], { params: params([['lr', '[0.1']]) }), (e: unknown) =>
    e instanceof SweepError && e.message.includes('orch.sweeper.params.lr') && e.message.includes("missing ']'"));
});

test('sweep: seeded shuffle of a range is Python random.seed(42); shuffle(list(range(10)))', () => {
  const expected = [7, 3, 2, 8, 5, 6, 9, 4, 0, 1].map((n) => [`a=${n}`]);
  assert.deepEqual(jobs(['a=shuffle(range(10),seed=42)']), expected);
  assert.deepEqual(jobs(['a=shuffle(range(10))'], { seed: 42 }), expected, 'sweeper seed for unseeded shuffles');
  assert.deepEqual(jobs(['a=shuffle(0,1,2,3,4,5,6,7,8,9)'], { seed: 42 }), expected, 'simple choice form');
});

test('sweep: unseeded shuffles share one random stream, in override order', () => {
  const a = jobs(['a=shuffle(1,2,3,4)', 'b=shuffle(1,2,3,4)'], { seed: 7 });
  const b = jobs(['a=shuffle(1,2,3,4)', 'b=shuffle(1,2,3,4)'], { seed: 7 });
  assert.deepEqual(a, b);
  assert.equal(a.length, 16);
});

test('sweep: at(i) agrees with iteration; batches split in order', () => {
  const sweep = expandBasicSweep({ overrides: ['a=1,2,3', 'b=range(4)', 'c=x,y'].map(parseOverride) });
  const all = [...sweep];
  assert.equal(sweep.count, 24);
  assert.deepEqual(sweep.axes, [{ key: 'a', size: 3 }, { key: 'b', size: 4 }, { key: 'c', size: 2 }]);
  all.forEach((job, i) => assert.deepEqual(sweep.at(i), job));
  const batches = [...sweep.batches(10)];
  assert.deepEqual(batches.map((b) => b.length), [10, 10, 4]);
  assert.deepEqual(batches.flat(), all);
  assert.throws(() => sweep.at(24), RangeError);
});

test('sweep: an integer range stays lazy', () => {
  const sweep = expandBasicSweep({ overrides: ['a=range(1000000000)', 'b=1,2'].map(parseOverride) });
  assert.equal(sweep.count, 2e9);
  assert.deepEqual(sweep.at(2e9 - 1), ['a=999999999', 'b=2']);
});
