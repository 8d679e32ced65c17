/**
 * `orch report [SWEEP_DIR...] [report.key=value...] [--format html|md] [--compare A B]`.
 * The lead wires this into yargs; it returns the process exit code and lets OrchErrors propagate
 * to the CLI's error printer.
 */
import { join } from 'node:path';
import { ReportError, runCompare, runReport } from '../../report/index.js';
import { findChromium, printPdf } from '../../report/pdf.js';
import { writeLatex } from '../../report/write-latex.js';

export interface ReportArgv {
  sweepDirs: string[];
  overrides: string[];
  format?: 'html' | 'md' | 'pdf' | 'latex';
  compare?: string[];
  projectRoot: string;
}

export interface ReportIo {
  stdout: (text: string) => void;
}

const defaultIo: ReportIo = { stdout: (t) => process.stdout.write(t) };

/**
 * For the yargs wiring: positionals like `report.metric=x` (a dotted key without `/`, then `=`) are
 * overrides; everything else is a sweep directory.
 */
export function splitPositionals(args: readonly string[]): { sweepDirs: string[]; overrides: string[] } {
  const isOverride = (a: string): boolean => /^\+{0,2}[A-Za-z_][\w.]*=/.test(a);
  return { sweepDirs: args.filter((a) => !isOverride(a)), overrides: args.filter(isOverride) };
}

export async function reportCommand(argv: ReportArgv, io: ReportIo = defaultIo): Promise<number> {
  if (argv.compare) {
    // `--compare A B report.metric=loss`: the array option swallows the overrides after it.
    const split = splitPositionals(argv.compare);
    if (split.sweepDirs.length !== 2) {
      throw new ReportError({
        code: 'REPORT_BAD_COMPARE', message: `--compare takes two sweep directories, got ${split.sweepDirs.length}: ${split.sweepDirs.join(' ') || '(none)'}`,
        hint: 'Usage: orch report --compare SWEEP_A SWEEP_B [report.key=value...]',
      });
    }
    const [a, b] = split.sweepDirs as [string, string];
    const res = await runCompare({ sweepA: a, sweepB: b, overrides: [...argv.overrides, ...split.overrides], projectRoot: argv.projectRoot });
    io.stdout(res.markdown);
    if (res.files.length) io.stdout(`\nWrote ${res.files.join(', ')}\n`);
    return 0;
  }
  const toStdout = argv.format === 'md';
  // Before any work: a missing browser is a typed error, not a late surprise.
  const chromium = argv.format === 'pdf' || argv.format === 'latex' ? findChromium() : undefined;
  const res = await runReport({ sweepDirs: argv.sweepDirs, overrides: argv.overrides, projectRoot: argv.projectRoot });
  if (toStdout) {
    io.stdout(res.markdown);
    return 0;
  }
  const m = res.model;
  const lines = [`Report for ${m.sweepDirs.join(', ')}: ${m.jobs.length} jobs in ${m.groups.length} group(s).`];
  if (m.unfinished) lines.push(`Partial: ${m.unfinished} job(s) still pending or running.`);
  if (m.failed.length) lines.push(`${m.failed.length} job(s) failed; see the report for their stderr.`);
  const study = res.view.study;
  if (study) lines.push(`Study (${study.sweeper}, ${study.direction} ${study.metric}): ${study.counts}` + (study.best ? ` Best: trial ${study.best.trial}, ${study.metric} = ${study.best.value} (${study.best.overrides}).` : ''));
  else if (m.claim) lines.push(m.claim.answer);
  lines.push(`Wrote ${res.reportDir}/index.html (also report.md, results.csv, results.json)`);
  if (chromium && argv.format === 'latex') {
    const files = await writeLatex(res.reportDir, res.view, chromium);
    lines.push(`Wrote ${join(res.reportDir, 'latex')}/: tables.tex and ${(files.length - 1) / 2} figure(s) as SVG and PDF`);
  } else if (chromium) {
    await printPdf(join(res.reportDir, 'index.html'), join(res.reportDir, 'report.pdf'), chromium);
    lines.push(`Wrote ${res.reportDir}/report.pdf`);
  }
  io.stdout(lines.join('\n') + '\n');
  return 0;
}
