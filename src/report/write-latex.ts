/** Writes `<report>/latex/`: tables.tex, and each figure as `<name>.svg` and `<name>.pdf`. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { figuresOf, plotCss, renderLatexTables, standaloneSvg } from './latex.js';
import { printSvgPdf } from './pdf.js';
import { templatesDir } from './render-html.js';
import type { ReportView } from './view.js';
import { writeReportFiles } from './write.js';

export async function writeLatex(reportDir: string, view: ReportView, chromium: string): Promise<string[]> {
  const dir = join(reportDir, 'latex');
  const css = plotCss(await readFile(join(templatesDir(), 'style.hbs'), 'utf8'));
  const figures = figuresOf(view).map((f) => ({ ...f, svg: standaloneSvg(f.svg, css) }));
  const written = await writeReportFiles(dir, { 'tables.tex': renderLatexTables(view), ...Object.fromEntries(figures.map((f) => [`${f.name}.svg`, f.svg])) }, reportDir);
  // One Chromium at a time: each is a few hundred MB and the machine may be small.
  for (const f of figures) {
    const pdf = join(dir, `${f.name}.pdf`);
    await printSvgPdf(f.svg, pdf, chromium);
    written.push(pdf);
  }
  return written;
}
