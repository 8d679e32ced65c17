import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFilter, compareValues, matchWhere, parseSince, parseWhere } from '../../../src/ledger/filter.js';
import { LedgerError } from '../../../src/ledger/errors.js';
import { row } from './_rows.js';

const r = row('a', ['model=net5', 'lr=0.01', '+tag=x=y'], { 'test.accuracy': 0.975, epochs: 10, name: 'b10' }, { status: 'completed' });
const where = (w: string) => matchWhere(r, parseWhere(w));

test('parseWhere: the first operator, the longest at that place', () => {
  assert.deepEqual(parseWhere('test.accuracy>=0.97'), { key: 'test.accuracy', op: '>=', value: '0.97' });
  assert.deepEqual(parseWhere('model!=net5'), { key: 'model', op: '!=', value: 'net5' });
  assert.deepEqual(parseWhere('tag=x=y'), { key: 'tag', op: '=', value: 'x=y' });
  assert.equal(parseWhere('name~^b1').op, '~');
  assert.equal(parseWhere('name!~^b1').op, '!~');
  assert.equal(parseWhere(' lr < 1 ').key, 'lr');
});

test('every operator on numbers and strings', () => {
  assert.ok(where('model=net5'));
  assert.ok(!where('model=net2'));
  assert.ok(where('model!=net2'));
  assert.ok(where('test.accuracy>=0.97'));
  assert.ok(where('test.accuracy>=0.975'));
  assert.ok(!where('test.accuracy>0.975'));
  assert.ok(where('test.accuracy<=0.975'));
  assert.ok(where('test.accuracy<1'));
  assert.ok(where('name~^b1'));
  assert.ok(where('name!~^x'));
  assert.ok(where('tag=x=y'));
});

test('numbers compare as numbers, on either side of any spelling; other text by code point', () => {
  assert.ok(where('lr=1e-2'));
  assert.ok(where('epochs>9'), '10 > 9 numerically, though "10" < "9" as text');
  assert.ok(where('name<b9'), 'b10 < b9 as text');
  assert.equal(compareValues(2, '10'), -1);
  assert.equal(compareValues('abc', 'abd'), -1);
  assert.equal(compareValues(Number.NaN, 1), 1);
});

test('a missing key matches only != and !~', () => {
  assert.ok(!where('dropout=0.5'));
  assert.ok(!where('dropout>=0'));
  assert.ok(!where('dropout~.'));
  assert.ok(where('dropout!=0.5'));
  assert.ok(where('dropout!~.'));
});

test('fields come before parameters and metrics; param./metric. reach a shadowed one', () => {
  const s = row('b', ['status=weird'], { status: 3 }, { status: 'failed' });
  assert.ok(matchWhere(s, parseWhere('status=failed')));
  assert.ok(matchWhere(s, parseWhere('param.status=weird')));
  assert.ok(matchWhere(s, parseWhere('metric.status=3')));
});

test('bad filters are typed errors naming the input and the valid operators', () => {
  for (const bad of ['model', '=net5', 'name~(']) {
    assert.throws(() => parseWhere(bad), (e: unknown) => e instanceof LedgerError && e.code === 'LEDGER_BAD_WHERE' && e.message.includes(bad) && /= != >= <=/.test(e.hint ?? ''));
  }
  assert.throws(() => parseSince('yesterday'), (e: unknown) => e instanceof LedgerError && e.code === 'LEDGER_BAD_DATE');
  assert.throws(() => buildFilter({ status: ['done'] }), (e: unknown) => e instanceof LedgerError && e.code === 'LEDGER_BAD_STATUS' && /completed/.test(e.hint ?? ''));
});

test('buildFilter: status (repeated or comma list), since, and every --where must hold', () => {
  const rows = [
    row('1', ['model=net5'], { acc: 0.99 }, { status: 'completed', startedAt: '2026-11-05T00:00:00.000Z' }),
    row('2', ['model=net5'], { acc: 0.5 }, { status: 'failed', startedAt: '2026-11-05T00:00:00.000Z' }),
    row('3', ['model=net5'], { acc: 0.99 }, { status: 'completed', startedAt: '2026-10-05T00:00:00.000Z' }),
    row('4', ['model=net2'], { acc: 0.99 }, { status: 'completed', startedAt: '2026-11-05T00:00:00.000Z' }),
  ];
  const ids = (spec: Parameters<typeof buildFilter>[0]) => rows.filter(buildFilter(spec)).map((x) => x.id);
  assert.deepEqual(ids({ where: ['model=net5', 'acc>=0.97'], since: '2026-11-01', status: ['completed'] }), ['1']);
  assert.deepEqual(ids({ status: ['failed,completed'] }), ['1', '2', '3', '4']);
  assert.deepEqual(ids({ since: '2026-11-01' }), ['1', '2', '4']);
});
