import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { iterateJobs } from '../../../src/plan/compose-jobs.js';
import { planJobs, writePlan } from '../../../src/plan/materialize.js';
import type { ComposedJob } from '../../../src/plan/types.js';
import { memoryRepo } from '../config/helpers.js';

const task = () => ({ kind: 'command' as const, name: 'train', argv: ['echo', 'hi'] });
const meta = { taskName: 'train', command: ['train', '-m'], launcher: undefined };
const repo = () => memoryRepo({ app: 'x: 1\ny: 2\nname: n${x}\norch:\n  sweep:\n    dir: sweep\n' });

function withTmp(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'orch-plan-'));
  return run(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

test('writePlan writes a stream of jobs one by one: snapshots, then sweep.json', () =>
  withTmp(async (root) => {
    const jobs = iterateJobs(repo(), { configName: 'app', overrides: ['x=range(20)', 'y=1,2'], multirun: true });
    let pulled = 0;
    const counted: Iterable<ComposedJob> = { *[Symbol.iterator]() { for (const j of jobs) { pulled++; yield j; } } };
    const plan = await writePlan({ projectRoot: root, task, multirun: true, jobs: counted }, meta);
    assert.equal(pulled, 40);
    assert.equal(plan.baseDir, join(root, 'sweep'));
    assert.deepEqual(plan.jobs.map((j) => j.num), [...Array(40).keys()]);
    assert.equal(plan.jobs[3]!.outputDir, join(root, 'sweep', '3'));
    assert.deepEqual(plan.jobs[3]!.overrides, ['x=1', 'y=2']);
    const config = JSON.parse(readFileSync(join(root, 'sweep', '3', '.orch', 'config.json'), 'utf8'));
    assert.deepEqual(config, { x: 1, y: 2, name: 'n1' });
    const sweep = JSON.parse(readFileSync(join(root, 'sweep', 'sweep.json'), 'utf8'));
    assert.equal(sweep.jobs.length, 40);
    assert.equal(sweep.jobs[39].dir, '39');
  }));

test('writePlan removes what it wrote when a later job fails, and the error comes through', () =>
  withTmp(async (root) => {
    const jobs = iterateJobs(repo(), { configName: 'app', overrides: ['x=range(40)'], multirun: true });
    const failing: Iterable<ComposedJob> = {
      *[Symbol.iterator]() {
        for (const j of jobs) {
          if (j.config.get('x') === 30) throw new Error('job 30 is invalid');
          yield j;
        }
      },
    };
    await assert.rejects(writePlan({ projectRoot: root, task, multirun: true, jobs: failing }, meta), /job 30 is invalid/);
    assert.equal(existsSync(join(root, 'sweep')), false);
    assert.deepEqual(readdirSync(root), []);
    // Parents created for the plan go as well; parents that existed before stay.
    const nested = memoryRepo({ app: 'x: 1\norch:\n  sweep:\n    dir: out/a/b/sweep\n' });
    const bad = (): Iterable<ComposedJob> => ({ *[Symbol.iterator]() { yield* iterateJobs(nested, { configName: 'app', overrides: ['x=1,2'], multirun: true }); throw new Error('late'); } });
    await assert.rejects(writePlan({ projectRoot: root, task, multirun: true, jobs: bad() }, meta), /late/);
    assert.deepEqual(readdirSync(root), []);
    mkdirSync(join(root, 'out', 'a'), { recursive: true });
    await assert.rejects(writePlan({ projectRoot: root, task, multirun: true, jobs: bad() }, meta), /late/);
    assert.deepEqual(readdirSync(join(root, 'out', 'a')), []);
  }));

test('a taken base dir gets a fresh name; planJobs (dry run) writes nothing', () =>
  withTmp(async (root) => {
    const input = () => ({ projectRoot: root, task, multirun: true, jobs: iterateJobs(repo(), { configName: 'app', overrides: ['x=1,2'], multirun: true }) });
    const dry = planJobs(input());
    assert.deepEqual(dry.jobs.map((j) => j.outputDir), [join(root, 'sweep', '0'), join(root, 'sweep', '1')]);
    assert.deepEqual(readdirSync(root), []);
    await writePlan(input(), meta);
    const second = await writePlan(input(), meta);
    assert.equal(second.baseDir, join(root, 'sweep_1'));
    assert.equal(second.jobs[1]!.env.ORCH_SWEEP_DIR, join(root, 'sweep_1'));
  }));

test('each job gets the command line of its own task, not job 0\'s', () =>
  withTmp(async (root) => {
    const jobs = iterateJobs(repo(), { configName: 'app', overrides: ['x=1,2,3'], multirun: true });
    const perJob = (job: ComposedJob) => ({ kind: 'command' as const, name: 'train', argv: ['echo', `x=${String(job.config.get('x'))}`] });
    const plan = await writePlan({ projectRoot: root, task: perJob, multirun: true, jobs }, meta);
    assert.deepEqual(plan.jobs.map((j) => j.argv.at(-1)), ['x=1', 'x=2', 'x=3']);
    const sweep = JSON.parse(readFileSync(join(root, 'sweep', 'sweep.json'), 'utf8'));
    assert.deepEqual(sweep.jobs.map((j: { argv: string[] }) => j.argv.at(-1)), ['x=1', 'x=2', 'x=3']);
  }));

test('a job whose dir escapes or clashes fails the plan before it writes, and the plan is removed', () =>
  withTmp(async (root) => {
    const clash = iterateJobs(repo(), { configName: 'app', overrides: ['x=1,2', 'orch.sweep.subdir=same'], multirun: true });
    await assert.rejects(writePlan({ projectRoot: root, task, multirun: true, jobs: clash }, meta), /job 1 \(x=2\) and job 0 \(x=1\) get the same dir/);
    const escape = iterateJobs(repo(), { configName: 'app', overrides: ['x=1,2', 'orch.sweep.subdir=../${x}'], multirun: true });
    await assert.rejects(writePlan({ projectRoot: root, task, multirun: true, jobs: escape }, meta), /orch\.sweep\.subdir is '\.\.\/1' in job 0/);
    assert.deepEqual(readdirSync(root), []);
  }));
