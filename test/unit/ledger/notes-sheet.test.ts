import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LedgerError } from '../../../src/ledger/errors.js';
import { addNote, NOTES_FILE, parseNotes, readNotes } from '../../../src/ledger/notes.js';
import { buildSheet, describeChanges, describeResults, settingOf, sheetCsv, sheetHtml, sheetMarkdown } from '../../../src/ledger/sheet.js';
import type { LedgerSweep } from '../../../src/ledger/types.js';
import { row } from './_rows.js';

test('notes: appended with their date, read back in order; a hand-written line is kept as text', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'orch-notes-'));
  try {
    await addNote(dir, 'first', new Date('2026-11-01T00:00:00Z'));
    await addNote(dir, '  second  ', new Date('2026-11-02T00:00:00Z'));
    assert.deepEqual(readNotes(dir), [{ at: '2026-11-01T00:00:00.000Z', text: 'first' }, { at: '2026-11-02T00:00:00.000Z', text: 'second' }]);
    assert.equal((await readFile(join(dir, NOTES_FILE), 'utf8')).split('\n').length, 3);
    await assert.rejects(addNote(dir, '   '), (e: unknown) => e instanceof LedgerError && e.code === 'LEDGER_BAD_NOTE');
    assert.deepEqual(parseNotes('{"at":"x","text":"a"}\nplain words\n'), [{ at: 'x', text: 'a' }, { at: '', text: 'plain words' }]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('describeChanges names added, removed and changed parameters', () => {
  const a = settingOf([row('1', ['lr=0.1', 'seed=1', 'wd=0']), row('2', ['lr=0.1', 'seed=2', 'wd=0'])]);
  const b = settingOf([row('3', ['lr=0.01', 'seed=1', '+dropout=0.5']), row('4', ['lr=0.01', 'seed=2', '+dropout=0.5'])]);
  assert.equal(describeChanges(a, b), 'lr: 0.1 -> 0.01; +dropout: 0.5; -wd');
  assert.equal(describeChanges(a, a), '(none)');
  assert.equal(describeChanges(undefined, a), '(first)');
});

test('describeResults: the main metric over the completed runs, and how many completed', () => {
  const rows = [row('1', [], { acc: 0.9 }), row('2', [], { acc: 0.8 }), row('3', [], {}, { status: 'failed' })];
  assert.equal(describeResults(rows), 'acc 0.8..0.9 (mean 0.85); 2 of 3 runs completed');
  assert.equal(describeResults([row('x', [], {}, { status: 'failed' })]), '0 of 1 runs completed');
});

test('the sheet: one row per sweep and single run in time order, against the previous or a baseline', () => {
  const sweeps: LedgerSweep[] = [
    { id: 'm/s1', root: '/r', task: 'train', createdAt: '2026-11-01T00:00:00.000Z', description: 'baseline', hypothesis: 'h1', notes: [{ at: '', text: 'fine' }] },
    { id: 'm/s2', root: '/r', task: 'train', createdAt: '2026-11-03T00:00:00.000Z', description: 'smaller lr', notes: [] },
  ];
  const rows = [
    row('m/s1/0', ['lr=0.1'], { acc: 0.9 }, { sweep: 'm/s1' }),
    row('m/s2/0', ['lr=0.01'], { acc: 0.95 }, { sweep: 'm/s2' }),
    row('single', ['lr=0.5'], { acc: 0.5 }, { startedAt: '2026-11-02T00:00:00.000Z' }),
  ];
  const sheet = buildSheet(rows, sweeps, { verdictOf: (id) => (id === 'm/s2' ? 'Yes.' : undefined) });
  assert.deepEqual(sheet.map((r) => [r.id, r.changes, r.verdict]), [['m/s1', '(first)', ''], ['single', 'lr: 0.1 -> 0.5', ''], ['m/s2', 'lr: 0.5 -> 0.01', 'Yes.']]);
  const based = buildSheet(rows, sweeps, { baseline: 's1' });
  assert.deepEqual(based.map((r) => r.changes), ['(baseline)', 'lr: 0.1 -> 0.5', 'lr: 0.1 -> 0.01']);
  assert.throws(() => buildSheet(rows, sweeps, { baseline: 'nope' }), (e: unknown) => e instanceof LedgerError && e.code === 'LEDGER_BAD_TARGET');
  assert.match(sheetMarkdown(sheet), /^\| id \| date \| task \| description \| hypothesis \| changes \| results \| verdict \| notes \|/);
  assert.match(sheetMarkdown(sheet), /\| m\/s1 \| 2026-11-01 \| train \| baseline \| h1 \| \(first\) \| acc 0\.9; 1 of 1 runs completed \|  \| fine \|/);
  assert.equal(sheetCsv(sheet).split('\r\n')[2], 'single,2026-11-02,train,,,lr: 0.1 -> 0.5,acc 0.5; 1 of 1 runs completed,,');
  assert.match(sheetHtml([{ ...sheet[0]!, notes: '<b>&' }]), /<td>&lt;b&gt;&amp;<\/td>/);
});
