/**
 * Pruning through the real CLI: a grid sweep with `orch.sweeper.pruner: median` stops the jobs
 * behind the ones that completed, and they end `pruned` with their last value. The tasks wait on
 * gate files the test opens, so the order is the test's: the good jobs complete first, then the
 * bad ones report, are pruned and see the stop (Python should_stop(), TypeScript ctx.shouldStop()).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTaskJson } from '../../src/store/task-json.js';
import { copyFixture, orch } from '../helpers/cli.js';
import { startOrch } from './orch-process.js';

const json = (file: string): any => parseTaskJson(readFileSync(file, 'utf8'), file);

async function waitFor(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (ok()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const journalHas = (sweep: string, pattern: RegExp) => (): boolean => {
  const path = join(sweep, '.orch', 'journal.jsonl');
  return existsSync(path) && pattern.test(readFileSync(path, 'utf8'));
};

for (const task of ['climb', 'tsclimb']) {
  test(`${task}: the median pruner stops the jobs behind, they end pruned with their last value; status and resume after it`, async () => {
    const dir = copyFixture('cli/prune');
    const gates = join(dir, 'gates');
    mkdirSync(gates);
    for (const q of [1, 2]) for (const g of ['', '.1', '.2']) writeFileSync(join(gates, `${q}${g}`), '');
    const sweep = join(dir, 'outputs/s');
    const o = startOrch(dir, [task, '-m', 'q=1,2,9,10', `gates=${gates}`, 'orch.sweep.dir=outputs/s']);
    // The pruner is told of a job's end before the journal: once both are there, the bad jobs may report.
    await waitFor('jobs 0 and 1 to complete', () =>
      journalHas(sweep, /"job":0,"ev":"finished","status":"completed"/)() && journalHas(sweep, /"job":1,"ev":"finished","status":"completed"/)());
    for (const q of [9, 10]) writeFileSync(join(gates, String(q)), '');
    const { code } = await o.exited;
    assert.equal(code, 0, o.stderr());
    assert.match(o.stderr(), /Sweep finished: 2 completed, 0 failed, 2 pruned\./);

    for (const [num, q] of [[0, 1], [1, 2]] as const) {
      const rec = json(join(sweep, String(num), '.orch/run.json'));
      assert.equal(rec.status, 'completed');
      assert.deepEqual(json(join(sweep, String(num), 'metrics.json')), { loss: q });
    }
    for (const [num, q] of [[2, 9], [3, 10]] as const) {
      const jobDir = join(sweep, String(num));
      const rec = json(join(jobDir, '.orch/run.json'));
      assert.equal(rec.status, 'pruned', JSON.stringify(rec));
      assert.deepEqual(rec.pruned, { step: 0, metric: 'loss', value: q, steps: 1 });
      assert.match(rec.reason, /^pruned at step 0 \(loss=/);
      assert.equal(typeof rec.durationSec, 'number');
      assert.deepEqual(json(join(jobDir, '.orch/prune.json')), rec.pruned);
      // The task saw the stop itself (not the SIGKILL after the 60 s grace period).
      assert.ok(existsSync(join(jobDir, 'saw-stop')), 'the task saw the stop request');
      assert.equal(rec.exitCode, 143);
      assert.ok(journalHas(sweep, new RegExp(`"job":${num},"ev":"prune","step":0,"metric":"loss","value":${q}`))());
      assert.ok(journalHas(sweep, new RegExp(`"job":${num},"ev":"finished","status":"pruned"`))());
    }

    const status = orch(dir, ['status', sweep]);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /2 completed, 2 pruned/);
    const rows = JSON.parse(orch(dir, ['status', sweep, '--json']).stdout).jobs.map((j: any) => j.status);
    assert.deepEqual(rows, ['completed', 'completed', 'pruned', 'pruned']);

    const resume = orch(dir, ['resume', sweep]);
    assert.equal(resume.code, 0, resume.stderr);
    assert.match(resume.stderr + resume.stdout, /Nothing to resume/);
    assert.equal(json(join(sweep, '2/.orch/run.json')).attempt, 1, 'a pruned job is not run again');
  });
}

test('a bad pruner setting fails before anything runs, naming the choices', () => {
  const dir = copyFixture('cli/prune');
  const r = orch(dir, ['climb', '-m', 'q=1,2', 'gates=/nonexistent', 'orch.sweeper.pruner=hyperband', 'orch.sweep.dir=outputs/bad']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /orch.sweeper.pruner: unknown pruner "hyperband"/);
  assert.match(r.stderr, /median, asha/);
  assert.ok(!existsSync(join(dir, 'outputs/bad')));
});
