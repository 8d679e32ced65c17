/**
 * Pruning inside a search through the real CLI (issue 14): TPE with the median or ASHA pruner over
 * Python (`orch_task.log` / `should_stop`) and TypeScript (`ctx.log` / `ctx.shouldStop`) trials; and
 * after a SIGKILL, `orch resume` gives the pruner the finished trials' curves again. The trials wait
 * on gate files (config/sclimb.yaml), so the order is the test's, never the clock's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTaskJson } from '../../src/store/task-json.js';
import { copyFixture, orch } from '../helpers/cli.js';
import { startOrch } from './orch-process.js';

const json = (file: string): any => parseTaskJson(readFileSync(file, 'utf8'), file);
const journal = (sweep: string): any[] => {
  const file = join(sweep, '.orch', 'journal.jsonl');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(0, -1).map((l) => JSON.parse(l)) : [];
};

async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (ok()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const PRUNERS = {
  // Bad trials report step 0, then wait before step 1: the median of trials 0 and 1 at step 0 stops them.
  median: { setting: '{name: median, n_startup_trials: 2}', hold: 1 },
  // They report steps 0 and 1: the rung at step 1 (min_resource 1) keeps the best half.
  asha: { setting: '{name: asha, min_resource: 1, reduction_factor: 2}', hold: 2 },
};

function gatesIn(dir: string, open: number[]): string {
  const gates = join(dir, 'gates');
  mkdirSync(gates);
  for (const n of open) writeFileSync(join(gates, String(n)), '');
  return gates;
}

const searchArgs = (task: string, gates: string, pruner: keyof typeof PRUNERS, nTrials: number): string[] => [
  task, '-m', '+sweeper=tpe', `orch.sweeper.n_trials=${nTrials}`, 'orch.sweeper.n_startup_trials=2', 'orch.sweeper.metric=loss',
  `orch.sweeper.pruner=${PRUNERS[pruner].setting}`, 'x=interval(0,1)', `gates=${gates}`, `hold=${PRUNERS[pruner].hold}`, 'orch.sweep.dir=outputs/s',
];

for (const task of ['sclimb', 'tssclimb']) {
  for (const pruner of ['median', 'asha'] as const) {
    test(`${task}: a TPE search with the ${pruner} pruner stops the trials behind; recorded pruned with their last value, counted in status`, () => {
      const dir = copyFixture('cli/prune');
      const gates = gatesIn(dir, [0, 1, 2, 3]);
      const r = orch(dir, searchArgs(task, gates, pruner, 4));
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /2 completed, 0 failed, 2 pruned/);
      const sweep = join(dir, 'outputs/s');
      const last = PRUNERS[pruner].hold - 1;
      for (const num of [0, 1]) assert.equal(json(join(sweep, String(num), '.orch/run.json')).status, 'completed');
      for (const num of [2, 3]) {
        const rec = json(join(sweep, String(num), '.orch/run.json'));
        assert.equal(rec.status, 'pruned', JSON.stringify(rec));
        assert.deepEqual(rec.pruned, { step: last, metric: 'loss', value: 5, steps: last + 1 });
        assert.ok(existsSync(join(sweep, String(num), 'saw-stop')), `trial ${num} saw the stop request itself`);
      }
      const told = journal(sweep).filter((e) => e.ev === 'told').map((e) => [e.job, e.state, e.value, e.step]);
      assert.deepEqual(told, [[0, 'completed', 1, undefined], [1, 'completed', 1, undefined], [2, 'pruned', 5, last], [3, 'pruned', 5, last]]);
      const status = orch(dir, ['status', sweep, '--json']);
      assert.equal(status.code, 0, status.stderr);
      const study = JSON.parse(status.stdout).study;
      assert.equal(study.trials.pruned, 2, JSON.stringify(study));
      assert.equal(study.trials.completed, 2);
    });
  }
}

test('after a SIGKILL, orch resume gives the pruner the finished trials\' intermediate values: the re-run trial is pruned as it would have been', async () => {
  const dir = copyFixture('cli/prune');
  const gates = gatesIn(dir, [0, 1]);
  const run = startOrch(dir, searchArgs('sclimb', gates, 'median', 3));
  const sweep = join(dir, 'outputs/s');
  let taskPid: number | undefined;
  try {
    // Trials 0 and 1 are told; trial 2 waits for its gate: orch is killed while it runs.
    await until('two trials told and a third running', () => journal(sweep).filter((e) => e.ev === 'told').length === 2
      && existsSync(join(sweep, '2/.orch/run.json')) && json(join(sweep, '2/.orch/run.json')).status === 'running');
    taskPid = json(join(sweep, '2/.orch/run.json')).pid;
  } finally {
    run.child.kill('SIGKILL');
    await run.exited;
  }
  // SIGKILL leaves orch no time to stop the task: the spawner does (SIGTERM to its group).
  const gone = (): boolean => { try { process.kill(-taskPid!, 0); return false; } catch { return true; } };
  await until('the spawner to stop the task of the killed orch', gone);
  writeFileSync(join(gates, '2'), '');
  const resumed = orch(dir, ['resume', sweep]);
  assert.equal(resumed.code, 0, resumed.stderr);
  const rec = json(join(sweep, '2/.orch/run.json'));
  assert.equal(rec.status, 'pruned', `without the curves of trials 0 and 1 the median pruner has nothing to compare with: ${JSON.stringify(rec)}`);
  assert.deepEqual(rec.pruned, { step: 0, metric: 'loss', value: 5, steps: 1 });
  assert.deepEqual(journal(sweep).filter((e) => e.ev === 'told').map((e) => [e.job, e.state]), [[0, 'completed'], [1, 'completed'], [2, 'pruned']]);
});
