/** `orch report --format latex`: tables.tex checked structurally (compiled only where pdflatex happens to be installed), figures as SVG and one-page PDF. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ORCH_BIN } from '../helpers/paths.js';
import { classificationJobs, makeSweep } from '../fixtures/report/make-sweep.js';
import { texEscape } from '../../src/report/latex.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed`;

test('texEscape: every LaTeX special character', () => {
  assert.equal(texEscape('a_b & 50% #1 {x} ~ ^ \\ $ ± ∅'), 'a\\_b \\& 50\\% \\#1 \\{x\\} \\textasciitilde{} \\textasciicircum{} \\textbackslash{} \\$ $\\pm$ $\\emptyset$');
});

test('orch report --format latex: booktabs tables with the best bold and significance marked, each figure as SVG and PDF', { skip, timeout: 240_000 }, async () => {
  const root = await mkdtemp(join(tmpdir(), 'orch-report-latex-'));
  try {
    const sweep = await makeSweep(join(root, 'sweep'), classificationJobs());
    const res = spawnSync(process.execPath, [ORCH_BIN, 'report', sweep, 'report.metric=test.accuracy', '--format', 'latex'], { cwd: root, encoding: 'utf8', env: { ...process.env, ORCH_CHROMIUM: CHROMIUM } });
    assert.equal(res.status, 0, res.stderr);
    const dir = join(sweep, 'report', 'latex');
    const tex = readFileSync(join(dir, 'tables.tex'), 'utf8');
    for (const k of ['\\toprule', '\\midrule', '\\bottomrule']) assert.ok(tex.includes(k), k);
    assert.equal(tex.split('\\begin{table}').length, tex.split('\\end{table}').length);
    assert.equal(tex.split('\\begin{tabular}').length, tex.split('\\end{tabular}').length);
    assert.equal([...tex].filter((c) => c === '{').length - [...tex].filter((c) => c === '}').length, (tex.match(/\\[{}]/g) ?? []).filter((x) => x === '\\{').length - (tex.match(/\\[{}]/g) ?? []).filter((x) => x === '\\}').length, 'braces balance');
    assert.match(tex, /\\textbf\{model=cnn\} & \$\\mathbf\{0\.913 \\pm 0\.006\}\$ & \[0\.905, 0\.921\] & 5 \\\\/);
    assert.match(tex, /model=mlp & \$0\.\d+ \\pm 0\.\d+\$\$\^\{\*\}\$ & /, 'the significantly worse group is marked');
    assert.match(tex, /Bold: the best group\. \$\^\{\*\}\$: significantly worse than the best group \(Welch's t-test, Holm–Bonferroni corrected/);
    const svgs = readdirSync(dir).filter((f) => f.endsWith('.svg'));
    assert.ok(svgs.length >= 1, 'figures');
    for (const f of svgs) {
      const svg = readFileSync(join(dir, f), 'utf8');
      assert.match(svg, /^<\?xml version="1.0"/);
      assert.match(svg, /<style>svg\.plot/, `${f} carries its styles`);
      const pdf = join(dir, f.replace(/\.svg$/, '.pdf'));
      assert.equal(readFileSync(pdf).subarray(0, 5).toString('latin1'), '%PDF-');
      assert.match(spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout, /Pages:\s+1\n/, `${f}: one page, the figure's size`);
    }
    if (spawnSync('pdflatex', ['--version']).status === 0) {
      writeFileSync(join(dir, 'doc.tex'), '\\documentclass{article}\\usepackage{booktabs}\\begin{document}\\input{tables.tex}\\end{document}\n');
      const r = spawnSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', 'doc.tex'], { cwd: dir, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stdout.slice(-2000));
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
