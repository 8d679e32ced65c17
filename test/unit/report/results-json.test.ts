import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resultsJsonPieces } from '../../../src/report/index.js';
import { defaultReportConfig } from '../../../src/report/config.js';
import type { ReportModel } from '../../../src/report/model.js';
import type { Group, MetricTable } from '../../../src/report/types.js';

/** A model of `n` one-job groups with two tables: the shape of a large grid without repeats. */
function wideModel(n: number): ReportModel {
  const groups: Group[] = Array.from({ length: n }, (_, i) => ({ label: `a=${i}`, params: new Map([['a', String(i)]]), jobs: [] }));
  const table = (metric: string): MetricTable => ({
    metric, direction: { dir: 'max', source: 'guessed' } as MetricTable['direction'], higherIsBetter: true, best: 'a=0',
    rows: groups.map((group, i) => ({ group, summary: { n: 1, mean: i / n, std: Number.NaN, min: i / n, max: i / n } as never, values: [i / n], best: i === 0, ...(i === 3 ? { diverged: '1 of 2 runs diverged (NaN)' } : {}) })),
    comparisons: groups.slice(1, 2500).map((g) => ({ a: 'a=0', b: g.label, pAdj: Number.NaN, significant: false }) as never),
  });
  return {
    sweepDirs: ['/s'], sweepCommands: {}, cfg: defaultReportConfig(), metric: 'acc', metricChosen: false, missingMetrics: [], groupKeys: ['a'],
    varyingKeys: ['a'], constantKeys: [], sweptKeys: ['a'], groups, tables: [table('acc'), table('loss')], booleanTables: [], curves: [], plotted: [],
    jobs: [], statusCounts: {}, unfinished: 0, failed: [], withoutMetric: [], provenance: {} as ReportModel['provenance'],
  };
}

test('results.json writes a table of many groups in bounded pieces, laid out as JSON.stringify does', () => {
  const pieces = [...resultsJsonPieces(wideModel(9000), new Date(0))];
  const text = pieces.join('');
  const parsed = JSON.parse(text) as { tables: Array<{ metric: string; groups: Array<{ group: string; std: unknown; diverged?: string }>; comparisons: unknown[] }> };
  // Strict JSON throughout (statistics' NaN are null), so writing the parse back must give the same text.
  assert.equal(text, JSON.stringify(parsed, null, 2) + '\n');
  assert.deepEqual(parsed.tables.map((t) => [t.metric, t.groups.length, t.comparisons.length]), [['acc', 9000, 2499], ['loss', 9000, 2499]]);
  assert.equal(parsed.tables[0]!.groups[3]!.diverged, '1 of 2 runs diverged (NaN)');
  assert.equal(parsed.tables[0]!.groups[5]!.std, null);
  // Before, each table was one piece (a 100,000-group table was one 40 MB string, and its objects all at once).
  const largest = Math.max(...pieces.map((p) => p.length));
  assert.ok(largest < text.length / 8, `largest piece ${largest} of ${text.length} characters`);
});

test('results.json of a model with no tables and no jobs is the same document as before', () => {
  const model = { ...wideModel(0), tables: [] };
  const text = [...resultsJsonPieces(model, new Date(0))].join('');
  assert.equal(text, JSON.stringify(JSON.parse(text), null, 2) + '\n');
  assert.deepEqual((JSON.parse(text) as { tables: unknown[] }).tables, []);
});
