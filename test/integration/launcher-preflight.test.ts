import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyFixture, orch } from '../helpers/cli.js';
import { detectSlurm } from '../helpers/slurm.js';

/** A PATH whose `nvidia-smi` lists no GPU, whatever the machine has. */
function pathWithoutGpus(project: string): string {
  const bin = join(project, 'fake-bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'nvidia-smi'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(bin, 'nvidia-smi'), 0o755);
  return `${bin}:${process.env.PATH}`;
}

test('+launcher=gpu without a GPU fails before anything is written, sweep or single run', () => {
  const project = copyFixture('cli/basic');
  const PATH = pathWithoutGpus(project);
  for (const args of [['hello', '-m', 'seed=1,2', '+launcher=gpu'], ['hello', '+launcher=gpu']]) {
    const r = orch(project, args, { PATH });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /no GPU was found/);
    assert.match(r.stderr, /\+launcher=local/);
    assert.doesNotMatch(r.stderr, /sweep of \d+ job/);
    assert.equal(existsSync(join(project, 'outputs')), false, `${args.join(' ')} left a directory behind`);
  }
  // A dry run may plan for another machine: it is not refused.
  const dry = orch(project, ['hello', '-m', 'seed=1,2', '+launcher=gpu', '--dry-run'], { PATH });
  assert.equal(dry.code, 0, dry.stderr);
});

test('a Slurm launcher where Slurm is not installed fails before anything is written', () => {
  const project = copyFixture('cli/basic');
  const r = orch(project, ['hello', '-m', 'seed=1,2', '+launcher=slurm'], { PATH: join(project, 'no-such-bin') });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /sinfo: command not found/);
  assert.equal(existsSync(join(project, 'outputs')), false);
});

const slurm = detectSlurm();
test('an unknown Slurm partition is refused before anything is written, naming the partitions', { skip: slurm.ok ? false : slurm.reason }, () => {
  const project = copyFixture('cli/basic');
  const r = orch(project, ['hello', '-m', 'seed=1,2', '+launcher=slurm', 'orch.launcher.partition=debgu']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /'debgu' is not a partition of this cluster/);
  assert.match(r.stderr, /Did you mean debug\?/);
  assert.equal(existsSync(join(project, 'outputs')), false);
});
