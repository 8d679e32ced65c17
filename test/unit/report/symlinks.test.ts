import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import type { OrchError } from '../../../src/errors.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runReport } from '../../../src/report/index.js';
import { classificationJobs, makeSweep } from '../../fixtures/report/make-sweep.js';

async function withTmp(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'orch-confine-'));
  try { await fn(dir); } finally { await rm(dir, { recursive: true, force: true }); }
}

async function linkTo(target: string, link: string): Promise<void> {
  await unlink(link).catch(() => undefined);
  await symlink(target, link);
}

test('report: job files that link out of the sweep are skipped with a warning, never read', () => withTmp(async (root) => {
  const sweep = await makeSweep(join(root, 'sweep'), classificationJobs());
  const secret = join(root, 'shadow');
  await writeFile(secret, 'root:$6$SECRET-HASH:19000:0:99999:7:::\n');
  const secretJson = join(root, 'secret.json');
  await writeFile(secretJson, JSON.stringify({ test: { accuracy: 0.999 }, leaked: 'SECRET-JSON' }));
  const outsideDir = join(root, 'elsewhere');
  await makeSweep(outsideDir, classificationJobs().slice(5, 6));
  // Job 4 failed: its stderr tail goes into index.html.
  await linkTo(secret, join(sweep, '4', 'stderr.log'));
  await linkTo(secretJson, join(sweep, '0', 'metrics.json'));
  await linkTo(secret, join(sweep, '1', 'history.jsonl'));
  await linkTo(secret, join(sweep, '5', 'confusion.json'));
  await linkTo(join(outsideDir, '0', 'errors', '0-a.png'), join(sweep, '5', 'errors', '0-a.png'));
  // A whole job directory that is a link out of the sweep.
  await rm(join(sweep, '2'), { recursive: true });
  await symlink(join(outsideDir, '0'), join(sweep, '2'));

  const res = await runReport({ sweepDirs: [sweep], overrides: ['report.metric=test.accuracy'], projectRoot: root, now: new Date(0) });
  const html = await readFile(join(res.reportDir, 'index.html'), 'utf8');
  const md = await readFile(join(res.reportDir, 'report.md'), 'utf8');
  for (const text of [html, md, await readFile(join(res.reportDir, 'results.json'), 'utf8')]) {
    assert.doesNotMatch(text, /SECRET/);
    assert.doesNotMatch(text, /0\.999/);
  }
  const problems = new Map(res.model.jobs.map((j) => [j.num, j.problems.join('; ')]));
  assert.match(problems.get(4)!, /stderr\.log: skipped, it is a link to .*shadow, outside the sweep directory/);
  assert.match(problems.get(0)!, /metrics\.json: skipped, it is a link to .*secret\.json/);
  assert.match(problems.get(1)!, /history\.jsonl: skipped/);
  assert.match(problems.get(2)!, /run\.json: skipped/);
  assert.match(problems.get(5)!, /confusion\.json: skipped/);
  assert.match(problems.get(5)!, /errors\/0-a\.png: skipped/);
  assert.match(html, /metrics\.json: skipped, it is a link to/, 'the warning is in the report');
  // Everything else is still reported: cnn jobs 6-9 and mlp job 3 are intact.
  assert.equal(res.model.tables[0]!.best, 'model=cnn');
  assert.match(html, /data:image\/png;base64,/, 'images inside the sweep are still embedded');
}));

test('report: a report/ folder that links out of the sweep is not written through', () => withTmp(async (root) => {
  const sweep = await makeSweep(join(root, 'sweep'), classificationJobs());
  const elsewhere = join(root, 'elsewhere');
  await mkdir(elsewhere);
  await writeFile(join(elsewhere, 'index.html'), 'precious');
  await symlink(elsewhere, join(sweep, 'report'));
  await assert.rejects(runReport({ sweepDirs: [sweep], overrides: ['report.metric=test.accuracy'], projectRoot: root }), (e: OrchError) =>
    e.code === 'REPORT_DIR_OUTSIDE' && e.message.includes(elsewhere));
  assert.deepEqual(await readdir(elsewhere), ['index.html']);
  assert.equal(await readFile(join(elsewhere, 'index.html'), 'utf8'), 'precious');
}));
