import type { ReportView } from './view.js';
import { MAX_MD_JOBS } from './view-caps.js';

/** Escapes what would break a Markdown table cell. */
export function cell(s: string | number): string {
  const t = String(s);
  // Nearly every cell has nothing to escape: one test instead of three replaces (millions of cells in a 100,000-job report).
  return NEEDS_ESCAPE.test(t) ? t.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ') : t;
}

const NEEDS_ESCAPE = /[\\|\n]/;

function table(head: string[], rows: Array<Array<string | number>>, align: Array<'l' | 'r'> = []): string {
  const sep = head.map((_, i) => (align[i] === 'r' ? '---:' : '---'));
  return [head, sep, ...rows].map((r) => `| ${r.map(cell).join(' | ')} |`).join('\n');
}

function comparisons(cs: ReportView['tables'][number]['comparisons']): string {
  return table(['Group', 'vs.', 'Δ mean', '95 % CI of Δ', 't', 'df', 'p', 'p (Holm)', "Cohen's d", "Hedges' g", 'Result'],
    cs.map((c) => [c.a, c.b, c.diff, c.ci, c.t, c.df, c.p, c.pAdj, c.d, c.g, c.verdict]), ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l']);
}

type StudyView = NonNullable<ReportView['study']>;

/** A search answers with its best trial: each trial is its own setting, so there are no groups to test. */
function studyAnswer(s: StudyView): string[] {
  const head = `- **Study:** ${s.sweeper}, ${s.direction} \`${s.metric}\`; ${s.counts}`;
  if (!s.best) return [head, `- **Best trial:** none yet (no trial has reported ${s.metric}).`];
  return [head, `- **Best trial:** #${s.best.trial}, ${s.metric} = ${s.best.value} (\`${s.best.overrides}\`, dir \`${s.best.dir}\`)`];
}

function studySection(s: StudyView): string[] {
  const out = ['## Study', ''];
  if (s.best && s.best.config.length) out.push(`Best trial's parameters:`, '', table(['Parameter', 'Value'], s.best.config.map((c) => [c.key, c.value]), ['l', 'l']), '');
  if (s.importance.length) out.push('Parameter importance:', '', table(['Parameter', 'Share of variance', 'Spearman ρ'], s.importance.map((i) => [i.key, i.share, i.rho]), ['l', 'r', 'r']), '');
  return out;
}

export function renderMarkdown(v: ReportView): string {
  const out: string[] = [`# ${v.title}`, '', `Sweep: ${v.sweepDirs.map((d) => `\`${d}\``).join(', ')}  `, `Generated: ${v.generatedAt}`, ''];
  if (v.partial) out.push(`> **${v.partial}**`, '');
  out.push('## Answer', '');
  if (v.study) out.push(...studyAnswer(v.study), '');
  else if (v.claim) {
    out.push(`- **Claim:** ${v.claim.statement}`, `- **Success criterion:** ${v.claim.criterion}`, `- **Answer:** ${v.claim.answer}`, '');
    if (v.claim.comparisons.length) out.push(comparisons(v.claim.comparisons), '');
    if (v.claim.comparisonsNote) out.push(`_${v.claim.comparisonsNote}_`, '');
  } else {
    out.push(`No job has reported ${v.metric ?? 'any metric'} yet.`, '');
  }
  out.push(`Main metric: ${v.metric ? `\`${v.metric}\` (${v.direction})` : '–'}; groups by: ${v.groupKeys}; repeats over: ${v.repeatKeys}; ` +
    `jobs: ${v.total} (${v.statuses.map((s) => `${s.count} ${s.status}`).join(', ')}).`, '');
  if (v.metricNote) out.push(`_${v.metricNote}_`, '');
  out.push(`_Welch's two-sided t-tests; p-values adjusted with the ${v.correction} correction over the comparisons made together; α = ${v.alpha}. Tests run on the main metric only._`, '');
  for (const e of v.effectNotes) out.push(`_${e}_`, '');
  if (v.missingNote) out.push(`_${v.missingNote}_`, '');
  if (v.study) out.push(...studySection(v.study));
  for (const t of v.tables) {
    out.push(`## ${t.metric} (${t.direction})`, '');
    out.push(table(['Group', 'Mean ± std', '95 % CI', 'n', 'Min', 'Max'],
      t.rows.map((r) => [(r.best ? `**${r.label}** (best)` : r.label) + (r.sweeps ? ` (sweep ${r.sweeps})` : ''), r.meanStd, r.ci, r.n < r.jobs ? `${r.n}/${r.jobs}` : r.n, r.min, r.max]), ['l', 'r', 'r', 'r', 'r', 'r']), '');
    if (t.capNote) out.push(`_${t.capNote}_`, '');
    if (t.tieNote) out.push(`_${t.tieNote}_`, '');
    if (t.diverged.length) out.push(...t.diverged.map((d) => `- ${d}; left out of mean ± std and the tests`), '');
    if (t.comparisons.length) out.push("Welch's t-test (Holm–Bonferroni corrected), best group against each other group:", '', comparisons(t.comparisons), '');
    if (t.comparisonsNote) out.push(`_${t.comparisonsNote}_`, '');
  }
  for (const b of v.booleanTables) {
    out.push(`## ${b.metric} (true/false counts, not tested)`, '', table(['Group', 'true', 'false', 'jobs'], b.rows.map((r) => [r.label, r.trues, r.falses, r.jobs]), ['l', 'r', 'r', 'r']), '');
    if (b.capNote) out.push(`_${b.capNote}_`, '');
  }
  if (v.failed.length) {
    out.push(`## Failed jobs (${v.failed.length})`, '');
    for (const f of v.failed) out.push(`### Job ${f.num} (${f.status}) ${f.overrides}`, '', f.reason ? `${f.reason}\n` : '', '```', f.stderr, '```', '');
  }
  if (v.withoutMetric.length) {
    out.push(`## Completed jobs without ${v.metric} (${v.withoutMetric.length})`, '', ...v.withoutMetric.map((j) => `- job ${j.num} \`${j.dir}\`: ${j.problems}`), '');
  }
  if (v.problems.length) out.push(`## Warnings (${v.problems.length} jobs)`, '', ...v.problems.map((p) => `- job ${p.num} \`${p.dir}\`: ${p.text}`), '');
  const cols = v.jobsTable.columns;
  out.push('## All jobs', '', ...(v.jobsTable.constants.length ? [`Same in every job: \`${v.jobsTable.constants.join(' ')}\``, ''] : []),
    table(cols.map((c) => c.name), v.jobsTable.rows.slice(0, MAX_MD_JOBS).map((r) => r.map((c) => (typeof c === 'string' ? c : c[0]))), cols.map((c) => (c.kind === 'num' ? 'r' : 'l'))), '');
  if (v.jobsTable.rows.length > MAX_MD_JOBS) out.push(`_The first ${MAX_MD_JOBS} of ${v.jobsTable.rows.length.toLocaleString('en-US')} jobs; results.csv holds every job, index.html shows them all._`, '');
  out.push('## Provenance', '', ...v.provenance.map((p) => `- ${p.key}: \`${cell(p.value ?? '')}\``), '');
  return out.join('\n');
}
