/**
 * A sweep's array tasks find their job in the plan by number and dispatch it on the node: nothing
 * per job is written before sbatch, and a job's dir appears when its task starts (local test
 * cluster; skipped without one).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyFixture, orch } from '../helpers/cli.js';
import { cancelArrays, detectSlurm } from '../helpers/slurm.js';

const slurm = detectSlurm();
const skip = slurm.ok ? false : slurm.reason;

async function waitFor(cond: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('--no-wait: no job dir or spec file exists before its array task runs; each job dispatches itself', { skip, timeout: 240_000 }, async () => {
  const dir = copyFixture('cli/basic');
  const gate = join(dir, 'go');
  // Job 0 holds the only array slot until the test opens the gate, so job 1 is still queued meanwhile.
  writeFileSync(join(dir, 'config', 'gated.yaml'), `seed: 0
orch:
  task:
    command: [bash, -c, 'touch "$ORCH_OUTPUT_DIR/started"; while [ ! -e ${gate} ]; do sleep 0.2; done; printf "{\\"value\\": %s}" "$ORCH_JOB_NUM" > "$ORCH_OUTPUT_DIR/metrics.json"']
`);
  const r = orch(dir, ['gated', 'seed=0,1', '-m', '+launcher=slurm', '--no-wait', 'orch.launcher.array_parallelism=1', 'orch.sweep.dir=outputs/g']);
  assert.equal(r.code, 0, r.stderr);
  const sweepDir = r.stdout.trim();
  const ids = [...r.stderr.matchAll(/job ids: ([\d, ]+)/g)].flatMap((m) => m[1]!.split(', '));
  try {
    assert.equal(existsSync(join(sweepDir, '.slurm', 'jobs')), false, 'no spec files');
    const script = readFileSync(join(sweepDir, '.slurm', 'array-0.sbatch'), 'utf8');
    assert.match(script, /_slurm-dispatch/);
    await waitFor(() => existsSync(join(sweepDir, '0', 'started')), 'job 0 to start');
    assert.equal(existsSync(join(sweepDir, '1')), false, 'a queued job has no directory yet');
    const run0 = JSON.parse(readFileSync(join(sweepDir, '0', '.orch', 'run.json'), 'utf8'));
    assert.deepEqual([run0.status, run0.attempt], ['running', 1], 'a command task says it started');
    assert.match(run0.launcher.jobId, /^\d+_0$/);
    writeFileSync(gate, '');
    let jobs: Array<{ status: string; metric?: number; attempt: number }> = [];
    await waitFor(() => {
      const s = orch(dir, ['status', sweepDir, '--json']);
      jobs = JSON.parse(s.stdout).jobs;
      return jobs.every((j) => j.status !== 'pending' && j.status !== 'running');
    }, 'the sweep to end');
    assert.deepEqual(jobs.map((j) => [j.status, j.metric, j.attempt]), [['completed', 0, 1], ['completed', 1, 1]]);
    // The snapshot was made on the node from the frozen config tree.
    for (const n of [0, 1]) assert.ok(readdirSync(join(sweepDir, String(n), '.orch')).includes('config.json'));
  } finally {
    cancelArrays(ids);
  }
});
