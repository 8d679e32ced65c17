/**
 * Parallel coordinates over the swept parameters, one polyline per setting coloured by the main
 * metric (dark is better), the metric itself as the last axis. Plain SVG: no script, so it prints
 * and opens offline like the rest of the report.
 */
import { escapeXml } from './svg-plot.js';
import { autoScale, linearScale, sequentialColor, type Scale } from './svg-scale.js';
import type { ParallelData } from './param-effects.js';
import { svgOpen, type Frame } from './svg-param.js';
import { minOf, maxOf } from '../min-max.js';

const f = (n: number): string => n.toFixed(1);

interface Axis { key: string; x: number; place(text: string): number; ticks: Array<{ y: number; label: string }> }

function shorten(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function numericAxis(key: string, x: number, values: number[], top: number, bottom: number): Axis {
  const s: Scale = autoScale(values, bottom, top, 5);
  return { key, x, place: (t) => s.at(Number(t)), ticks: s.ticks.map((v) => ({ y: s.at(v), label: s.label(v) })) };
}

export function renderParallelPlot(d: ParallelData, higherIsBetter: boolean, opts: { width?: number; height?: number } = {}): string {
  const fr: Frame = { width: opts.width ?? 880, height: opts.height ?? 360, left: 60, right: 70, top: 40, bottom: 36 };
  const [top, bottom] = [fr.top, fr.height - fr.bottom];
  const n = d.axes.length + 1;
  const gap = (fr.width - fr.left - fr.right) / Math.max(1, n - 1);
  const axes: Axis[] = d.axes.map((a, i) => {
    const x = fr.left + i * gap;
    if (a.kind === 'numeric') return numericAxis(a.key, x, d.lines.map((l) => Number(l.values[i])), top, bottom);
    const cats = a.categories!;
    const at = (k: number): number => (cats.length === 1 ? (top + bottom) / 2 : bottom - (k / (cats.length - 1)) * (bottom - top));
    const every = Math.ceil(cats.length / 12);
    return { key: a.key, x, place: (t) => at(cats.indexOf(t)), ticks: cats.flatMap((c, k) => (k % every ? [] : [{ y: at(k), label: shorten(c, 14) }])) };
  });
  const metrics = d.lines.map((l) => l.metric);
  const ms = linearScale(metrics, bottom, top, 5);
  axes.push({ key: d.metric, x: fr.left + (n - 1) * gap, place: (t) => ms.at(Number(t)), ticks: ms.ticks.map((v) => ({ y: ms.at(v), label: ms.label(v) })) });
  const [lo, hi] = [minOf(metrics), maxOf(metrics)];
  const goodness = (m: number): number => (hi === lo ? 1 : higherIsBetter ? (m - lo) / (hi - lo) : (hi - m) / (hi - lo));
  const out = [svgOpen(fr, `parallel coordinates of ${d.axes.map((a) => a.key).join(', ')} coloured by ${d.metric}`)];
  const opacity = d.lines.length > 300 ? 0.35 : 0.75;
  for (const l of d.lines) {
    const pts = axes.map((a, i) => `${f(a.x)},${f(a.place(i < d.axes.length ? l.values[i]! : String(l.metric)))}`);
    out.push(`<path class="pc-line" d="M${pts.join('L')}" fill="none" stroke="${sequentialColor(goodness(l.metric))}" stroke-opacity="${opacity}" stroke-width="1.4"/>`);
  }
  for (const a of axes) {
    out.push(`<line class="pc-axis" x1="${f(a.x)}" x2="${f(a.x)}" y1="${top}" y2="${bottom}"/>`);
    out.push(`<text class="axis-label" x="${f(a.x)}" y="${top - 14}" text-anchor="middle">${escapeXml(shorten(a.key, 22))}<title>${escapeXml(a.key)}</title></text>`);
    for (const t of a.ticks) out.push(`<text class="tick pc-tick" x="${f(a.x - 6)}" y="${f(t.y + 4)}" text-anchor="end">${escapeXml(t.label)}</text><line class="tickmark" x1="${f(a.x - 3)}" x2="${f(a.x + 3)}" y1="${f(t.y)}" y2="${f(t.y)}"/>`);
  }
  // Colour key: a gradient bar from worst to best.
  const kx = fr.width - 180;
  out.push(`<defs><linearGradient id="pc-key">${[0, 0.25, 0.5, 0.75, 1].map((t) => `<stop offset="${t}" stop-color="${sequentialColor(t)}"/>`).join('')}</linearGradient></defs>`);
  out.push(`<text class="legend" x="${kx - 6}" y="${fr.height - 8}" text-anchor="end">worse</text><rect x="${kx}" y="${fr.height - 18}" width="120" height="10" fill="url(#pc-key)"/><text class="legend" x="${kx + 126}" y="${fr.height - 8}">better</text>`);
  out.push('</svg>');
  return out.join('');
}
