import { test, after } from 'node:test';
import { sourceOfJobs } from '../../src/launchers/job-source.js';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSlurmLauncher } from '../../src/launchers/slurm/launcher.js';
import { bashJobs, cancelArrays, detectSlurm, removeTempDirs, slurmHasGpus, tempSweepDir, waitForJobs } from '../helpers/slurm.js';

const slurm = detectSlurm();
const skip = !slurm.ok ? slurm.reason : !slurmHasGpus() ? 'the Slurm cluster has no gpu partition with GPUs (start-local-slurm.sh --gpus 2)' : false;
const submitted: string[] = [];
after(() => { cancelArrays(submitted); removeTempDirs(); });

test('slurmgpu: two concurrent jobs each see one GPU of their own', { skip, timeout: 120_000 }, async () => {
  const dir = tempSweepDir();
  // Each job waits until both have started, so they provably hold their GPUs at the same time.
  const jobs = bashJobs(dir, 2, () => [
    'printf "%s %s" "$CUDA_VISIBLE_DEVICES" "$ORCH_DEVICE" > "$ORCH_OUTPUT_DIR/gpu.txt"',
    'touch "$ORCH_SWEEP_DIR/started.$ORCH_JOB_NUM"',
    'for i in $(seq 300); do [ -e "$ORCH_SWEEP_DIR/started.0" ] && [ -e "$ORCH_SWEEP_DIR/started.1" ] && exit 0; sleep 0.1; done; exit 1',
  ].join('\n'));
  for (const job of jobs) job.env.ORCH_DEVICE = 'cpu'; // what a CPU plan would say; the GPU launcher replaces it
  const settings = { name: 'slurmgpu', partition: 'gpu' };
  const launcher = createSlurmLauncher(settings);
  const handles = await launcher.submit(sourceOfJobs(jobs), { sweepDir: dir, settings, projectRoot: dir, task: 'gpu', interactive: false });
  submitted.push(...launcher.arrayJobIds);
  assert.match(readFileSync(join(dir, '.slurm', 'array-0.sbatch'), 'utf8'), /^#SBATCH --gres="gpu:1"$/m);
  const states = await waitForJobs(launcher, handles);
  assert.deepEqual(states.map((s) => s.status), ['completed', 'completed'], JSON.stringify(states));
  const seen = jobs.map((j) => readFileSync(join(j.outputDir, 'gpu.txt'), 'utf8').split(' '));
  assert.deepEqual(seen.map(([, device]) => device), ['cuda:0', 'cuda:0']);
  assert.deepEqual(seen.map(([visible]) => visible).sort(), ['0', '1']);
});
