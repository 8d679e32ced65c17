/** The study plots: best value so far over trial number, the objective against one parameter, and every trial's learning curve. */
import { escapeXml, PALETTE } from './svg-plot.js';
import { autoScale, linearScale, logScale } from './svg-scale.js';
import { axes, svgOpen, type Frame } from './svg-param.js';
import type { Study, Trial } from './study.js';
import { numericValue } from './param-effects.js';
import { historyValue } from './metrics.js';

const f = (n: number): string => n.toFixed(1);
const ACCENT = PALETTE[0]!;
const PRUNED = PALETTE[1]!;

const frame = (width = 530, height = 320): Frame => ({ width, height, left: 70, right: 16, top: 14, bottom: 48 });

export function renderBestSoFar(s: Study): string {
  const fr = frame(880, 320);
  const done = s.trials.filter((t) => t.value !== undefined);
  const sx = linearScale(s.trials.map((t) => t.trial), fr.left + 8, fr.width - fr.right - 8, 8);
  const sy = linearScale(done.map((t) => t.value!), fr.height - fr.bottom, fr.top, 5);
  const out = [svgOpen(fr, `best ${s.metric} so far over trials`)];
  axes(out, fr, sx, sy, 'trial', s.metric);
  for (const t of done) out.push(`<circle class="run" cx="${f(sx.at(t.trial))}" cy="${f(sy.at(t.value!))}" r="2.8"><title>trial ${t.trial}: ${t.value}</title></circle>`);
  // A step line: the best so far holds until a trial beats it.
  const pts = s.bestSoFar.flatMap(([x, y], i) => (i === 0 ? [[x, y]] : [[x, s.bestSoFar[i - 1]![1]], [x, y]]));
  const last = s.trials[s.trials.length - 1]?.trial;
  if (last !== undefined && pts.length) pts.push([last, pts[pts.length - 1]![1]!]);
  out.push(`<path class="best-so-far" d="M${pts.map(([x, y]) => `${f(sx.at(x!))},${f(sy.at(y!))}`).join('L')}" fill="none" stroke="${ACCENT}" stroke-width="2.2"/>`);
  if (s.best) out.push(`<circle class="best-trial" cx="${f(sx.at(s.best.trial))}" cy="${f(sy.at(s.best.value!))}" r="6" fill="none" stroke="${ACCENT}" stroke-width="2"><title>best: trial ${s.best.trial}</title></circle>`);
  legend(out, fr, [['run', 'a trial'], ['line', 'best so far']]);
  out.push('</svg>');
  return out.join('');
}

type LegendKind = 'run' | 'line' | 'grey' | 'dash' | 'thick';

function legend(out: string[], fr: Frame, items: Array<[LegendKind, string]>): void {
  let x = fr.left + 10;
  const y = fr.top + 14;
  out.push(`<rect x="${x - 6}" y="${y - 11}" width="${items.reduce((w, [, t]) => w + 34 + t.length * 6.6, 0)}" height="18" fill="#fff" fill-opacity="0.85"/>`);
  for (const [kind, text] of items) {
    if (kind === 'run') out.push(`<circle class="run" cx="${x + 6}" cy="${y - 3}" r="3"/>`);
    else out.push(`<line x1="${x}" x2="${x + 16}" y1="${y - 3}" y2="${y - 3}" stroke="${kind === 'dash' ? PRUNED : kind === 'grey' ? '#8da4bd' : ACCENT}" stroke-width="${kind === 'thick' ? 3 : 2}"${kind === 'dash' ? ' stroke-dasharray="4 3"' : ''}/>`);
    out.push(`<text class="legend" x="${x + 22}" y="${y + 1}">${escapeXml(text)}</text>`);
    x += 34 + text.length * 6.6;
  }
}

export function renderObjectiveVsParam(s: Study, key: string): string {
  const fr = frame();
  const done = s.trials.filter((t) => t.value !== undefined && t.job.params.has(key));
  const texts = done.map((t) => t.job.params.get(key)!);
  const nums = texts.map(numericValue);
  const numeric = nums.every((v) => v !== undefined);
  const sy = linearScale(done.map((t) => t.value!), fr.height - fr.bottom, fr.top, 5);
  const out = [svgOpen(fr, `${s.metric} against ${key}`)];
  let xAt: (i: number) => number;
  if (numeric) {
    const values = nums as number[];
    const sx = s.settings.logParams.includes(key) && values.every((v) => v > 0) ? logScale(values, fr.left + 10, fr.width - fr.right - 10) : autoScale(values, fr.left + 10, fr.width - fr.right - 10, 6);
    axes(out, fr, sx, sy, key, s.metric);
    xAt = (i) => sx.at(values[i]!);
  } else {
    const cats = [...new Set(texts)];
    const step = (fr.width - fr.left - fr.right) / cats.length;
    const at = (c: string): number => fr.left + step * (cats.indexOf(c) + 0.5);
    axes(out, fr, { log: false, ticks: [], label: String, at: () => 0 }, sy, key, s.metric);
    for (const c of cats) out.push(`<text class="tick" x="${f(at(c))}" y="${fr.height - fr.bottom + 18}" text-anchor="middle">${escapeXml(c.length > 16 ? `${c.slice(0, 15)}…` : c)}</text>`);
    // A small spread inside a category, by trial number, so equal values do not hide each other.
    xAt = (i) => at(texts[i]!) + ((done[i]!.trial * 0.618) % 1 - 0.5) * step * 0.5;
  }
  done.forEach((t, i) => out.push(`<circle class="run" cx="${f(xAt(i))}" cy="${f(sy.at(t.value!))}" r="3"><title>trial ${t.trial}: ${key}=${texts[i]}, ${t.value}</title></circle>`));
  const b = done.findIndex((t) => t === s.best);
  if (b >= 0) out.push(`<circle class="best-trial" cx="${f(xAt(b))}" cy="${f(sy.at(s.best!.value!))}" r="6" fill="none" stroke="${ACCENT}" stroke-width="2"><title>best: trial ${s.best!.trial}</title></circle>`);
  out.push('</svg>');
  return out.join('');
}

/** History points of one trial for `key`, x from `xKey` (or the record number). */
function trialCurve(t: Trial, key: string, xKey: string): Array<[number, number]> {
  const pts: Array<[number, number]> = [];
  t.job.history.forEach((r, i) => {
    const x = xKey === 'record' ? i + 1 : historyValue(r, xKey);
    const y = historyValue(r, key);
    if (x !== undefined && y !== undefined && Number.isFinite(y)) pts.push([x, y]);
  });
  return pts;
}

/** Every trial's learning curve; pruned trials dashed in orange, ending in a cross where they were stopped. */
export function renderTrialCurves(s: Study, trials: readonly Trial[], key: string, xKey: string): string | undefined {
  const curves = trials.map((t) => ({ t, pts: trialCurve(t, key, xKey) })).filter((c) => c.pts.length);
  if (!curves.length) return undefined;
  const fr = frame(880, 340);
  const sx = linearScale(curves.flatMap((c) => c.pts.map((p) => p[0])), fr.left, fr.width - fr.right, 8);
  const sy = linearScale(curves.flatMap((c) => c.pts.map((p) => p[1])), fr.height - fr.bottom, fr.top, 5);
  const out = [svgOpen(fr, `${key} per ${xKey} of every trial`)];
  axes(out, fr, sx, sy, xKey, key);
  const d = (pts: Array<[number, number]>): string => `M${pts.map(([x, y]) => `${f(sx.at(x))},${f(sy.at(y))}`).join('L')}`;
  // Completed first, pruned over them, the best trial on top.
  for (const c of curves) if (!c.t.pruned && c.t !== s.best) out.push(`<path class="trial" d="${d(c.pts)}" fill="none" stroke="#8da4bd" stroke-opacity="0.7" stroke-width="1.2"><title>trial ${c.t.trial}</title></path>`);
  for (const c of curves) {
    if (!c.t.pruned) continue;
    const [x, y] = c.pts[c.pts.length - 1]!;
    out.push(`<path class="trial pruned" d="${d(c.pts)}" fill="none" stroke="${PRUNED}" stroke-width="1.4" stroke-dasharray="4 3"><title>trial ${c.t.trial} (pruned)</title></path>`);
    out.push(`<path class="pruned-mark" d="M${f(sx.at(x) - 4)},${f(sy.at(y) - 4)}l8,8m0,-8l-8,8" stroke="${PRUNED}" stroke-width="2"/>`);
  }
  const best = curves.find((c) => c.t === s.best);
  if (best) out.push(`<path class="trial best" d="${d(best.pts)}" fill="none" stroke="${ACCENT}" stroke-width="3"><title>trial ${best.t.trial} (best)</title></path>`);
  legend(out, fr, [['grey', 'completed'], ['dash', 'pruned (× where stopped)'], ['thick', `best (trial ${s.best?.trial ?? '–'})`]]);
  out.push('</svg>');
  return out.join('');
}
