import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConfigRepository } from '../../../src/config/index.js';
import { iterateJobs } from '../../../src/plan/compose-jobs.js';
import { createDispatcher } from '../../../src/plan/dispatch.js';
import { writeSweepPlan } from '../../../src/plan/write-plan.js';
import type { ComposedJob } from '../../../src/plan/types.js';
import { openPlan } from '../../../src/store/plan-record-reader.js';

const task = { kind: 'command' as const, name: 'train', argv: ['echo', 'hi'] };

function project(run: (root: string, configDir: string) => Promise<void>): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'orch-plan-'));
  const configDir = join(root, 'config');
  mkdirSync(configDir);
  writeFileSync(join(configDir, 'app.yaml'), 'x: 1\ny: 2\nname: n${x}\nwhen: ${now:%H%M%S%f}\norch:\n  sweep:\n    dir: sweep\n');
  return run(root, configDir).finally(() => rmSync(root, { recursive: true, force: true }));
}

const meta = (root: string, configDir: string, createdAt: Date) => ({
  projectRoot: root, configDir, task, taskOf: () => task, taskName: 'train', command: ['train', '-m'], launcher: undefined, createdAt,
  compose: { configName: 'app', orchOverrides: [] },
});

test('a sweep plan is one line per job and a frozen config tree: no job directory until dispatch', () =>
  project(async (root, configDir) => {
    const createdAt = new Date();
    const jobs = iterateJobs(createConfigRepository({ configDir }), { configName: 'app', overrides: ['x=range(20)', 'y=1,2'], multirun: true, now: createdAt });
    const { sweepDir, header } = await writeSweepPlan(jobs, meta(root, configDir, createdAt));
    assert.equal(sweepDir, join(root, 'sweep'));
    assert.equal(header.jobCount, 40);
    assert.deepEqual(readdirSync(sweepDir), ['.orch']);
    assert.ok(existsSync(join(sweepDir, '.orch', 'config', 'app.yaml')));
    // Editing config/ after planning changes no queued job: dispatch composes from the frozen copy.
    writeFileSync(join(configDir, 'app.yaml'), 'x: 100\n');
    const plan = await openPlan(sweepDir);
    const job = await createDispatcher(sweepDir, plan.header)(await plan.readJobAt(3));
    await plan.close();
    assert.equal(job.outputDir, join(sweepDir, '3'));
    assert.deepEqual(job.overrides, ['x=1', 'y=2']);
    assert.deepEqual(job.argv, ['echo', 'hi']);
    const config = JSON.parse(readFileSync(join(job.outputDir, '.orch', 'config.json'), 'utf8'));
    assert.equal(config.name, 'n1');
    assert.deepEqual(readdirSync(sweepDir).sort(), ['.orch', '3']);
  }));

test('a job that composes to another config than planned is a typed error, not a silent change', () =>
  project(async (root, configDir) => {
    const createdAt = new Date();
    const jobs = iterateJobs(createConfigRepository({ configDir }), { configName: 'app', overrides: ['x=1,2'], multirun: true, now: createdAt });
    const { sweepDir } = await writeSweepPlan(jobs, meta(root, configDir, createdAt));
    const plan = await openPlan(sweepDir);
    // Another clock: `now` resolves differently, so the recomposed config is not the planned one.
    const other = createDispatcher(sweepDir, { ...plan.header, createdAt: new Date(createdAt.getTime() + 1000).toISOString() });
    await assert.rejects(other(await plan.readJobAt(0)), { code: 'PLAN_JOB_CHANGED' });
    await plan.close();
  }));

test('writeSweepPlan removes what it wrote when a later job fails, and the error comes through', () =>
  project(async (root, configDir) => {
    const createdAt = new Date();
    const jobs = iterateJobs(createConfigRepository({ configDir }), { configName: 'app', overrides: ['x=range(50)'], multirun: true, now: createdAt });
    const failing: Iterable<ComposedJob> = {
      *[Symbol.iterator]() {
        let n = 0;
        for (const j of jobs) {
          if (n++ === 30) throw new Error('job 30 is invalid');
          yield j;
        }
      },
    };
    await assert.rejects(writeSweepPlan(failing, meta(root, configDir, createdAt)), /job 30 is invalid/);
    assert.equal(existsSync(join(root, 'sweep')), false);
  }));

test('a job whose dir escapes or clashes fails the plan before it writes, and the plan is removed', () =>
  project(async (root, configDir) => {
    const createdAt = new Date();
    const repo = createConfigRepository({ configDir });
    const clash = iterateJobs(repo, { configName: 'app', overrides: ['x=1,2', 'orch.sweep.subdir=same'], multirun: true, now: createdAt });
    await assert.rejects(writeSweepPlan(clash, meta(root, configDir, createdAt)), /job 1 \(x=2\) and job 0 \(x=1\) get the same dir/);
    const escape = iterateJobs(repo, { configName: 'app', overrides: ['x=1,2', 'orch.sweep.subdir=../${x}'], multirun: true, now: createdAt });
    await assert.rejects(writeSweepPlan(escape, meta(root, configDir, createdAt)), /orch\.sweep\.subdir is '\.\.\/1' in job 0/);
    assert.deepEqual(readdirSync(root), ['config']);
  }));

test('each job is dispatched with the command line of its own task, not job 0\'s', () =>
  project(async (root, configDir) => {
    writeFileSync(join(configDir, 'app.yaml'), 'x: 1\norch:\n  sweep:\n    dir: sweep\n  task:\n    command: [echo, "x=${x}"]\n');
    const createdAt = new Date();
    const jobs = iterateJobs(createConfigRepository({ configDir }), { configName: 'app', overrides: ['x=1,2,3'], multirun: true, now: createdAt });
    const { sweepDir } = await writeSweepPlan(jobs, meta(root, configDir, createdAt));
    const plan = await openPlan(sweepDir);
    const dispatch = createDispatcher(sweepDir, plan.header);
    const argvs: string[] = [];
    for await (const line of plan.jobs()) argvs.push((await dispatch(line)).argv.at(-1)!);
    await plan.close();
    assert.deepEqual(argvs, ['x=1', 'x=2', 'x=3']);
  }));
