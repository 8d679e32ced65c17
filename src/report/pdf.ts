/**
 * `orch report --format pdf`: index.html printed to report.pdf by the machine's headless Chromium
 * (the page's own print styles apply, its script draws the jobs table first). Chromium writes to a
 * temp file that is renamed over report.pdf, so a failed print leaves an earlier PDF as it was.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { tempPathFor } from '../store/atomic.js';
import { ReportError } from './errors.js';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

function executable(path: string): boolean {
  try { accessSync(path, constants.X_OK); return true; } catch { return false; }
}

/** `ORCH_CHROMIUM` if set, else the first of the usual names on PATH. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const given = env.ORCH_CHROMIUM;
  if (given) {
    if (executable(given)) return given;
    throw new ReportError({ code: 'REPORT_NO_CHROMIUM', message: `ORCH_CHROMIUM=${given}: not an executable file`, hint: 'Point ORCH_CHROMIUM at a Chromium or Chrome binary, or unset it to search PATH.' });
  }
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of NAMES) if (executable(join(dir, name))) return join(dir, name);
  }
  throw new ReportError({
    code: 'REPORT_NO_CHROMIUM', message: `--format pdf needs headless Chromium, and none of ${NAMES.join(', ')} is on PATH`,
    hint: 'Install it (Debian/Ubuntu: sudo apt-get install chromium; macOS: brew install --cask chromium) or set ORCH_CHROMIUM=/path/to/chrome. The HTML report was written.',
  });
}

export async function printPdf(htmlPath: string, pdfPath: string, chromium = findChromium()): Promise<void> {
  const tmp = tempPathFor(pdfPath);
  try {
    await promisify(execFile)(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--no-pdf-header-footer', '--run-all-compositor-stages-before-draw', '--virtual-time-budget=10000', `--print-to-pdf=${tmp}`, pathToFileURL(htmlPath).href],
    { timeout: 120_000, maxBuffer: 4 << 20 });
    await rename(tmp, pdfPath);
  } catch (err) {
    await rm(tmp, { force: true });
    const e = err as { stderr?: string; message: string };
    throw new ReportError({
      code: 'REPORT_PDF_FAILED', message: `${chromium} could not print ${htmlPath}: ${(e.stderr || e.message).trim().split('\n').slice(-3).join(' ')}`,
      hint: 'The HTML report was written; open it in a browser and print it, or set ORCH_CHROMIUM to another Chromium.',
      cause: err,
    });
  }
}

/** One figure to a PDF page of exactly its size (for \\includegraphics), through a throw-away page. */
export async function printSvgPdf(svg: string, pdfPath: string, chromium: string): Promise<void> {
  const m = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg);
  const [w, h] = m ? [m[1], m[2]] : ['880', '340'];
  const page = `${pdfPath}.html`;
  await writeFile(page, `<!DOCTYPE html><meta charset="utf-8"><style>@page { size: ${w}px ${h}px; margin: 0 } html, body { margin: 0 } svg { display: block }</style>${svg.replace(/^<\?xml[^>]*>\n?/, '')}`);
  try {
    await printPdf(page, pdfPath, chromium);
  } finally {
    await rm(page, { force: true });
  }
}
