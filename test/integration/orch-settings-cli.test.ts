/**
 * orch's own settings through the real CLI: they never join a job's identity, they are checked like
 * any config before anything is written (--dry-run too), and group options that do not exist are
 * errors. Also: composition warnings on stderr, and orch run from a subdirectory of the project.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyFixture, orch } from '../helpers/cli.js';

function project(): string {
  const dir = copyFixture('cli/basic');
  // The project's own `launcher` group: a robot's launcher, part of the job like any group.
  mkdirSync(join(dir, 'config', 'launcher'));
  writeFileSync(join(dir, 'config', 'launcher', 'catapult.yaml'), 'force: 3\n');
  writeFileSync(join(dir, 'config', 'noself.yaml'), 'defaults:\n  - model: small\nseed: 0\n');
  return dir;
}

function composed(dir: string, args: string[]): Array<{ overrides: string[]; override_dirname: string }> {
  const r = orch(dir, ['compose', ...args]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout).jobs;
}

test("+launcher=..., +sweeper=... and orch.* overrides stay out of the job's overrides and override_dirname", () => {
  const dir = project();
  const [job] = composed(dir, ['-c', 'hello', 'seed=range(1)', '+launcher=local', '+sweeper=basic', 'orch.launcher.n_jobs=1', '-m']);
  assert.deepEqual(job!.overrides, ['seed=0']);
  assert.equal(job!.override_dirname, 'seed=0');
  const [single] = composed(dir, ['-c', 'hello', 'seed=3', '+launcher=slurm']);
  assert.deepEqual([single!.overrides, single!.override_dirname], [['seed=3'], 'seed=3']);
  const [own] = composed(dir, ['-c', 'hello', '+launcher=catapult']);
  assert.equal(own!.override_dirname, '+launcher=catapult', "a project's own launcher group is part of the job");
  const plan = orch(dir, ['hello', '-m', 'seed=1,2', '+launcher=local', '--dry-run', '--json']);
  assert.equal(plan.code, 0, plan.stderr);
  assert.deepEqual(JSON.parse(plan.stdout).jobs.map((j: { overrides: string[] }) => j.overrides), [['seed=1'], ['seed=2']]);
});

test('unknown or ill-typed orch.* settings fail before anything is written, --dry-run included', () => {
  const dir = project();
  const cases: Array<[string[], RegExp]> = [
    [['+orch.launcher.n_job=1'], /orch\.launcher\.n_job: not a setting of the local launcher\nDid you mean orch\.launcher\.n_jobs\?/],
    [['orch.launcher.n_jobs=two'], /orch\.launcher\.n_jobs: expected a positive integer/],
    [['+orch.sweeper.n_trial=5'], /orch\.sweeper\.n_trial: not a sweeper setting\nDid you mean orch\.sweeper\.n_trials\?/],
    [['orch.sweeper.name=grid'], /orch\.sweeper\.name: expected one of basic, random, tpe/],
    [['+orch.job.nmae=x'], /orch\.job\.nmae: not a setting of orch\nDid you mean orch\.job\.name\?/],
    [['+launcher=slurm', 'orch.launcher.tme=3'], /orch\.launcher\.tme/],
  ];
  for (const [overrides, pattern] of cases) {
    for (const extra of [['--dry-run'], [], ['-m']]) {
      const r = orch(dir, ['hello', ...overrides, ...extra]);
      assert.equal(r.code, 2, `${overrides.join(' ')} ${extra.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, pattern);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
  }
  assert.ok(!existsSync(join(dir, 'outputs')), 'nothing written');
  const compose = orch(dir, ['compose', '-c', 'hello', '+orch.sweeper.n_trial=5']);
  assert.equal(compose.code, 2);
  assert.equal(compose.stdout, '');
});

test('a group option that does not exist is an error naming the options, +sweeper=optuna included', () => {
  const dir = project();
  for (const args of [['hello', '+sweeper=optuna', '--dry-run'], ['compose', '-c', 'hello', '+sweeper=optuna'], ['hello', '+launcher=slurn', '--dry-run']]) {
    const r = orch(dir, args);
    assert.equal(r.code, 2, r.stdout);
    assert.match(r.stderr, /Could not find '(sweeper\/optuna|launcher\/slurn)'\n\nAvailable options in '(sweeper|launcher)':\n\t(basic|catapult)/);
    assert.equal(r.stdout, '');
  }
});

test("composition warnings reach stderr once per run, never stdout (--cfg, orch compose)", () => {
  const dir = project();
  const warning = /In 'noself': Defaults list is missing `_self_`/g;
  const sweep = orch(dir, ['compose', '-c', 'noself', '-m', 'seed=1,2,3']);
  assert.equal(sweep.code, 0, sweep.stderr);
  assert.equal(sweep.stderr.match(warning)?.length, 1, sweep.stderr);
  assert.doesNotMatch(sweep.stdout, warning);
  const cfg = orch(dir, ['hello', '-c', 'noself', '--cfg', 'job']);
  assert.equal(cfg.code, 0, cfg.stderr);
  assert.equal(cfg.stderr.match(warning)?.length, 1);
  assert.doesNotMatch(cfg.stdout, /_self_/);
  const run = orch(dir, ['hello', '-c', 'noself', '-m', 'seed=1,2', '--dry-run']);
  assert.equal(run.stderr.match(warning)?.length, 1, run.stderr);
});

test('orch works from any directory inside the project', () => {
  const dir = project();
  const fromRuns = orch(join(dir, 'runs'), ['hello', 'seed=5']);
  assert.equal(fromRuns.code, 0, fromRuns.stderr);
  assert.ok(existsSync(join(dir, 'outputs')), 'outputs at the project root');
  assert.ok(!existsSync(join(dir, 'runs', 'outputs')));
  const status = orch(join(dir, 'config', 'model'), ['compose', '-c', 'hello', 'model=large']);
  assert.equal(status.code, 0, status.stderr);
});

test('-m --json without --dry-run is an error; nothing runs', () => {
  const dir = project();
  const r = orch(dir, ['hello', '-m', 'seed=1,2', '--json']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--json .*needs --dry-run/);
  assert.ok(!existsSync(join(dir, 'outputs')));
});

test("orch status where no sweep ran says how to get one, not to resume", () => {
  const empty = mkdtempSync(join(tmpdir(), 'orch-empty-'));
  const r = orch(empty, ['status']);
  assert.equal(r.code, 2);
  assert.doesNotMatch(r.stderr, /orch resume/);
  assert.match(r.stderr, /orch status outputs\/multirun\//);
});

test('a misspelt key says how to append once, and suggests the key meant', () => {
  const r = orch(project(), ['hello', 'model.nmae=x', '--dry-run']);
  assert.equal(r.code, 2);
  assert.equal(r.stderr.split('+model.nmae=x').length - 1, 1, r.stderr);
  assert.match(r.stderr, /Did you mean model\.name\?/);
});
