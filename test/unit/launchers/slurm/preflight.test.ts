import { test } from 'node:test';
import assert from 'node:assert/strict';
import { slurmPreflight } from '../../../../src/launchers/slurm/preflight.js';

const cluster = (partitions: string[]) => ({ partitions: async () => partitions });

test('slurm preflight: a known partition (or none set) passes; an unknown one names the valid ones', async () => {
  await slurmPreflight(cluster(['debug', 'gpu']), { name: 'slurm' });
  await slurmPreflight(cluster(['debug', 'gpu']), { name: 'slurm', partition: 'gpu' });
  await slurmPreflight(cluster(['debug', 'gpu']), { name: 'slurm', partition: 'debug,gpu' });
  await assert.rejects(slurmPreflight(cluster(['debug', 'gpu']), { name: 'slurm', partition: 'debug,gpux' }), (err: Error & { code?: string; hint?: string }) => {
    assert.equal(err.code, 'SLURM_UNKNOWN_PARTITION');
    assert.match(err.message, /'gpux' is not a partition/);
    assert.match(err.hint ?? '', /Partitions here: debug, gpu\. Did you mean gpu\?/);
    return true;
  });
});

test('slurm preflight: a Slurm that does not answer is the error sinfo gave', async () => {
  const down = { partitions: async () => { throw Object.assign(new Error('sinfo could not reach the Slurm controller'), { code: 'SLURM_UNREACHABLE' }); } };
  await assert.rejects(slurmPreflight(down, { name: 'slurm' }), /could not reach/);
});
