import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGpuLauncher } from '../../src/launchers/gpu/gpu-launcher.js';
import type { LaunchContext } from '../../src/launchers/types.js';
import { bashJobs, removeTempDirs, tempSweepDir, waitForJobs } from '../helpers/slurm.js';
import { meetInBash } from '../helpers/barrier.js';
import { eventually } from './local-harness.js';

after(removeTempDirs);

function ctx(sweepDir: string, settings: Record<string, unknown>): LaunchContext {
  return { sweepDir, settings, projectRoot: sweepDir, task: 'gpu', interactive: false };
}

// Each job claims its GPU with a marker file and fails if another job holds the same GPU.
const CLAIM = [
  'printf "%s %s %s" "$CUDA_VISIBLE_DEVICES" "$ORCH_DEVICE" "$ORCH_GPU" > "$ORCH_OUTPUT_DIR/gpu.txt"',
  'mkdir -p "$ORCH_SWEEP_DIR/held"',
  'touch "$ORCH_SWEEP_DIR/held/$CUDA_VISIBLE_DEVICES.$ORCH_JOB_NUM"',
  'n=$(ls "$ORCH_SWEEP_DIR/held" | grep -c "^$CUDA_VISIBLE_DEVICES\\.")',
  'sleep 0.3',
  'rm "$ORCH_SWEEP_DIR/held/$CUDA_VISIBLE_DEVICES.$ORCH_JOB_NUM"',
  '[ "$n" -le "$PER_GPU" ]',
].join('\n');

test('gpu: every job gets a GPU of its own; no GPU is shared beyond jobs_per_gpu', { timeout: 180_000 }, async () => {
  const dir = tempSweepDir('orch-gpu-');
  const jobs = bashJobs(dir, 6, () => CLAIM);
  for (const j of jobs) j.env.PER_GPU = '1';
  const settings = { name: 'gpu', gpus: [0, 1] };
  const launcher = createGpuLauncher(settings);
  const states = await waitForJobs(launcher, await launcher.submit(jobs, ctx(dir, settings)));
  assert.deepEqual(states.map((s) => s.status), Array(6).fill('completed'), JSON.stringify(states));
  const seen = jobs.map((j) => readFileSync(join(j.outputDir, 'gpu.txt'), 'utf8').split(' '));
  for (const [visible, device, gpu] of seen) {
    assert.ok(visible === '0' || visible === '1');
    assert.equal(device, 'cuda:0');
    assert.equal(gpu, visible);
  }
  assert.deepEqual([...new Set(seen.map(([v]) => v))].sort(), ['0', '1'], 'both GPUs were used');
  const rec = JSON.parse(readFileSync(join(jobs[0]!.outputDir, '.orch', 'run.json'), 'utf8'));
  assert.equal(rec.launcher.name, 'gpu');
  assert.match(rec.device, /^cuda:[01]$/);
});

test('gpu: jobs_per_gpu=2 puts two jobs on one GPU at once', { timeout: 180_000 }, async () => {
  const dir = tempSweepDir('orch-gpu-');
  const jobs = bashJobs(dir, 2, () => meetInBash(2));
  const settings = { name: 'gpu', gpus: [3], jobs_per_gpu: 2 };
  const launcher = createGpuLauncher(settings);
  const states = await waitForJobs(launcher, await launcher.submit(jobs, ctx(dir, settings)));
  assert.deepEqual(states.map((s) => s.status), ['completed', 'completed']);
});

test('gpu: no GPU found and none configured is a clear error', async () => {
  const dir = tempSweepDir('orch-gpu-');
  const launcher = createGpuLauncher({}, { detect: async () => ({ gpus: [], how: 'nvidia-smi -L: command not found' }) });
  await assert.rejects(launcher.submit(bashJobs(dir, 1, () => 'true'), ctx(dir, { name: 'gpu' })), (err: Error & { code?: string; hint?: string }) => {
    assert.equal(err.code, 'GPU_NONE');
    assert.match(err.message, /no GPU was found \(nvidia-smi -L: command not found\)/);
    assert.match(err.hint!, /orch\.launcher\.gpus=\[0,1\]/);
    return true;
  });
});

test('gpu: interrupt stops the running jobs and starts no more', { timeout: 240_000 }, async () => {
  const dir = tempSweepDir('orch-gpu-');
  const jobs = bashJobs(dir, 4, () => 'touch "$ORCH_OUTPUT_DIR/started"; sleep 300');
  const settings = { name: 'gpu', gpus: [0], kill_grace_sec: 1 };
  const launcher = createGpuLauncher(settings);
  const handles = await launcher.submit(jobs, ctx(dir, settings));
  assert.ok(await eventually(() => existsSync(join(jobs[0]!.outputDir, 'started')), 120_000), 'job 0 started');
  launcher.interrupt('SIGTERM');
  const states = await waitForJobs(launcher, handles);
  assert.deepEqual(states.map((s) => s.status), ['cancelled', 'cancelled', 'cancelled', 'cancelled']);
  assert.match(states[3]!.reason!, /not started/);
});
