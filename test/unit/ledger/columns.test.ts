import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chosenColumns, defaultColumns, differingParams, mainMetrics, sortRows } from '../../../src/ledger/columns.js';
import { LedgerError } from '../../../src/ledger/errors.js';
import { row } from './_rows.js';

test('differingParams: only keys whose value changes between rows; absent counts as a value', () => {
  const rows = [
    row('a', ['model=net5', 'seed=1', 'epochs=10']),
    row('b', ['model=net5', 'seed=2', 'epochs=10']),
    row('c', ['model=net5', 'seed=3', 'epochs=10', '+dropout=0.5']),
  ];
  assert.deepEqual(differingParams(rows), ['seed', 'dropout']);
  assert.deepEqual(differingParams([row('a', ['x=1', 'y=2']), row('b', ['x=1'])]), ['y']);
  assert.deepEqual(differingParams([row('a', ['x=1'])]), [], 'one row: nothing differs');
  assert.deepEqual(differingParams([]), []);
  assert.deepEqual(differingParams([row('a', ['++lr=0.1', '~wd']), row('b', ['lr=0.2'])]), ['lr'], '+ and ++ name the same key; a deletion sets none');
});

test('mainMetrics: numeric metrics, the most common first', () => {
  const rows = [row('a', [], { acc: 1, loss: 2, note: 'x' }), row('b', [], { loss: 1, f1: 0.3 })];
  assert.deepEqual(mainMetrics(rows), ['loss', 'acc', 'f1']);
  assert.deepEqual(mainMetrics(rows, 1), ['loss']);
});

test('defaultColumns: facts, differing parameters, metrics, commit and notes', () => {
  const cols = defaultColumns([row('a', ['m=1', 's=1'], { acc: 1 }), row('b', ['m=2', 's=1'], { acc: 2 })]);
  assert.deepEqual(cols.map((c) => `${c.kind}:${c.key}`), ['field:id', 'field:date', 'field:task', 'field:sweep', 'field:status', 'param:m', 'metric:acc', 'field:commit', 'field:notes']);
});

test('chosenColumns: fields, parameters and metrics by name; an unknown one lists the choices', () => {
  const rows = [row('a', ['model=net5'], { 'test.accuracy': 1 })];
  assert.deepEqual(chosenColumns('id, model,test.accuracy', rows).map((c) => c.kind), ['field', 'param', 'metric']);
  assert.throws(() => chosenColumns('id,modle', rows), (e: unknown) => e instanceof LedgerError && e.code === 'LEDGER_BAD_COLUMN' && /modle/.test(e.message) && /model/.test(e.hint ?? ''));
});

test('sortRows: numeric keys as numbers, descending with -, rows without the key last', () => {
  const rows = [row('a', ['lr=0.1'], { acc: 9 }), row('b', ['lr=0.01'], { acc: 10 }), row('c', [], {})];
  assert.deepEqual(sortRows(rows, 'acc').map((r) => r.id), ['a', 'b', 'c']);
  assert.deepEqual(sortRows(rows, '-acc').map((r) => r.id), ['b', 'a', 'c']);
  assert.deepEqual(sortRows(rows, 'acc:desc').map((r) => r.id), ['b', 'a', 'c']);
  assert.deepEqual(sortRows(rows, 'acc:asc').map((r) => r.id), ['a', 'b', 'c']);
  assert.throws(() => sortRows(rows, ':desc'), (e: unknown) => e instanceof LedgerError && e.code === 'LEDGER_BAD_COLUMN');
  assert.deepEqual(sortRows(rows, 'lr').map((r) => r.id), ['b', 'a', 'c']);
  const dated = [row('old', [], {}, { startedAt: '2026-01-01T00:00:00.000Z' }), row('new', [], {}, { startedAt: '2026-12-01T00:00:00.000Z' })];
  assert.deepEqual(sortRows(dated).map((r) => r.id), ['new', 'old'], 'default: newest first');
});
