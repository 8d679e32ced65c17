import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPlanWriter } from '../../../src/store/plan-record-writer.js';
import { openPlan, readHeader } from '../../../src/store/plan-record-reader.js';
import { decodePlanJob, planPaths, type PlanHeaderInput } from '../../../src/store/plan-record-format.js';
import { hashText } from '../../../src/store/content-hash.js';

const header = (sweepDir: string): PlanHeaderInput => ({
  task: 'train', taskSpec: { kind: 'command', argv: ['python3', 'train.py'] }, command: ['train', '-m', 'a=range(3)'], createdAt: '2026-01-01T00:00:00.000Z', sweepDir,
  launcher: { name: 'local', n_jobs: 2 }, expectedJobs: 3, configTree: { dir: '.orch/config', hash: 'sha256:x' },
});
const job = (i: number) => ({ overrides: [`a=${i}`, 'b=é'], overrideDirname: `a=${i},b=é`, dir: String(i), configHash: hashText(`cfg${i}`) });

async function writePlan(n: number, batchLines = 7): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'orch-plan-'));
  const w = await createPlanWriter(dir, header(dir), { batchLines });
  for (let i = 0; i < n; i++) assert.equal(w.append(job(i)).num, i);
  const done = await w.close();
  assert.equal(done.complete, true);
  assert.equal(done.jobCount, n);
  return dir;
}

const isCode = (code: string, re?: RegExp) => (e: Error & { code?: string }) => e.code === code && (!re || re.test(e.message));

test('plan record: written in batches, read back streamed and by index, any job in O(1)', async () => {
  const dir = await writePlan(100);
  const plan = await openPlan(dir);
  assert.equal(plan.count, 100);
  assert.equal(plan.header.launcher.name, 'local');
  assert.deepEqual(plan.header.taskSpec, { kind: 'command', argv: ['python3', 'train.py'] });
  const all = [];
  for await (const j of plan.jobs()) all.push(j);
  assert.deepEqual(all.map((j) => j.num), Array.from({ length: 100 }, (_, i) => i));
  for (const i of [0, 1, 6, 7, 50, 99]) assert.deepEqual(await plan.readJobAt(i), { num: i, ...job(i) });
  await assert.rejects(plan.readJobAt(100), isCode('STORE_NO_SUCH_JOB', /jobs 0 to 99/));
  const paths = planPaths(dir);
  assert.equal(statSync(paths.index).size, 8 + 8 * 100);
  assert.equal(readFileSync(paths.jobs, 'utf8').split('\n')[3], JSON.stringify({ num: 3, ...job(3) }));
  await plan.close();
});

test('plan record: an empty plan is complete with zero jobs', async () => {
  const plan = await openPlan(await writePlan(0));
  assert.equal(plan.count, 0);
  for await (const _ of plan.jobs()) assert.fail('no job expected');
  await plan.close();
});

test('plan record: a writer that stopped early leaves a plan readers refuse, unless they follow it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'orch-plan-'));
  const w = await createPlanWriter(dir, header(dir), { batchLines: 4 });
  for (let i = 0; i < 10; i++) w.append(job(i));
  w.abort();
  assert.equal((await readHeader(planPaths(dir).header)).complete, false);
  await assert.rejects(openPlan(dir), isCode('STORE_PLAN_INCOMPLETE', /plan\.json: the plan is incomplete/));
  const following = await openPlan(dir, { allowIncomplete: true });
  assert.equal(following.count, 8, 'two batches of 4 were written, the last 2 jobs were still buffered');
  assert.equal((await following.readJobAt(7)).num, 7);
  await following.close();
});

test('plan record: a followed plan whose next batch reached jobs.jsonl before its index reads its last indexed job whole', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'orch-plan-'));
  const w = await createPlanWriter(dir, header(dir), { batchLines: 4 });
  for (let i = 0; i < 4; i++) w.append(job(i));
  w.abort();
  // A kill between the two writes of a batch: lines (one torn) on disk, no index entries for them.
  appendFileSync(planPaths(dir).jobs, '{"num":4,"overrides":[]}\n{"num":5,"ov');
  const following = await openPlan(dir, { allowIncomplete: true });
  assert.equal(following.count, 4);
  assert.equal((await following.readJobAt(3)).num, 3);
  await following.close();
});

test('plan record: a second writer never overwrites a plan', async () => {
  const dir = await writePlan(3);
  await assert.rejects(createPlanWriter(dir, header(dir)), isCode('STORE_PLAN_EXISTS', /never overwritten/));
  assert.equal((await openPlan(dir)).count, 3);
});

test('plan record: truncation and edits are errors naming the file and line', async () => {
  const truncated = await writePlan(20);
  truncateSync(planPaths(truncated).jobs, 100);
  await assert.rejects(openPlan(truncated), isCode('STORE_BAD_PLAN', /jobs\.jsonl: 100 bytes, the header says \d+/));

  const edited = await writePlan(5);
  const p = planPaths(edited).jobs;
  const lines = readFileSync(p, 'utf8').split('\n');
  lines[2] = lines[2]!.replace('"num":2', '"num":7');
  writeFileSync(p, lines.join('\n'));
  const plan = await openPlan(edited);
  await assert.rejects(async () => { for await (const _ of plan.jobs()); }, isCode('STORE_BAD_PLAN', new RegExp(`${p}:3: "num" is 7, expected 2`)));
  await assert.rejects(plan.readJobAt(2), isCode('STORE_BAD_PLAN', /jobs\.jsonl:3: "num" is 7/));

  const header0 = JSON.parse(readFileSync(planPaths(edited).header, 'utf8'));
  writeFileSync(planPaths(edited).header, JSON.stringify({ ...header0, taskSpec: { kind: 'module' } }));
  await assert.rejects(openPlan(edited), isCode('STORE_BAD_PLAN', /"taskSpec" is neither/));
  writeFileSync(planPaths(edited).header, '{"format":"orch-plan","version":9}');
  await assert.rejects(openPlan(edited), isCode('STORE_BAD_PLAN', /"version" is 9; this orch reads versions 1 and 2/));
  await assert.rejects(openPlan(mkdtempSync(join(tmpdir(), 'orch-none-'))), isCode('STORE_NO_PLAN'));
  const deleted = await writePlan(2);
  rmSync(planPaths(deleted).index);
  await assert.rejects(openPlan(deleted), isCode('STORE_BAD_PLAN', /jobs\.idx: missing, though the plan header is there/));
});

test('decodePlanJob names each bad field', () => {
  const cases: Array<[string, RegExp]> = [
    ['{', /not valid JSON/],
    ['[]', /not a JSON object/],
    ['{"num":0,"overrides":[1]}', /"overrides" is not a list of strings/],
    ['{"num":0,"overrides":[],"overrideDirname":"","dir":"../x","configHash":""}', /"dir" is "\.\.\/x", expected a path inside/],
    ['{"num":0,"overrides":[],"overrideDirname":"","dir":"/abs","configHash":""}', /"dir" is "\/abs"/],
    ['{"num":0,"overrides":[],"overrideDirname":"","dir":"0"}', /"configHash" is not a string/],
  ];
  for (const [text, re] of cases) assert.match(String(decodePlanJob(text, 0)), re, text);
});
