import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runReport } from '../../../src/report/index.js';
import { renderLatexTables } from '../../../src/report/latex.js';
import { namedFew } from '../../../src/report/format.js';
import { MAX_MD_JOBS, MAX_SHOWN_GROUPS, shownComparisons, shownRows } from '../../../src/report/view-caps.js';
import type { Comparison, MetricGroupRow } from '../../../src/report/types.js';
import { makeSweep, type FakeJob } from '../../fixtures/report/make-sweep.js';

const row = (label: string, mean?: number): MetricGroupRow => ({
  group: { label, params: {}, jobs: [] } as unknown as MetricGroupRow['group'],
  values: mean === undefined ? [] : [mean],
  summary: mean === undefined ? undefined : ({ n: 1, mean } as MetricGroupRow['summary']),
  best: false,
});

test('up to the cap every row is shown in group order, with no note', () => {
  const rows = [row('a', 1), row('b', 3), row('c', 2)];
  assert.deepEqual(shownRows({ rows, higherIsBetter: true }, 3), { rows });
});

test('past the cap the best rows are shown best first, in the direction of the metric, rows without data last', () => {
  const rows = [row('a', 1), row('none'), row('b', 3), row('c', 2), row('d', 0)];
  const max = shownRows({ rows, higherIsBetter: true }, 2);
  assert.deepEqual(max.rows.map((r) => r.group.label), ['b', 'c']);
  assert.equal(max.note, 'Showing the 2 best of 5 groups, best first; results.csv and results.json hold every group.');
  assert.deepEqual(shownRows({ rows, higherIsBetter: false }, 3).rows.map((r) => r.group.label), ['d', 'a', 'c']);
  assert.deepEqual(shownRows({ rows, higherIsBetter: false }, 5).rows.map((r) => r.group.label), ['a', 'none', 'b', 'c', 'd'], 'at the cap: group order');
});

test('past the cap a metric with no direction shows the first groups, in group order', () => {
  const rows = [row('a', 1), row('b', 3), row('c', 2)];
  const shown = shownRows({ rows, higherIsBetter: undefined }, 2);
  assert.deepEqual(shown.rows.map((r) => r.group.label), ['a', 'b']);
  assert.match(shown.note!, /^Showing the first 2 of 3 groups;/);
});

test('the tests shown are those against shown groups; the rest are counted', () => {
  const cs = ['b', 'c', 'd'].map((b) => ({ a: 'best', b }) as Comparison);
  assert.deepEqual(shownComparisons(cs, new Set(['best', 'b', 'c', 'd'])), { comparisons: cs });
  const some = shownComparisons(cs, new Set(['c']));
  assert.deepEqual(some.comparisons.map((c) => c.b), ['c']);
  assert.equal(some.note, '2 more comparison(s), against groups not shown, are in results.json.');
});

test('namedFew names up to max labels and counts the rest', () => {
  assert.equal(namedFew(['a', 'b'], ' and ', 2), 'a and b');
  assert.equal(namedFew(['a', 'b', 'c', 'd'], '; ', 2), 'a; b and 2 more');
  assert.equal(namedFew(Array.from({ length: 1236 }, (_, i) => String(i)), ', ', 1), '0 and 1,235 more');
});

test('a report of more groups than the cap: the readable files show the best, results.csv and results.json every group', async () => {
  const root = await mkdtemp(join(tmpdir(), 'orch-report-caps-'));
  try {
    const n = MAX_SHOWN_GROUPS + 50;
    // Two runs per group (seed is the repeat key), so every group is tested against the best.
    const jobs: FakeJob[] = [];
    for (let lr = 0; lr < n; lr++) for (const seed of [1, 2]) jobs.push({ overrides: [`lr=${lr}`, `seed=${seed}`], metrics: { accuracy: lr / n + seed * 0.001 } });
    const sweep = await makeSweep(join(root, 'sweep'), jobs);
    const res = await runReport({ sweepDirs: [sweep], overrides: ['report.metric=accuracy'], projectRoot: root, now: new Date(0) });
    const md = await readFile(join(res.reportDir, 'report.md'), 'utf8');
    const section = md.slice(md.indexOf('## accuracy'), md.indexOf('## All jobs'));
    const groupRows = section.split('\n').filter((l) => /^\| (\*\*)?lr=/.test(l));
    assert.equal(groupRows.length, MAX_SHOWN_GROUPS);
    assert.match(groupRows[0]!, new RegExp(`^\\| \\*\\*lr=${n - 1}\\*\\* \\(best\\)`), 'best first');
    assert.match(groupRows.at(-1)!, new RegExp(`^\\| lr=${n - MAX_SHOWN_GROUPS} \\|`), 'down to the 100th best');
    assert.match(section, new RegExp(`Showing the ${MAX_SHOWN_GROUPS} best of ${n} groups, best first`));
    assert.match(md, new RegExp(`_${n - MAX_SHOWN_GROUPS} more comparison\\(s\\), against groups not shown, are in results.json._`));
    assert.match(md, /Rests on 300 of 300 runs of 150 groups\./, 'the answer counts the groups instead of naming each');
    const tex = renderLatexTables(res.view);
    assert.match(tex, new RegExp(`corrected over the ${n - 1} comparisons`), 'the Holm family is every test made, not the ones shown');
    assert.match(tex, /Showing the 100 best of 150 groups/);
    const html = await readFile(join(res.reportDir, 'index.html'), 'utf8');
    const main = html.slice(html.indexOf('id="metric-0"'), html.indexOf('</section>', html.indexOf('id="metric-0"')));
    assert.equal(main.match(/<tr[ >]/g)!.length - 1, MAX_SHOWN_GROUPS, 'rows after the header row');
    const csv = (await readFile(join(res.reportDir, 'results.csv'), 'utf8')).trim().split('\r\n');
    assert.equal(csv.length, 1 + 2 * n, 'every job');
    const json = JSON.parse(await readFile(join(res.reportDir, 'results.json'), 'utf8'));
    assert.equal(json.tables[0].groups.length, n, 'every group');
    assert.equal(json.tables[0].comparisons.length, n - 1, 'every test');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test(`report.md lists the first ${MAX_MD_JOBS} jobs and says where the rest are`, async () => {
  const root = await mkdtemp(join(tmpdir(), 'orch-report-caps-'));
  try {
    const jobs: FakeJob[] = Array.from({ length: MAX_MD_JOBS + 1 }, (_, i) => ({ overrides: [`x=${i}`], metrics: { loss: i } }));
    const res = await runReport({ sweepDirs: [await makeSweep(join(root, 'sweep'), jobs)], projectRoot: root, now: new Date(0) });
    const md = await readFile(join(res.reportDir, 'report.md'), 'utf8');
    const all = md.slice(md.indexOf('## All jobs'), md.indexOf('## Provenance'));
    assert.equal(all.split('\n').filter((l) => /^\| \d+ \|/.test(l)).length, MAX_MD_JOBS);
    assert.match(all, new RegExp(`_The first ${MAX_MD_JOBS} of ${(MAX_MD_JOBS + 1).toLocaleString('en-US')} jobs; results.csv holds every job, index.html shows them all._`));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
