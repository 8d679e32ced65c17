import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPlanWriter } from '../../../src/store/plan-record-writer.js';
import { openPlanAppender } from '../../../src/store/plan-record-appender.js';
import { openPlan } from '../../../src/store/plan-record-reader.js';
import { planPaths } from '../../../src/store/plan-record-format.js';

const input = (dir: string) => ({ task: 't', command: [], createdAt: new Date(0).toISOString(), sweepDir: dir, launcher: { name: 'local' }, search: { settings: { sweeper: 'tpe' }, space: ['lr=interval(0,1)'] } });
const line = (i: number) => ({ overrides: [`lr=0.${i}`], overrideDirname: `lr=0.${i}`, dir: String(i), configHash: 'sha256:x' });

test('a search plan is version 2 and takes jobs after it was written complete; a torn append is ignored and cut', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'orch-append-'));
  const w = await createPlanWriter(dir, input(dir));
  w.append(line(0));
  const header = await w.close();
  assert.equal(header.version, 2);
  assert.equal(header.appendable, true);
  const a = await openPlanAppender(dir);
  assert.equal((await a.append(line(1))).num, 1);
  await a.close();
  // A crash mid-append: a line and index bytes past the header's counts.
  appendFileSync(planPaths(dir).jobs, '{"num":2,"overr');
  appendFileSync(planPaths(dir).index, Buffer.alloc(8));
  let r = await openPlan(dir);
  assert.equal(r.count, 2);
  const seen = [];
  for await (const j of r.jobs()) seen.push(j.num);
  assert.deepEqual(seen, [0, 1]);
  assert.deepEqual((await r.readJobAt(1)).overrides, ['lr=0.1']);
  await r.close();
  const b = await openPlanAppender(dir);
  await b.append(line(2));
  await b.setSearch({ settings: { sweeper: 'tpe', nTrials: 200 }, space: ['lr=interval(0,1)'] });
  await b.close();
  r = await openPlan(dir);
  assert.equal(r.count, 3);
  assert.deepEqual((await r.readJobAt(2)).overrides, ['lr=0.2']);
  assert.equal(r.header.search?.settings.nTrials, 200);
  await r.close();
});

test('a grid plan stays version 1 and cannot be appended to', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'orch-append-'));
  const { search: _, ...grid } = input(dir);
  const w = await createPlanWriter(dir, grid);
  w.append(line(0));
  assert.equal((await w.close()).version, 1);
  await assert.rejects(openPlanAppender(dir), (e: Error & { code?: string }) => e.code === 'STORE_PLAN_NOT_APPENDABLE');
});
