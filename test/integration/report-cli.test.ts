import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportCommand } from '../../src/cli/commands/report.js';
import { OrchError } from '../../src/errors.js';
import { ORCH_BIN } from '../helpers/paths.js';
import { ACC, classificationJobs, makeSweep, type FakeJob } from '../fixtures/report/make-sweep.js';

async function withTmp(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'orch-report-cli-'));
  try { await fn(dir); } finally { await rm(dir, { recursive: true, force: true }); }
}

function capture(): { io: { stdout: (t: string) => void }; text: () => string } {
  let out = '';
  return { io: { stdout: (t) => { out += t; } }, text: () => out };
}

test('reportCommand --format md prints the Markdown; default run prints where it wrote', () => withTmp(async (root) => {
  const sweep = await makeSweep(join(root, 'outputs', 'multirun', '2025-01-02', '03-04-05'), classificationJobs());
  const md = capture();
  assert.equal(await reportCommand({ sweepDirs: [], overrides: ['report.metric=test.accuracy'], format: 'md', projectRoot: root }, md.io), 0);
  assert.match(md.text(), /^# Which setting gives the best test\.accuracy\?/);
  assert.match(md.text(), /\| \*\*model=cnn\*\* \(best\) \| 0\.913 ± 0\.006 \| \[0\.905, 0\.921\] \| 5 \|/);
  const html = capture();
  assert.equal(await reportCommand({ sweepDirs: [sweep], overrides: [], projectRoot: root }, html.io), 0);
  assert.match(html.text(), /10 jobs in 2 group\(s\)\.\n1 job\(s\) failed/);
  assert.match(html.text(), new RegExp(`Wrote ${sweep}/report/index.html`));
}));

test('reportCommand --compare: group by group, B against A', () => withTmp(async (root) => {
  const a = await makeSweep(join(root, 'a'), classificationJobs());
  // B: the same mlp runs; cnn a little better; one new group.
  const bJobs: FakeJob[] = [
    ...ACC.mlp.map((acc, s) => ({ overrides: ['model=mlp', `seed=${s + 1}`], metrics: { test: { accuracy: acc } } })),
    ...ACC.cnn.map((acc, s) => ({ overrides: ['model=cnn', `seed=${s + 1}`], metrics: { test: { accuracy: acc + 0.02 } } })),
    { overrides: ['model=vit', 'seed=1'], metrics: { test: { accuracy: 0.95 } } },
  ];
  const b = await makeSweep(join(root, 'b'), bJobs);
  const out = capture();
  await reportCommand({ sweepDirs: [], overrides: ['report.metric=test.accuracy'], compare: [a, b], projectRoot: root }, out.io);
  const text = out.text();
  assert.match(text, /^# Comparison on test\.accuracy/);
  assert.match(text, /\| model=mlp \| 0\.889 ± 0\.010 \(4\) \| 0\.889 ± 0\.010 \(4\) \| 0 \|/);
  assert.match(text, /\| model=cnn \| 0\.913 ± 0\.006 \(5\) \| 0\.933 ± 0\.006 \(5\) \| 0\.02 \|/);
  assert.match(text, /Groups only in B: model=vit/);
  assert.equal(await readFile(join(b, 'report', 'compare.md'), 'utf8'), text.slice(0, text.indexOf('\nWrote ')));
  await assert.rejects(reportCommand({ sweepDirs: [], overrides: [], compare: [a] as unknown as [string, string], projectRoot: root }, out.io),
    (e: unknown) => e instanceof OrchError && e.code === 'REPORT_BAD_COMPARE');
}));

const noBin = existsSync(ORCH_BIN) ? false : `${ORCH_BIN} is not built (npm test builds it)`;

test('orch report through the real binary: errors exit 2 without a stack trace', { skip: noBin }, () => withTmp(async (root) => {
  const res = spawnSync(process.execPath, [ORCH_BIN, 'report', root], { cwd: root, encoding: 'utf8' });
  assert.equal(res.status, 2, res.stderr);
  assert.match(res.stderr, /not a sweep directory/);
  assert.doesNotMatch(res.stderr, /at .*\.js:\d+/);
  const sweep = await makeSweep(join(root, 'sweep'), classificationJobs());
  const ok = spawnSync(process.execPath, [ORCH_BIN, 'report', sweep, 'report.metric=test.accuracy', '--format', 'md'], { cwd: root, encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /\*\*model=cnn\*\* \(best\)/);
  assert.ok(existsSync(join(sweep, 'report', 'index.html')));
}));

test('orch report A B: one HTML report over two sweeps, groups matched on the grouping keys and labelled by sweep', () => withTmp(async (root) => {
  // The baseline (mlp) ran in one sweep, the new idea (cnn with +aug=mixup) in a later one; both ran at batch 64 and 128.
  const seeds = [0, 1, 2, 3];
  const base = await makeSweep(join(root, 'outputs', 'multirun', '2025-01-02', '10-00-00'), seeds.flatMap((s) => ['64', '128'].map((b) => ({
    overrides: ['model=mlp', `batch=${b}`, `seed=${s}`], metrics: { test: { accuracy: 0.80 + s * 0.004 + (b === '64' ? 0.002 : 0) } } }))));
  const idea = await makeSweep(join(root, 'outputs', 'multirun', '2025-01-03', '09-30-00'), seeds.flatMap((s) => ['64', '128'].map((b) => ({
    overrides: ['model=cnn', '+aug=mixup', `batch=${b}`, `seed=${s}`], metrics: { test: { accuracy: 0.86 + s * 0.004 + (b === '64' ? 0.002 : 0) } } }))));
  const res = spawnSync(process.execPath, [ORCH_BIN, 'report', base, idea, 'report.metric=test.accuracy', "report.baselines=['model=mlp batch=64']", "report.claim='model=cnn batch=64'"], { cwd: root, encoding: 'utf8' });
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout, /16 jobs in 4 group\(s\)/);
  const html = (await readFile(join(base, 'report', 'index.html'), 'utf8')).replaceAll('&#x3D;', '=');
  assert.match(html, /<section id="sweeps">/);
  assert.match(html, /2025-01-02\/10-00-00<\/span><\/th><td class="num">8<\/td>/);
  assert.match(html, /2025-01-03\/09-30-00<\/span><\/th><td class="num">8<\/td>/);
  assert.match(html, /model=cnn batch=64 aug=mixup <span class="sweep-tag" title="sweep">2025-01-03\/09-30-00<\/span>/);
  assert.match(html, /model=mlp batch=64 aug=∅ <span class="sweep-tag" title="sweep">2025-01-02\/10-00-00<\/span>/);
  assert.match(html, /class="verdict verdict-yes"/);
  assert.match(html, /\{"name":"Sweep","kind":"text"\}/, 'the jobs table has a Sweep column');
  const md = spawnSync(process.execPath, [ORCH_BIN, 'report', base, idea, 'report.metric=test.accuracy', '--format', 'md'], { cwd: root, encoding: 'utf8' });
  assert.match(md.stdout, /\| \*\*model=cnn batch=64 aug=mixup\*\* \(best\) \(sweep 2025-01-03\/09-30-00\) \|/);
}));
