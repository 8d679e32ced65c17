/**
 * HTML rendering with Handlebars. The templates live as `.hbs` files in `src/report/templates/` and
 * are read from the source tree at run time: tsc does not copy them into `dist/`, and keeping them as
 * real `.hbs` files (not TS strings) keeps the markup editable and highlighted as HTML. The package
 * root is found by walking up to `package.json` (skipping `dist/`), so the same code works from `src/`
 * under tsx and from `dist/src/` after a build; a published package must ship `src/report/templates`.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { ReportView } from './view.js';

export function templatesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || dir.endsWith('/dist')) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`report templates: no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return join(dir, 'src', 'report', 'templates');
}

export type HtmlRenderer = (view: ReportView) => string;

/** Compiles the templates into a private Handlebars environment (no global registrations). */
export async function createHtmlRenderer(dir = templatesDir()): Promise<HtmlRenderer> {
  const hb = Handlebars.create();
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('join', (xs: unknown) => (Array.isArray(xs) ? xs.join(' ') : ''));
  hb.registerHelper('lt', (a: unknown, b: unknown) => Number(a) < Number(b));
  const files = (await readdir(dir)).filter((f) => f.endsWith('.hbs'));
  let main: HandlebarsTemplateDelegate | undefined;
  for (const f of files) {
    const text = await readFile(join(dir, f), 'utf8');
    const name = basename(f, '.hbs');
    if (name === 'report') main = hb.compile(text, { strict: false });
    else hb.registerPartial(name, text);
  }
  if (!main) throw new Error(`report templates: ${join(dir, 'report.hbs')} is missing`);
  const template = main;
  return (view) => template(view);
}
