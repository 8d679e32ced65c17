import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runReport } from '../../../src/report/index.js';
import { epsilonSquared, studySettings } from '../../../src/report/study.js';
import { makeSweep, type FakeJob } from '../../fixtures/report/make-sweep.js';
import type { RunStatus } from '../../../src/store/types.js';

/** A TPE-like study: val.loss depends on lr (a valley at 1e-3, log-distributed) and hardly on width; trials 3 and 7 pruned, 5 failed. */
function studyJobs(): FakeJob[] {
  return Array.from({ length: 24 }, (_, t) => {
    const lr = 10 ** (-5 + ((t * 7) % 24) / 6);
    const width = String(32 * (1 + (t % 4)));
    const loss = 0.2 + 0.05 * (Math.log10(lr) + 3) ** 2 + (t % 3) * 0.001;
    const overrides = [`lr=${lr.toPrecision(3)}`, `width=${width}`, `opt=${t % 2 ? 'adam' : 'sgd'}`];
    const history = Array.from({ length: t === 3 || t === 7 ? 2 : 5 }, (_, e) => ({ epoch: e + 1, val_loss: loss + 1 / (e + 1) }));
    if (t === 3 || t === 7) return { overrides, status: 'pruned' as RunStatus, history };
    if (t === 5) return { overrides, status: 'failed', stderr: 'boom\n' };
    return { overrides, metrics: { val: { loss } }, history };
  });
}

test('studySettings: only search sweepers, log params from tag(log, ...)', () => {
  assert.equal(studySettings({ name: 'basic' }), undefined);
  assert.equal(studySettings(undefined), undefined);
  assert.deepEqual(studySettings({ name: 'tpe', metric: 'val.loss', direction: 'minimize', params: { lr: 'tag(log, interval(1e-5, 1))', width: 'range(32, 129, 32)' } }),
    { sweeper: 'tpe', metric: 'val.loss', direction: 'minimize', logParams: ['lr'] });
});

test('epsilonSquared: near 1 for a clean split, 0 for no effect', () => {
  assert.ok(epsilonSquared([1, 1.1, 5, 5.1], ['a', 'a', 'b', 'b']) > 0.99);
  assert.equal(epsilonSquared([1, 5, 1, 5], ['a', 'a', 'b', 'b']), 0);
});

test('a search sweep is reported as a study: best trial, best so far, objective per parameter, importance, pruned curves', async () => {
  const root = await mkdtemp(join(tmpdir(), 'orch-report-study-'));
  try {
    const sweep = await makeSweep(join(root, 'sweep'), studyJobs(), {
      sweeper: { name: 'tpe', metric: 'val.loss', direction: 'minimize', params: { lr: 'tag(log, interval(1e-5, 1))' } },
    });
    const res = await runReport({ sweepDirs: [sweep], projectRoot: root });
    const s = res.model.study!;
    assert.equal(res.model.metric, 'val.loss', 'the objective is the main metric');
    assert.equal(res.model.tables[0]!.higherIsBetter, false, 'minimize: lower is better, from the study, not guessed');
    assert.deepEqual(s.counts, { completed: 21, pruned: 2, failed: 1, other: 0 });
    const values = s.trials.filter((t) => t.value !== undefined).map((t) => t.value!);
    assert.equal(s.best!.value, Math.min(...values));
    assert.equal(s.bestSoFar.length, 21);
    assert.ok(s.bestSoFar.every(([, v], i) => i === 0 || v <= s.bestSoFar[i - 1]![1]), 'best so far never gets worse');
    assert.equal(s.importance[0]!.key, 'lr', 'lr matters most');
    assert.ok(s.importance[0]!.share > 0.5);
    const html = (await readFile(join(res.reportDir, 'index.html'), 'utf8')).replaceAll('&#x3D;', '=');
    assert.match(html, /<section id="study">/);
    assert.match(html, new RegExp(`Best trial: #${s.best!.trial}, val.loss = `));
    assert.match(html, /<code>lr=[^<]+<\/code> <code>width=\d+<\/code> <code>opt=(adam|sgd)<\/code>/);
    assert.match(html, /lr \(log scale\)/, 'log param on a log axis');
    assert.equal(html.match(/class="trial pruned"/g)?.length, 2, 'both pruned trials drawn');
    assert.equal(html.match(/class="pruned-mark"/g)?.length, 2);
    assert.match(html, /class="best-so-far"/);
    assert.match(html, /fANOVA-like/);
    assert.match(html, /24 trials: 21 completed, 2 pruned, 1 failed\./);
    assert.doesNotMatch(html, /NaN/);
    // The Markdown answers with the study too, not with a group test that has no groups.
    assert.match(res.markdown, new RegExp(`## Answer\\n\\n- \\*\\*Study:\\*\\* tpe, minimize \`val\\.loss\`; 24 trials: 21 completed, 2 pruned, 1 failed\\.\\n- \\*\\*Best trial:\\*\\* #${s.best!.trial}, val\\.loss = `));
    assert.doesNotMatch(res.markdown, /Cannot tell/);
    assert.match(res.markdown, /## Study\n\nBest trial's parameters:\n\n\| Parameter \| Value \|/);
    assert.match(res.markdown, /\| lr \| \d+ % \| -?\d\.\d\d \|/);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
