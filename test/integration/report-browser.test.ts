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
import { classificationJobs, makeSweep } from '../fixtures/report/make-sweep.js';

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
