/** The headline answer is right: direction from config or a well-known name, no badge on a tie, runs counted, --compare on grouping keys. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportCommand } from '../../src/cli/commands/report.js';
import { collectStatus } from '../../src/cli/commands/status.js';
import { runReport } from '../../src/report/index.js';
import { makeSweep, type FakeJob } from '../fixtures/report/make-sweep.js';

async function withTmp(fn: (root: string) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'orch-report-answer-'));
  try { await fn(root); } finally { await rm(root, { recursive: true, force: true }); }
}

function capture(): { io: { stdout: (t: string) => void }; text: () => string } {
  let out = '';
  return { io: { stdout: (t) => { out += t; } }, text: () => out };
}

const lossJobs = (): FakeJob[] => [
  ...[0.30, 0.32, 0.31].map((loss, s) => ({ overrides: ['model=small', `seed=${s}`], metrics: { loss, w: 5 + s, epochs: 10 } })),
  ...[0.20, 0.22, 0.21].map((loss, s) => ({ overrides: ['model=big', `seed=${s}`], metrics: { loss, w: 1 + s, epochs: 10 } })),
];

test('report.metric=loss: lower is better (guessed from the name, and said); w gets no direction and no test', () => withTmp(async (root) => {
  const sweep = await makeSweep(join(root, 'sweep'), lossJobs());
  const md = capture();
  await reportCommand({ sweepDirs: [sweep], overrides: ['report.metric=loss'], format: 'md', projectRoot: root }, md.io);
  const text = md.text();
  assert.match(text, /model=big has a lower loss than every other group/);
  assert.match(text, /\*\*Answer:\*\* Yes\. model=big/);
  assert.match(text, /lower is better, guessed from the name/);
  assert.match(text, /## w \(direction unknown: no group is called best/);
  assert.doesNotMatch(text, /## w[^#]*\(best\)/, 'no best badge on a metric without direction');
  assert.doesNotMatch(text, /## epochs[^#]*Welch/, 'no t-test on epochs');
}));

test('report.metrics: {loss: max} from config flips the direction and says nothing was guessed', () => withTmp(async (root) => {
  const sweep = await makeSweep(join(root, 'sweep'), lossJobs());
  await mkdir(join(root, 'config'));
  await writeFile(join(root, 'config', 'report.yaml'), 'report:\n  metric: loss\n  metrics: {loss: max, w: max}\n');
  const res = await runReport({ sweepDirs: [sweep], projectRoot: root, write: false });
  assert.equal(res.model.tables[0]!.best, 'model=small');
  assert.deepEqual(res.model.tables[0]!.direction, { dir: 'max', source: 'config' });
  assert.equal(res.model.tables.find((t) => t.metric === 'w')!.best, 'model=small');
  assert.doesNotMatch(res.markdown, /guessed/);
}));

test('exact ties get no best badge and the answer says no group is best', () => withTmp(async (root) => {
  const jobs: FakeJob[] = ['a', 'b'].flatMap((m) => [0.9, 0.8].map((acc, s) => ({ overrides: [`model=${m}`, `seed=${s}`], metrics: { accuracy: acc } })));
  const res = await runReport({ sweepDirs: [await makeSweep(join(root, 'sweep'), jobs)], projectRoot: root, write: false });
  assert.equal(res.model.tables[0]!.best, undefined);
  assert.deepEqual(res.model.tables[0]!.tie, ['model=a', 'model=b']);
  assert.doesNotMatch(res.markdown, /\(best\)/);
  assert.match(res.model.claim!.answer, /^Cannot tell: model=a and model=b have exactly the same mean accuracy/);
}));

test('the answer counts the runs of each group and warns about failed ones', () => withTmp(async (root) => {
  const jobs: FakeJob[] = [
    ...[0.95, 0.96, 0].map((acc, s) => ({ overrides: ['model=cnn', `seed=${s}`], metrics: s < 2 ? { accuracy: acc } : undefined, status: s < 2 ? 'completed' as const : 'failed' as const })),
    ...[0.80, 0.81, 0].map((acc, s) => ({ overrides: ['model=mlp', `seed=${s}`], metrics: s < 2 ? { accuracy: acc } : undefined, status: s < 2 ? 'completed' as const : 'failed' as const })),
  ];
  const res = await runReport({ sweepDirs: [await makeSweep(join(root, 'sweep'), jobs)], projectRoot: root, write: false });
  const answer = res.model.claim!.answer;
  assert.match(answer, /^Yes\. model=cnn/);
  assert.match(answer, /Rests on 2 of 3 runs of model=cnn, 2 of 3 runs of model=mlp\./);
  assert.match(answer, /Warning: not every run is in this answer \(model=cnn: 1 failed; model=mlp: 1 failed\)/);
}));

test('Holm–Bonferroni is applied and named; effect sizes of a group without variance are not shown', () => withTmp(async (root) => {
  const jobs: FakeJob[] = [
    ...[0.9, 0.9, 0.9].map((acc, s) => ({ overrides: ['model=a', `seed=${s}`], metrics: { accuracy: acc } })),
    ...[0.5, 0.52, 0.51].map((acc, s) => ({ overrides: ['model=b', `seed=${s}`], metrics: { accuracy: acc } })),
    ...[0.6, 0.62, 0.61].map((acc, s) => ({ overrides: ['model=c', `seed=${s}`], metrics: { accuracy: acc } })),
  ];
  const res = await runReport({ sweepDirs: [await makeSweep(join(root, 'sweep'), jobs)], projectRoot: root, write: false });
  const cs = res.model.claim!.comparisons;
  assert.equal(cs.length, 2);
  const [pb, pc] = cs.map((c) => c.welch!.p);
  // Two tests: the smaller p doubles, the larger stays (and is kept ≥ the first).
  assert.ok(Math.abs(Math.min(cs[0]!.pAdj, cs[1]!.pAdj) - 2 * Math.min(pb!, pc!)) < 1e-12);
  assert.match(res.model.claim!.criterion, /Holm–Bonferroni-adjusted p < 0\.05 over the 2 comparison\(s\)/);
  assert.match(res.markdown, /\| model=a \| model=b \|[^\n]*\| n\/a \| n\/a \|/);
  assert.match(res.markdown, /effect size not shown: the first group has no variance/);
}));

test('--compare A B report.metric=...: groups match on the grouping keys even when a constant differs', () => withTmp(async (root) => {
  const mk = (ver: string, bump: number): FakeJob[] => ['mlp', 'cnn'].flatMap((m) => [0, 1, 2].map((s) => ({
    overrides: [`model=${m}`, `seed=${s}`, `code.version=${ver}`], metrics: { loss: 0.3 - bump - (m === 'cnn' ? 0.1 : 0) + s * 0.01, acc: 0.9 },
  })));
  const a = await makeSweep(join(root, 'a'), mk('1', 0));
  const b = await makeSweep(join(root, 'b'), mk('2', 0.05));
  const out = capture();
  await reportCommand({ sweepDirs: [], overrides: [], compare: [a, b, 'report.metric=loss'], projectRoot: root }, out.io);
  const text = out.text();
  assert.match(text, /^# Comparison on loss/);
  assert.match(text, /Groups by: model;/);
  assert.match(text, /Settings that differ between the sweeps \(not grouped on\): code\.version \(A: 1, B: 2\)/);
  assert.match(text, /\| model=mlp \| 0\.310 ± 0\.010 \(3\) \| 0\.260 ± 0\.010 \(3\) \|/);
  assert.match(text, /Groups only in A: none\. Groups only in B: none\./);
}));

test('orch status and orch report pick the same main metric', () => withTmp(async (root) => {
  const sweep = await makeSweep(join(root, 'sweep'), lossJobs().map((j) => ({ ...j, metrics: { loss: j.metrics!.loss, test: { accuracy: 0.9 } } })));
  const status = await collectStatus(sweep, { projectRoot: root });
  const res = await runReport({ sweepDirs: [sweep], projectRoot: root, write: false });
  assert.equal(status.metric, 'test.accuracy');
  assert.equal(res.model.metric, status.metric);
}));
