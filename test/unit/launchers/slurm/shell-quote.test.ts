import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { sbatchOption, sbatchValue, shellWord, shellWords, slurmFilenameLiteral } from '../../../../src/launchers/slurm/shell-quote.js';

const NASTY = [`'; touch PWNED; '`, '$(touch PWNED)', '`touch PWNED`', 'a b', '"dq"', 'back\\slash', '#hash', '', '*', '~', '$HOME', "it's", '!event'];

test('shellWord: bash reads every value back unchanged', () => {
  for (const value of NASTY) {
    const r = spawnSync('bash', ['-c', `printf '%s' ${shellWord(value)}`], { encoding: 'utf8' });
    assert.equal(r.stdout, value, `round trip of ${JSON.stringify(value)}`);
  }
});

test('shellWord leaves plain words bare and quotes the rest', () => {
  assert.equal(shellWord('gpu'), 'gpu');
  assert.equal(shellWord('/a/b-c_d.e'), '/a/b-c_d.e');
  assert.equal(shellWord(''), `''`);
  assert.equal(shellWord(`it's`), `'it'\\''s'`);
  assert.equal(shellWords(['module', 'load', 'a b']), `module load 'a b'`);
  assert.throws(() => shellWord('a\0b'), /NUL/);
});

test('sbatchValue: double quotes with backslash escapes, line breaks refused', () => {
  assert.equal(sbatchValue('gpu'), '"gpu"');
  assert.equal(sbatchValue('a "b" \\c'), '"a \\"b\\" \\\\c"');
  assert.throws(() => sbatchValue('a\ntouch PWNED'), { code: 'SLURM_SETTING' });
  assert.throws(() => sbatchValue('a\rb'), /line break/);
});

test('sbatchOption: option names are checked, switches have no value', () => {
  assert.equal(sbatchOption('partition', 'gpu'), '--partition="gpu"');
  assert.equal(sbatchOption('exclusive'), '--exclusive');
  assert.equal(sbatchOption('nodes', 2), '--nodes="2"');
  assert.throws(() => sbatchOption('x; touch PWNED', 'a'), { code: 'SLURM_SETTING' });
  assert.throws(() => sbatchOption('Partition', 'a'), /not a valid sbatch option/);
});

test('slurmFilenameLiteral doubles percent signs', () => {
  assert.equal(slurmFilenameLiteral('/a/100%/b'), '/a/100%%/b');
});
