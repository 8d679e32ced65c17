/**
 * A Python command task on Slurm, through the real CLI: the batch script passes the preemption
 * warning (USR1) to it, and scancel's SIGTERM reaches it; orch_task turns both into should_stop()
 * and runs the checkpoint hooks.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTaskJson } from '../../src/store/task-json.js';
import { copyFixture, orch } from '../helpers/cli.js';
import { cancelArrays, detectSlurm } from '../helpers/slurm.js';

const slurm = detectSlurm();
const skip = slurm.ok ? false : slurm.reason;
const submitted: string[] = [];
after(() => cancelArrays(submitted));

async function waitFor(cond: () => boolean, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('Slurm: USR1 (preemption) and scancel reach a Python task\'s should_stop() and checkpoint hooks', { skip, timeout: 180_000 }, async () => {
  const dir = copyFixture('cli/pytask');
  const sweep = join(dir, 'outputs/s');
  const r = orch(dir, ['wait', '-m', '+seed=0,1', '+launcher=slurm', 'orch.launcher.requeue=true', 'orch.launcher.signal_delay=30',
    `orch.sweep.dir=${sweep}`, '--no-wait']);
  assert.equal(r.code, 0, r.stderr);
  const arrayId = String(JSON.parse(readFileSync(join(sweep, 'slurm.json'), 'utf8')).submissions[0].arrayJobId);
  submitted.push(arrayId);
  const metrics = (n: number) => parseTaskJson(readFileSync(join(sweep, String(n), 'metrics.json'), 'utf8'), 'metrics.json') as { stopped_by: string };

  await waitFor(() => existsSync(join(sweep, '0', 'ready')), 'job 0 to be ready');
  spawnSync('scancel', ['--batch', '--signal=USR1', `${arrayId}_0`]);
  const log = join(sweep, '.slurm', 'logs', `${arrayId}_0.out`);
  await waitFor(() => existsSync(log) && /checkpointed, requeueing/.test(readFileSync(log, 'utf8')), 'the requeue');
  assert.equal(metrics(0).stopped_by, 'SIGUSR1');
  assert.equal(readFileSync(join(sweep, '0', 'checkpoint'), 'utf8'), 'saved');

  await waitFor(() => existsSync(join(sweep, '1', 'ready')), 'job 1 to be ready');
  spawnSync('scancel', [`${arrayId}_1`]);
  await waitFor(() => existsSync(join(sweep, '1', 'metrics.json')), 'job 1 to stop');
  assert.equal(metrics(1).stopped_by, 'SIGTERM');
  assert.equal(readFileSync(join(sweep, '1', 'checkpoint'), 'utf8'), 'saved');
});
