import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRepository } from '../../../../src/cli/project.js';
import { iterateJobs } from '../../../../src/plan/compose-jobs.js';
import type { PlanRow } from '../../../../src/plan/types.js';
import { rowsOfJobs } from '../../../../src/plan/write-plan.js';
import type { ChunkPlanInput } from '../../../../src/run/plan-workers/chunks.js';
import { CHUNK_JOBS, parallelPlanRows } from '../../../../src/run/plan-workers/parallel-rows.js';
import { sweepFindings, validatedJobs } from '../../../../src/run/validate-jobs.js';

/** A project whose `app` config interpolates swept values into a job's dir and config, and whose `???` some jobs leave unset. */
function project(): { root: string; configDir: string; done: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'orch-plan-workers-'));
  const configDir = join(root, 'config');
  mkdirSync(configDir);
  writeFileSync(join(configDir, 'app.yaml'), [
    'a: 0', 'b: 0', 'name: n${a}_${b}', 'when: ${now:%H%M%S%f}', 'need: 1',
    'orch:', '  sweep:', '    dir: sweep', '    subdir: ${a}/${b}', '  task:', '    command: [echo, "${a}"]', '',
  ].join('\n'));
  return { root, configDir, done: () => rmSync(root, { recursive: true, force: true }) };
}

const input = (root: string, configDir: string, overrides: string[]): ChunkPlanInput => ({
  configDir, projectRoot: root, taskName: 'app',
  compose: { configName: 'app', overrides, now: new Date('2026-01-02T03:04:05Z'), lenient: true, projectRoot: root, cwd: root, seed: 7 },
});

/** The rows of the serial pass (validate-jobs.ts, write-plan.ts rowsOfJobs), or what it throws. */
function serialRows(i: ChunkPlanInput): PlanRow[] {
  const repo = projectRepository(i.configDir);
  const checked = validatedJobs(repo, iterateJobs(repo, { ...i.compose, multirun: true }), true);
  const rest = checked.jobs[Symbol.iterator]();
  rest.next(); // the first is given on its own
  return [...rowsOfJobs(checked.first!, { [Symbol.iterator]: () => rest }, () => undefined)].flat();
}

async function parallelRows(i: ChunkPlanInput, workers: number, workerFile?: URL): Promise<{ rows: PlanRow[]; lost: string[] }> {
  const repo = projectRepository(i.configDir);
  const count = iterateJobs(repo, { ...i.compose, multirun: true }).count;
  const rows: PlanRow[] = [];
  const lost: string[] = [];
  for await (const batch of parallelPlanRows(i, { repo, count, workers, findings: sweepFindings(), workerFile, onWorkerLost: (w) => lost.push(w) })) rows.push(...batch);
  return { rows, lost };
}

test('planning workers give the serial pass\'s rows, in its order, for a grid of several chunks (interpolated dirs, a shuffle, the clock)', async () => {
  const p = project();
  try {
    const i = input(p.root, p.configDir, ['a=range(3)', 'b=shuffle(range(300))']);
    const serial = serialRows(i);
    assert.equal(serial.length, 900);
    assert.ok(serial.length > 3 * CHUNK_JOBS);
    for (const workers of [1, 3]) {
      const parallel = await parallelRows(i, workers);
      assert.deepEqual(parallel.rows, serial, `${workers} worker(s)`);
      assert.deepEqual(parallel.lost, []);
    }
    assert.equal(serial[0]!.subdir, `0/${serial[0]!.overrides[1]!.slice(2)}`);
  } finally {
    p.done();
  }
});

/** Rows consumed before the rows stop, and what stopped them. */
async function rowsUntilError(rows: AsyncIterable<readonly PlanRow[]> | Iterable<readonly PlanRow[]>): Promise<{ count: number; error: Error | undefined }> {
  let count = 0;
  try {
    for await (const batch of rows) count += batch.length;
  } catch (err) {
    return { count, error: err as Error };
  }
  return { count, error: undefined };
}

test('a job that fails in a worker is planned again here: the serial pass\'s own error, after the same rows (a missing option in a later chunk)', async () => {
  const p = project();
  try {
    mkdirSync(join(p.configDir, 'opt'));
    writeFileSync(join(p.configDir, 'opt', 'good.yaml'), 'lr: 1\n');
    // Jobs 0-299 are good, job 300 (in the second chunk) names an option that is not there.
    const i = input(p.root, p.configDir, ['+opt=good,bad', 'b=range(300)']);
    const repo = projectRepository(i.configDir);
    const checked = validatedJobs(repo, iterateJobs(repo, { ...i.compose, multirun: true }), true);
    const rest = checked.jobs[Symbol.iterator]();
    rest.next();
    const serial = await rowsUntilError(rowsOfJobs(checked.first!, { [Symbol.iterator]: () => rest }, () => undefined));
    assert.equal(serial.count, 300);
    assert.match(serial.error?.message ?? '', /opt\/bad/);
    const count = iterateJobs(repo, { ...i.compose, multirun: true }).count;
    const parallel = await rowsUntilError(parallelPlanRows(i, { repo, count, workers: 2, findings: sweepFindings() }));
    assert.equal(parallel.count, serial.count);
    assert.equal(parallel.error?.constructor, serial.error!.constructor);
    assert.equal(parallel.error?.message, serial.error!.message);
  } finally {
    p.done();
  }
});

test('a worker that cannot start, or dies after its first chunk, leaves its chunks to the main thread: the same rows', async () => {
  const p = project();
  try {
    const i = input(p.root, p.configDir, ['a=range(2)', 'b=range(400)']);
    const serial = serialRows(i);
    const failing = join(p.root, 'failing-worker.mjs');
    writeFileSync(failing, 'throw new Error("this worker cannot start");\n');
    const notStarted = await parallelRows(i, 2, pathToFileURL(failing));
    assert.deepEqual(notStarted.rows, serial);
    assert.deepEqual(notStarted.lost, ['a planning worker stopped (this worker cannot start); orch plans its jobs itself, more slowly']);
    const real = new URL('../../../../src/run/plan-workers/worker.js', import.meta.url).href;
    const dying = join(p.root, 'dying-worker.mjs');
    writeFileSync(dying, `import { parentPort } from 'node:worker_threads';\nlet asked = 0;\nparentPort.on('message', () => { if (++asked === 2) process.exit(3); });\nawait import(${JSON.stringify(real)});\n`);
    const died = await parallelRows(i, 1, pathToFileURL(dying));
    assert.deepEqual(died.rows, serial);
    assert.deepEqual(died.lost, ['a planning worker stopped (exit status 3); orch plans its jobs itself, more slowly']);
  } finally {
    p.done();
  }
});
