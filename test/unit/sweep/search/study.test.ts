import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOverride } from '../../../../src/overrides/index.js';
import {
  createPruner, createRandomSampler, createStudy, createTpeSampler, searchSpaceOf, SearchError,
  type Proposal, type StudyOptions, type TrialRecord, type TrialResult,
} from '../../../../src/sweep/search/index.js';

const space = searchSpaceOf({ overrides: ['x=interval(-3, 3)', 'n=int(interval(1, 8))', 'm=a,b,c', 'fixed=1'].map(parseOverride) });
const options = (extra: Partial<StudyOptions> = {}): StudyOptions =>
  ({ space, sampler: createTpeSampler({ nStartupTrials: 4 }), nTrials: 20, direction: 'minimize', seed: 11, ...extra });
const objective = (p: Proposal): number => (Number(p.params.x) - 1) ** 2 + Number(p.params.n) / 10 + (p.params.m === 'b' ? 0 : 0.5);
const ask = (s: ReturnType<typeof createStudy>): Proposal => {
  const p = s.ask();
  assert.equal(typeof p, 'object');
  return p as Proposal;
};

/**
 * Runs a study with 3 trials in flight, telling the oldest first; trial 5 fails and trial 9 is
 * pruned. `crashAfter`: stop after that many tells and continue from the records in a new study.
 */
function run(crashAfter?: number): Proposal[] {
  let study = createStudy(options());
  const proposals: Proposal[] = [];
  const inFlight: Proposal[] = [];
  let told = 0;
  for (;;) {
    while (inFlight.length < 3) {
      const p = study.ask();
      if (typeof p !== 'object') break;
      proposals.push(p);
      inFlight.push(p);
    }
    const p = inFlight.shift();
    if (!p) break;
    const result: TrialResult = p.trial === 5 ? { trial: 5, state: 'failed', error: 'exit 1' }
      : p.trial === 9 ? { trial: 9, state: 'pruned', value: 3, step: 2 } : { trial: p.trial, state: 'completed', value: objective(p) };
    study.tell(result);
    if (++told === crashAfter) {
      // The journal keeps every record (as JSON); the trials still in flight are lost with the process.
      study = createStudy(options(), JSON.parse(JSON.stringify(study.records())) as TrialRecord[]);
      inFlight.length = 0;
    }
  }
  return proposals;
}

test('study: proposals after a replay equal those of an uninterrupted run', () => {
  const straight = run();
  assert.equal(straight.length, 20);
  for (const crashAfter of [1, 6, 12]) {
    const resumed = run(crashAfter);
    // The trials that were running are proposed again with the same parameters, then new ones follow.
    const unique = new Map(resumed.map((p) => [p.trial, p]));
    assert.deepEqual([...unique.values()].sort((a, b) => a.trial - b.trial), straight, `crash after ${crashAfter} tells`);
  }
});

test('study: the same seed and results give the same proposals; another seed does not', () => {
  assert.deepEqual(run(), run());
  const other = createStudy(options({ seed: 12 }));
  assert.notDeepEqual((other.ask() as Proposal).params, run()[0]!.params);
});

test('study: overrides carry fixed values in override order', () => {
  const p = ask(createStudy(options()));
  assert.deepEqual(p.overrides.map((o) => o.split('=')[0]), ['x', 'n', 'm', 'fixed']);
  assert.equal(p.overrides[3], 'fixed=1');
  assert.ok(Number.isInteger(Number(p.params.n)));
});

test('study: wait while trials run, done when all are told', () => {
  const study = createStudy(options({ nTrials: 2 }));
  const a = ask(study);
  const b = ask(study);
  assert.equal(study.ask(), 'wait');
  study.tell({ trial: a.trial, state: 'completed', value: 1 });
  assert.equal(study.ask(), 'wait');
  study.tell({ trial: b.trial, state: 'completed', value: 0.5 });
  assert.equal(study.ask(), 'done');
  assert.deepEqual(study.best(), { trial: b.trial, value: 0.5, params: b.params });
  assert.equal(study.status().stopped, 'n_trials');
});

test('study: failures count against max_failures and stop the study, not crash it', () => {
  const study = createStudy(options({ maxFailures: 2 }));
  for (let i = 0; i < 3; i++) study.tell({ trial: ask(study).trial, state: 'failed', error: 'boom' });
  assert.equal(study.ask(), 'done');
  assert.deepEqual(study.status(), { proposed: 3, running: 0, completed: 0, pruned: 0, failed: 3, stopped: 'max_failures' });
  // Two failures are tolerated.
  const tolerant = createStudy(options({ maxFailures: 2 }));
  for (let i = 0; i < 2; i++) tolerant.tell({ trial: ask(tolerant).trial, state: 'failed' });
  assert.equal(typeof tolerant.ask(), 'object');
});

test('study: a NaN objective is recorded as a failed trial', () => {
  const study = createStudy(options());
  const p = ask(study);
  study.tell({ trial: p.trial, state: 'completed', value: NaN });
  assert.deepEqual(study.records()[0]!.result, { trial: p.trial, state: 'failed', error: 'the objective value is NaN' });
});

test('study: maximize picks the largest value', () => {
  const study = createStudy(options({ direction: 'maximize', sampler: createRandomSampler() }));
  const values = [3, 9, 1];
  for (const v of values) study.tell({ trial: ask(study).trial, state: 'completed', value: v });
  assert.equal(study.best()!.value, 9);
});

test('study: telling an unknown or finished trial is a typed error', () => {
  const study = createStudy(options());
  const p = ask(study);
  assert.throws(() => study.tell({ trial: 99, state: 'failed' }), (e: unknown) => e instanceof SearchError && /never proposed/.test(e.message));
  study.tell({ trial: p.trial, state: 'failed' });
  assert.throws(() => study.tell({ trial: p.trial, state: 'failed' }), (e: unknown) => e instanceof SearchError && e.code === 'SEARCH_TRIAL');
});

test('study: records from another search space are rejected, naming the parameter', () => {
  const records = [{ trial: 0, params: { x: '0.5', n: '3', m: 'z' } }];
  assert.throws(() => createStudy(options(), records), (e: unknown) => e instanceof SearchError && /parameter 'm' is 'z', not one of a, b, c/.test(e.message));
});

test('study: bad options and an empty space are typed errors', () => {
  assert.throws(() => createStudy(options({ nTrials: -1 })), /orch.sweeper.n_trials/);
  assert.throws(() => createStudy(options({ direction: 'up' as 'minimize' })), /orch.sweeper.direction/);
  assert.throws(() => createStudy(options({ maxFailures: 1.5 })), /orch.sweeper.max_failures/);
  assert.throws(() => createStudy(options({ space: searchSpaceOf({ overrides: [parseOverride('a=1')] }) })),
    (e: unknown) => e instanceof SearchError && e.code === 'SEARCH_SPACE');
});

test('study: reports go to the pruner; a pruned trial keeps its last report; replay keeps the reports', () => {
  const pruner = createPruner({ name: 'median', nStartupTrials: 2 }, 'minimize');
  const study = createStudy(options({ pruner }));
  // Three trials whose values at step 1 are 8, 10 and 6 (median 8).
  for (const [a, b] of [[10, 8], [12, 10], [8, 6]]) {
    const p = ask(study);
    assert.equal(study.report(p.trial, 0, a!), 'continue');
    study.report(p.trial, 1, b!);
    study.tell({ trial: p.trial, state: 'completed', value: b! });
  }
  const bad = ask(study);
  assert.equal(study.report(bad.trial, 0, 11), 'prune'); // 11 is worse than the median 10 at step 0
  const good = ask(study);
  assert.equal(study.report(good.trial, 0, 9), 'continue');
  assert.equal(study.report(good.trial, 1, 9), 'prune'); // best 9 is worse than the median 8 at step 1
  study.tell({ trial: bad.trial, state: 'pruned' });
  const rec = study.records().find((r) => r.trial === bad.trial)!;
  assert.deepEqual(rec.result, { trial: bad.trial, state: 'pruned', step: 0, value: 11 });
  assert.deepEqual(rec.intermediate, [[0, 11]]);
  // Rebuilt from its records, the study judges the still-running trial (re-run from scratch) the same way.
  const resumed = createStudy(options({ pruner }), study.records());
  const again = ask(resumed);
  assert.equal(again.trial, good.trial);
  assert.equal(resumed.report(again.trial, 0, 9), 'continue');
  assert.equal(resumed.report(again.trial, 1, 9), 'prune');
  assert.throws(() => resumed.report(99, 0, 1), (e: unknown) => e instanceof SearchError && e.code === 'SEARCH_TRIAL');
});

test('study: an unknown pruner name is a typed error listing the pruners', () => {
  assert.throws(() => createPruner({ name: 'hyperband' } as never, 'minimize'), (e: unknown) => e instanceof SearchError && /median, asha, none/.test(e.hint!));
});
