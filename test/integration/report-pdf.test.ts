/** `orch report --format pdf` through the real binary: pages rendered with pdftoppm (not blank), text read with pdftotext. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { ORCH_BIN } from '../helpers/paths.js';
import { classificationJobs, makeSweep } from '../fixtures/report/make-sweep.js';

const CHROMIUM = '/usr/bin/chromium';
const tools = ['/usr/bin/pdftoppm', '/usr/bin/pdftotext'];
const skip = !existsSync(CHROMIUM) ? `${CHROMIUM} is not installed` : tools.find((t) => !existsSync(t)) ? 'poppler-utils is not installed' : false;

/** Share of pixels that are not near-white. */
function inked(file: string): number {
  const png = PNG.sync.read(readFileSync(file));
  let n = 0;
  for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! < 230 || png.data[i + 1]! < 230 || png.data[i + 2]! < 230) n++;
  return n / (png.width * png.height);
}

test('orch report --format pdf writes report.pdf: non-blank pages, the answer and the table numbers in its text', { skip, timeout: 240_000 }, async () => {
  const root = await mkdtemp(join(tmpdir(), 'orch-report-pdf-'));
  try {
    const sweep = await makeSweep(join(root, 'sweep'), classificationJobs());
    const res = spawnSync(process.execPath, [ORCH_BIN, 'report', sweep, 'report.metric=test.accuracy', '--format', 'pdf'], { cwd: root, encoding: 'utf8', env: { ...process.env, ORCH_CHROMIUM: CHROMIUM } });
    assert.equal(res.status, 0, res.stderr);
    const pdf = join(sweep, 'report', 'report.pdf');
    assert.match(res.stdout, new RegExp(`Wrote ${pdf}`));
    assert.equal(readFileSync(pdf).subarray(0, 5).toString('latin1'), '%PDF-');
    const pages = spawnSync('pdftoppm', ['-r', '40', '-png', pdf, join(root, 'page')]);
    assert.equal(pages.status, 0, String(pages.stderr));
    const pngs = readdirSync(root).filter((f) => f.startsWith('page') && f.endsWith('.png'));
    assert.ok(pngs.length >= 2, `pages: ${pngs.length}`);
    for (const p of pngs) assert.ok(inked(join(root, p)) > 0.005, `${p} is not blank`);
    const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout;
    assert.match(text, /Yes/);
    assert.match(text, /model=cnn/);
    assert.match(text, /0\.913 ± 0\.006/);
    assert.match(text, /\[0\.905, 0\.921\]/);
    assert.match(text, /1–10 of 10/, 'the jobs table was drawn before printing');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('--format pdf without Chromium: a typed error naming how to install it, exit 2, no stack trace', { timeout: 60_000 }, async () => {
  const root = await mkdtemp(join(tmpdir(), 'orch-report-pdf-'));
  try {
    const sweep = await makeSweep(join(root, 'sweep'), classificationJobs());
    const res = spawnSync(process.execPath, [ORCH_BIN, 'report', sweep, '--format', 'pdf'], { cwd: root, encoding: 'utf8', env: { ...process.env, PATH: join(root, 'empty'), ORCH_CHROMIUM: '' } });
    assert.equal(res.status, 2, res.stderr);
    assert.match(res.stderr, /--format pdf needs headless Chromium/);
    assert.match(res.stderr, /apt-get install chromium/);
    assert.doesNotMatch(res.stderr, /\n\s+at /);
    assert.equal(existsSync(join(sweep, 'report', 'report.pdf')), false);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
