import { test } from 'node:test';
import assert from 'node:assert/strict';
import { studySettingsOf, summarizeStudy } from '../../../src/store/study-summary.js';
import type { PlanHeader } from '../../../src/store/plan-record-format.js';
import type { JournalEvent } from '../../../src/store/journal-format.js';

const header = (extra: Record<string, unknown>): PlanHeader => ({ format: 'orch-plan', version: 1, complete: true, task: 't', command: [], createdAt: '', sweepDir: '/s', launcher: { name: 'local' }, ...extra }) as PlanHeader;

test('studySettingsOf: the plan\'s search block, or a sweeper object of a search; a grid has none', () => {
  assert.deepEqual(studySettingsOf(header({ version: 2, appendable: true, search: { settings: { sweeper: 'random', metric: 'loss', direction: 'minimize', nTrials: 9 }, space: [] } })),
    { sweeper: 'random', metric: 'loss', direction: 'minimize', nTrials: 9 });
  assert.deepEqual(studySettingsOf(header({ sweeper: { name: 'tpe', metric: 'acc', direction: 'maximize', n_trials: 60 } })),
    { sweeper: 'tpe', metric: 'acc', direction: 'maximize', nTrials: 60 });
  assert.equal(studySettingsOf(header({ sweeper: { name: 'basic' } })), undefined);
  assert.equal(studySettingsOf(header({})), undefined);
});

test('summarizeStudy: the last told of a trial wins, non-finite and pruned values are never best', () => {
  const events: JournalEvent[] = [
    { job: 0, ev: 'trial', params: { x: '1' } }, { job: 0, ev: 'told', state: 'completed', value: NaN },
    { job: 1, ev: 'trial', params: { x: '2' } }, { job: 1, ev: 'told', state: 'pruned', value: -5, step: 1 },
    { job: 2, ev: 'trial', params: { x: '3' } }, { job: 2, ev: 'told', state: 'failed' },
    // Re-run after a resume: told again.
    { job: 2, ev: 'told', state: 'completed', value: 4 },
    { job: 3, ev: 'trial', params: { x: '4' } }, { job: 3, ev: 'told', state: 'completed', value: 7 },
    { job: 4, ev: 'trial', params: { x: '5' } },
  ];
  const s = summarizeStudy({ direction: 'minimize' }, events, (n) => [`x=${n + 1}`]);
  assert.deepEqual(s.trials, { total: 5, completed: 3, pruned: 1, failed: 0, running: 1, cancelled: 0 });
  assert.deepEqual(s.best, { trial: 2, value: 4, params: { x: '3' }, overrides: ['x=3'] });
  assert.equal(summarizeStudy({ direction: 'maximize' }, events, () => undefined).best?.trial, 3);
  assert.equal(summarizeStudy({ direction: 'minimize' }, events.slice(0, 2), () => undefined).best, undefined);
});

test('summarizeStudy: a trial that ended without being told (cancelled by Ctrl-C) is cancelled, not running, until it is dispatched again', () => {
  const events: JournalEvent[] = [
    { job: 0, ev: 'trial', params: { x: '1' } }, { job: 0, ev: 'dispatched' }, { job: 0, ev: 'started', attempt: 1 },
    { job: 0, ev: 'finished', status: 'cancelled', attempt: 1 },
    { job: 1, ev: 'trial', params: { x: '2' } }, { job: 1, ev: 'dispatched' }, { job: 1, ev: 'started', attempt: 1 },
    { job: 2, ev: 'trial', params: { x: '3' } }, { job: 2, ev: 'finished', status: 'cancelled', attempt: 0, reason: 'not started: interrupted' },
  ];
  assert.deepEqual(summarizeStudy({ direction: 'minimize' }, events, () => undefined).trials,
    { total: 3, completed: 0, pruned: 0, failed: 0, running: 1, cancelled: 2 });
  // `orch resume` runs trial 0 again: running once more.
  const resumed = [...events, { job: 0, ev: 'dispatched' } as JournalEvent, { job: 0, ev: 'started', attempt: 2 } as JournalEvent];
  assert.deepEqual(summarizeStudy({ direction: 'minimize' }, resumed, () => undefined).trials,
    { total: 3, completed: 0, pruned: 0, failed: 0, running: 2, cancelled: 1 });
});
