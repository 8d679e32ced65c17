import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withTimes } from '../../../src/ledger/fields.js';
import { FORMAT_VERSION, decodeIndex, emptyIndex, encodeIndex } from '../../../src/ledger/index-codec.js';
import { row } from './_rows.js';

function sample() {
  const state = emptyIndex('/r');
  const meta = { id: 'multirun/s1', root: '/r', task: 'train', createdAt: '2026-11-01T00:00:00.000Z', description: 'lr sweep', hypothesis: 'small lr wins', notes: [{ at: '2026-11-02T00:00:00.000Z', text: 'ok' }] };
  state.dirs.set('', { mtime: 1, children: ['multirun', 'single'] });
  state.dirs.set('multirun', { mtime: 2, children: ['s1'] });
  state.dirs.set('multirun/s1', { mtime: -1, children: ['0'], sweep: { meta, journal: 12.5 } });
  state.jobs.set('multirun/s1/0', {
    stamp: 123.456, dirMtime: -1,
    row: row('multirun/s1/0', ['model=net5', 'lr=0.01'], { 'test.accuracy': 0.97, diverged: Number.NaN, big: Number.POSITIVE_INFINITY, ok: true, tag: 'x' }, {
      root: '/r', sweep: 'multirun/s1', commit: 'abc', dirty: true, host: 'h', durationSec: 1.5, endedAt: '2026-11-02T10:01:00.000Z', attempt: 2, num: 0,
    }),
  });
  state.jobs.set('single', {
    stamp: 5, dirMtime: 6,
    row: row('single', [], {}, { root: '/r', startedAt: 'not a date', status: 'running', description: 'a try', notes: [{ at: '', text: 'n' }] }),
  });
  return state;
}

/** Without the keys whose value is undefined (the decoder spells every field out). */
function defined(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(defined);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, defined(x)]));
  return v;
}

test('an index decodes to what was encoded (NaN, Infinity, odd dates, notes, sweeps)', () => {
  const state = sample();
  const back = decodeIndex(encodeIndex(state), '/r')!;
  assert.ok(back);
  assert.deepEqual(defined([...back.dirs]), defined([...state.dirs]));
  for (const j of back.jobs.values()) withTimes(j.row);
  assert.deepEqual(defined([...back.jobs]), defined([...state.jobs]));
  const m = back.jobs.get('multirun/s1/0')!.row.metrics;
  assert.ok(Number.isNaN(m.diverged));
  assert.equal(m.big, Number.POSITIVE_INFINITY);
  assert.equal(back.jobs.get('single')!.row.startedAt, 'not a date');
});

test('repeated strings are written once', () => {
  const state = emptyIndex('/r');
  for (let i = 0; i < 50; i++) state.jobs.set(`s/${i}`, { stamp: 1, dirMtime: -1, row: row(`s/${i}`, ['model=net5'], { 'test.accuracy': i }, { root: '/r', sweep: 's' }) });
  const text = encodeIndex(state);
  assert.equal(text.split('model=net5').length - 1, 1);
  assert.equal(text.split('test.accuracy').length - 1, 1);
});

test('another format version, another root or a torn file is no index (rebuilt, never misread)', () => {
  const text = encodeIndex(sample());
  assert.equal(decodeIndex(text.replace(`"version":${FORMAT_VERSION}`, `"version":${FORMAT_VERSION + 1}`), '/r'), undefined);
  assert.equal(decodeIndex(text, '/elsewhere'), undefined);
  assert.equal(decodeIndex(text.slice(0, text.length / 2), '/r'), undefined);
  assert.equal(decodeIndex('{"format":"orch-ledger","version":1,"root":"/r","strings":[],"dirs":[[0]],"jobs":[]}', '/r'), undefined);
});
