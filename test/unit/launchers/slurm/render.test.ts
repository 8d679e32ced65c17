import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { PlannedJob } from '../../../../src/plan/types.js';
import { renderScripts } from '../../../../src/launchers/slurm/render.js';
import { FIXTURES } from '../../../helpers/paths.js';

function jobs(n: number, sweepDir = '/sweeps/s1'): PlannedJob[] {
  return Array.from({ length: n }, (_, num) => ({
    num, overrides: [], overrideDirname: '', outputDir: join(sweepDir, String(num)), argv: ['true'], env: {}, cwd: '/proj',
  }));
}

function sbatchLines(script: string): string[] {
  return script.split('\n').filter((l) => l.startsWith('#SBATCH'));
}

test('renders one array with the throttle and every setting as an #SBATCH option', () => {
  const [only, ...rest] = renderScripts(jobs(20), {
    name: 'slurm', partition: 'debug', time: 90, cpus_per_task: 2, mem: '4G', account: 'lab', qos: 'high',
    constraint: 'a100', array_parallelism: 4, additional_parameters: { mail_type: 'END', exclusive: true, nodes: null },
  }, { sweepDir: '/sweeps/s1', task: 'train' });
  assert.equal(rest.length, 0);
  assert.deepEqual(sbatchLines(only!.script), [
    '#SBATCH --job-name="orch-train"', '#SBATCH --array="0-19%4"', '#SBATCH --output="/sweeps/s1/.slurm/logs/%A_%a.out"',
    '#SBATCH --open-mode=append', '#SBATCH --partition="debug"', '#SBATCH --time="90"', '#SBATCH --cpus-per-task="2"',
    '#SBATCH --mem="4G"', '#SBATCH --account="lab"', '#SBATCH --qos="high"', '#SBATCH --constraint="a100"',
    '#SBATCH --mail-type="END"', '#SBATCH --exclusive', '#SBATCH --no-requeue',
  ]);
  assert.match(only!.script, /^export ORCH_ARRAY_OFFSET=0$/m);
  assert.equal(spawnSync('bash', ['-n'], { input: only!.script }).status, 0, 'the script is valid bash');
});

test('splits at MaxArraySize; each block has its own offset', () => {
  const scripts = renderScripts(jobs(25), { name: 'slurm', array_parallelism: 3 }, { sweepDir: '/s', maxArraySize: 10 });
  assert.deepEqual(scripts.map((s) => sbatchLines(s.script)[1]), ['#SBATCH --array="0-9%3"', '#SBATCH --array="0-9%3"', '#SBATCH --array="0-4%3"']);
  assert.deepEqual(scripts.map((s) => /ORCH_ARRAY_OFFSET=(\d+)/.exec(s.script)?.[1]), ['0', '10', '20']);
});

test('requeue asks for the warning signal; setup lines become quoted words', () => {
  const [s] = renderScripts(jobs(1), {
    name: 'slurm', requeue: true, signal_delay: 60, setup: ['module load cuda/12.1', ['source', '/opt/my env/bin/activate']],
  }, { sweepDir: '/s' });
  assert.ok(s!.script.includes('#SBATCH --requeue\n#SBATCH --signal="B:USR1@60"\n'));
  assert.match(s!.script, /^module load cuda\/12\.1 \|\| /m);
  assert.match(s!.script, /^source '\/opt\/my env\/bin\/activate' \|\| /m);
});

test('slurmgpu asks for one GPU per task unless told otherwise and sets ORCH_DEVICE', () => {
  const [g] = renderScripts(jobs(2), { name: 'slurmgpu', partition: 'gpu' }, { sweepDir: '/s' });
  assert.ok(sbatchLines(g!.script).includes('#SBATCH --gres="gpu:1"'));
  assert.match(g!.script, /^export ORCH_DEVICE=cuda:0$/m);
  const [h] = renderScripts(jobs(2), { name: 'slurmgpu', gpus_per_task: 2 }, { sweepDir: '/s' });
  assert.ok(!h!.script.includes('--gres'));
  assert.ok(sbatchLines(h!.script).includes('#SBATCH --gpus-per-task="2"'));
});

test('a project template is used, with the same helpers and runner partial', () => {
  const [s] = renderScripts(jobs(3), { name: 'slurm', template: join(FIXTURES, 'slurm', 'custom.sbatch.hbs'), partition: 'p' }, { sweepDir: '/s x' });
  assert.match(s!.script, /^echo "custom template for sweep "'\/s x'$/m);
  assert.match(s!.script, /mapfile -d ''/);
  assert.equal(spawnSync('bash', ['-n'], { input: s!.script }).status, 0);
});

test('template and setting errors name the key', () => {
  assert.throws(() => renderScripts(jobs(1), { name: 'slurm', template: '/nope.hbs' }, { sweepDir: '/s' }), { code: 'SLURM_TEMPLATE' });
  assert.throws(() => renderScripts(jobs(1), { name: 'slurm', partiton: 'gpu' }, { sweepDir: '/s' }), /orch\.launcher\.partiton.*|Did you mean orch\.launcher\.partition/s);
  assert.throws(() => renderScripts(jobs(1), { name: 'slurm', time: 'soon' }, { sweepDir: '/s' }), /orch\.launcher\.time: expected minutes/);
  assert.throws(() => renderScripts(jobs(1), { name: 'slurm', partition: 'a\nb' }, { sweepDir: '/s' }), /line break/);
  assert.throws(() => renderScripts(jobs(1), { name: 'slurm', additional_parameters: { 'x;y': 1 } }, { sweepDir: '/s' }), /not a valid sbatch option/);
});
