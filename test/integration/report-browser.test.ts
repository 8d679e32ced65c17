/**
 * Opens the generated index.html in headless Chromium (playwright-core, the system browser) and
 * checks what a person would see: tables, a plot with paths, a working sort, no network requests.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { runReport } from '../../src/report/index.js';
import { classificationJobs, makeSweep, type FakeJob } from '../fixtures/report/make-sweep.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (apt-get install -y chromium)`;

test('index.html renders tables, plots and a sortable jobs table in Chromium', { skip, timeout: 180_000 }, async () => {
  const root = await mkdtemp(join(tmpdir(), 'orch-report-browser-'));
  const sweep = await makeSweep(join(root, 'sweep'), classificationJobs());
  const res = await runReport({ sweepDirs: [sweep], projectRoot: root, overrides: ['report.question=Does the CNN beat the MLP on test accuracy?'] });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const external: string[] = [];
    page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) external.push(r.url()); });
    await page.goto(pathToFileURL(join(res.reportDir, 'index.html')).href);

    assert.equal(await page.locator('h1').textContent(), 'Does the CNN beat the MLP on test accuracy?');
    const metricTable = page.locator('table.metric-table').first();
    assert.ok(await metricTable.isVisible());
    assert.equal(await metricTable.locator('tr.best th').textContent().then((t) => t?.trim()), 'model=cnn best');
    assert.ok(await page.locator('table.tests').first().isVisible());

    const plot = page.locator('svg.plot').first();
    assert.ok(await plot.isVisible());
    assert.ok(await plot.locator('path.line').count() >= 2, 'one line per group');
    const box = await plot.boundingBox();
    assert.ok(box && box.width > 300 && box.height > 150, `plot has a real size: ${JSON.stringify(box)}`);

    const jobs = page.locator('#jobs-table');
    assert.ok(await jobs.isVisible());
    const firstColumn = async (): Promise<string[]> => jobs.locator('tbody tr td:first-child').allTextContents();
    assert.deepEqual(await firstColumn(), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    await jobs.locator('thead th').first().locator('button').click();
    assert.deepEqual(await firstColumn(), ['9', '8', '7', '6', '5', '4', '3', '2', '1', '0'], 'second click on # sorts descending');
    // Sort by the metric column: best accuracy first after two clicks (ascending, then descending).
    const metricHead = jobs.locator('thead th').nth(4).locator('button');
    await metricHead.click();
    const ascending = await jobs.locator('tbody tr td:nth-child(5)').allTextContents();
    assert.equal(ascending[0], '0.879');
    assert.equal(ascending[ascending.length - 1], '–', 'jobs without a value sort last');
    await metricHead.click();
    assert.equal((await jobs.locator('tbody tr td:nth-child(5)').allTextContents())[0], '0.921');

    assert.ok(await page.locator('table.confusion').isVisible());
    assert.ok(await page.locator('.errors img').count() > 0);
    assert.deepEqual(external, [], 'the page loads nothing from the network');
    await page.screenshot({ path: join(root, 'report.png'), fullPage: true });
    assert.ok(existsSync(join(root, 'report.png')));
    console.log(`screenshot: ${join(root, 'report.png')}`);
  } finally {
    await browser.close();
  }
});

/** 8 learning rates × 3 widths × 3 seeds = 72 jobs, two failed: more than one page of 50. */
function lrSweepJobs(): FakeJob[] {
  const lrs = ['1e-5', '3e-5', '0.0001', '0.0003', '0.001', '0.003', '0.01', '0.1'];
  return lrs.flatMap((lr, i) => ['32', '64', '128'].flatMap((width) => [0, 1, 2].map((seed): FakeJob => {
    const acc = 0.9 - 0.02 * (i - 5) ** 2 + Number(width) / 10_000 + seed / 1000;
    return lr === '0.1' && width === '32' && seed < 2
      ? { overrides: [`optimizer.lr=${lr}`, `model.width=${width}`, `seed=${seed}`], status: 'failed', stderr: 'diverged\n' }
      : { overrides: [`optimizer.lr=${lr}`, `model.width=${width}`, `seed=${seed}`], metrics: { test: { accuracy: acc } } };
  })));
}

test('jobs table in Chromium: numeric sort per parameter and metric, filter box, pages; parameter plots on a log axis', { skip, timeout: 180_000 }, async () => {
  const root = await mkdtemp(join(tmpdir(), 'orch-report-browser-lr-'));
  const sweep = await makeSweep(join(root, 'sweep'), lrSweepJobs());
  const res = await runReport({ sweepDirs: [sweep], projectRoot: root, overrides: ['report.metric=test.accuracy'] });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(join(res.reportDir, 'index.html')).href);
    const jobs = page.locator('#jobs-table');
    const heads = await jobs.locator('thead th').allTextContents();
    assert.deepEqual(heads, ['#', 'Status', 'optimizer.lr', 'model.width', 'seed', 'test.accuracy', 'Duration', 'Directory']);
    const column = (n: number): Promise<string[]> => jobs.locator(`tbody tr td:nth-child(${n})`).allTextContents();
    const range = page.locator('#jobs-range');
    assert.equal((await column(1)).length, 50, 'one page of 50 rows in the DOM');
    assert.equal(await range.textContent(), '1–50 of 72');
    await page.locator('#jobs-next').click();
    assert.deepEqual(await column(1), Array.from({ length: 22 }, (_, i) => String(50 + i)));
    assert.equal(await range.textContent(), '51–72 of 72');
    assert.ok(await page.locator('#jobs-next').isDisabled());

    // Numeric, not text, order: 3e-5 comes before 0.0001 (as text it would sort after 0.1).
    await jobs.locator('thead th').nth(2).locator('button').click();
    const lrs = await column(3);
    assert.deepEqual([...new Set(lrs)], ['1e-5', '3e-5', '0.0001', '0.0003', '0.001', '0.003'], 'numeric order, from the first page again');
    await jobs.locator('thead th').nth(2).locator('button').click();
    assert.equal((await column(3))[0], '0.1');
    // The metric, descending after two clicks; failed jobs (no value) last in both directions.
    const metric = jobs.locator('thead th').nth(5).locator('button');
    await metric.click();
    await metric.click();
    const accs = (await column(6)).map(Number);
    assert.deepEqual(accs, [...accs].sort((a, b) => b - a));
    assert.equal(accs[0], Number((0.9 + 128 / 10_000 + 0.002).toPrecision(4)));

    await page.locator('#jobs-filter').fill('failed');
    assert.deepEqual(await column(1), ['63', '64']);
    assert.equal((await column(2)).every((s) => s === 'failed'), true);
    assert.equal(await range.textContent(), '1–2 of 2 (filtered from 72)');
    await page.locator('#jobs-filter').fill('optimizer.lr=0.001 model.width=64');
    assert.deepEqual((await column(5)).sort(), ['0', '1', '2'], 'words are ANDed; key=value matches a parameter cell');
    await page.locator('#jobs-filter').fill('no-such-thing');
    assert.equal(await range.textContent(), 'no job matches');
    await page.locator('#jobs-filter').fill('');
    await page.locator('#jobs-page-size').selectOption('200');
    assert.equal((await column(1)).length, 72);

    const lrPlot = page.locator('#params figure').first();
    assert.match(await lrPlot.locator('figcaption').textContent() ?? '', /test.accuracy against optimizer.lr/);
    assert.equal(await lrPlot.locator('circle.mean').count(), 8);
    assert.ok(await lrPlot.getByText('optimizer.lr (log scale)').count() === 1);
    assert.equal(await page.locator('#parallel path.pc-line').count(), 24);
    assert.deepEqual(errors, [], 'no script errors');
    await page.screenshot({ path: join(root, 'report.png'), fullPage: true });
    console.log(`screenshot: ${join(root, 'report.png')}`);
  } finally {
    await browser.close();
  }
});
