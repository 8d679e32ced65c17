import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Column } from '../../../src/ledger/columns.js';
import { formatCsv, formatMarkdown, formatTable, jsonRows, shortCell } from '../../../src/ledger/format.js';
import { row } from './_rows.js';

const cols: Column[] = [
  { key: 'id', kind: 'field' }, { key: 'date', kind: 'field' }, { key: 'model', kind: 'param' },
  { key: 'acc', kind: 'metric' }, { key: 'commit', kind: 'field' }, { key: 'notes', kind: 'field' },
];
const rows = [
  row('runs/0', ['model=a|b'], { acc: 0.912345678 }, { commit: 'abcdef0123456789', dirty: true, notes: [{ at: '2026-11-03T00:00:00.000Z', text: 'odd, "spiky" loss' }] }),
  row('runs/1', ['model=c'], { acc: Number.NaN }, { commit: 'abcdef0123456789', dirty: false }),
];

test('short cells: minutes, 4 significant digits, 7-character commit marked dirty, the last note', () => {
  assert.equal(shortCell(rows[0]!, cols[1]!), '2026-11-02 10:00');
  assert.equal(shortCell(rows[0]!, cols[3]!), '0.9123');
  assert.equal(shortCell(rows[1]!, cols[3]!), 'nan');
  assert.equal(shortCell(rows[0]!, cols[4]!), 'abcdef0+dirty');
  assert.equal(shortCell(rows[1]!, cols[4]!), 'abcdef0');
  assert.equal(shortCell(rows[0]!, cols[5]!), 'odd, "spiky" loss');
});

test('table: aligned columns, header first', () => {
  const lines = formatTable(rows, cols).split('\n');
  assert.match(lines[0]!, /^id\s+date\s+model\s+acc\s+commit\s+notes$/);
  assert.equal(lines[1]!.indexOf('2026'), lines[0]!.indexOf('date'));
});

test('markdown escapes pipes; CSV quotes and keeps every digit', () => {
  const md = formatMarkdown(rows, cols);
  assert.match(md, /^\| id \| date \| model \| acc \| commit \| notes \|\n\| --- \|/);
  assert.match(md, /\| a\\\|b \|/);
  const csv = formatCsv(rows, cols).split('\r\n');
  assert.equal(csv[0], 'id,date,model,acc,commit,notes');
  assert.equal(csv[1], 'runs/0,2026-11-02T10:00:00.000Z,a|b,0.912345678,abcdef0123456789+dirty,"2026-11-03T00:00:00.000Z odd, ""spiky"" loss"');
  assert.equal(csv[2], 'runs/1,2026-11-02T10:00:00.000Z,c,nan,abcdef0123456789,');
});

test('JSON rows carry everything but the derived params', () => {
  const [j] = jsonRows(rows) as Array<Record<string, unknown>>;
  assert.equal(j!.params, undefined);
  assert.deepEqual(j!.overrides, ['model=a|b']);
  assert.deepEqual(j!.metrics, { acc: 0.912345678 });
});
