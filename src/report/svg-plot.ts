/**
 * Line plots as inline SVG strings: mean line and ±std band per series, axes with "nice" ticks,
 * axis labels and a legend. No scripting, no external fonts: the report must open offline.
 */
import type { Curve } from './types.js';
import { minOf, maxOf } from '../min-max.js';

/** Okabe–Ito-derived palette: distinguishable with common colour-vision deficiencies, dark enough on white. */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#7f3c8d', '#3b3b3b', '#a6761d', '#1b9e77'];

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Heckbert's nice tick values covering [lo, hi] with about `count` ticks. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (lo === hi) { lo -= Math.abs(lo) * 0.1 || 1; hi += Math.abs(hi) * 0.1 || 1; }
  const nice = (x: number, round: boolean): number => {
    const e = Math.floor(Math.log10(x));
    const f = x / 10 ** e;
    const nf = round ? (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) : f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    return nf * 10 ** e;
  };
  const step = nice(nice(hi - lo, false) / Math.max(1, count - 1), true);
  // Integer multiples of the step, so rounding cannot drop the last tick: the ticks always cover [lo, hi].
  const ticks: number[] = [];
  for (let k = Math.floor(lo / step + 1e-9); k <= Math.ceil(hi / step - 1e-9); k++) ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}

function tickLabel(v: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(1);
  return String(Number(v.toPrecision(6)));
}

export interface PlotOptions {
  width?: number;
  height?: number;
  title?: string;
}

export function renderLinePlot(curve: Curve, opts: PlotOptions = {}): string {
  const width = opts.width ?? 880;
  const height = opts.height ?? 340;
  const legendW = 300;
  const m = { left: 64, right: legendW + 16, top: 16, bottom: 48 };
  const pw = width - m.left - m.right;
  const ph = height - m.top - m.bottom;
  const xs = curve.series.flatMap((s) => s.x);
  const ylo = curve.series.flatMap((s) => s.mean.map((v, i) => v - s.std[i]!));
  const yhi = curve.series.flatMap((s) => s.mean.map((v, i) => v + s.std[i]!));
  const xt = niceTicks(minOf(xs), maxOf(xs), 6);
  const yt = niceTicks(minOf(ylo), maxOf(yhi), 5);
  const [x0, x1] = [xt[0]!, xt[xt.length - 1]!];
  const [y0, y1] = [yt[0]!, yt[yt.length - 1]!];
  const sx = (x: number): number => m.left + ((x - x0) / (x1 - x0 || 1)) * pw;
  const sy = (y: number): number => m.top + ph - ((y - y0) / (y1 - y0 || 1)) * ph;
  const f = (n: number): string => n.toFixed(1);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="plot" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(opts.title ?? curve.key)}">`);
  for (const v of yt) out.push(`<line class="grid" x1="${m.left}" x2="${m.left + pw}" y1="${f(sy(v))}" y2="${f(sy(v))}"/><text class="tick" x="${m.left - 8}" y="${f(sy(v) + 4)}" text-anchor="end">${tickLabel(v)}</text>`);
  for (const v of xt) out.push(`<line class="tickmark" x1="${f(sx(v))}" x2="${f(sx(v))}" y1="${m.top + ph}" y2="${m.top + ph + 5}"/><text class="tick" x="${f(sx(v))}" y="${m.top + ph + 18}" text-anchor="middle">${tickLabel(v)}</text>`);
  out.push(`<rect class="frame" x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none"/>`);
  curve.series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length]!;
    if (s.std.some((d) => d > 0)) {
      const upper = s.x.map((x, k) => `${f(sx(x))},${f(sy(s.mean[k]! + s.std[k]!))}`);
      const lower = s.x.map((x, k) => `${f(sx(x))},${f(sy(s.mean[k]! - s.std[k]!))}`).reverse();
      out.push(`<path class="band" d="M${upper.join('L')}L${lower.join('L')}Z" fill="${color}" fill-opacity="0.15" stroke="none"/>`);
    }
    const line = s.x.map((x, k) => `${f(sx(x))},${f(sy(s.mean[k]!))}`);
    out.push(`<path class="line" d="M${line.join('L')}" fill="none" stroke="${color}" stroke-width="2"><title>${escapeXml(s.group)}</title></path>`);
    if (s.x.length === 1) out.push(`<circle cx="${line[0]!.split(',')[0]}" cy="${line[0]!.split(',')[1]}" r="3" fill="${color}"/>`);
  });
  out.push(`<text class="axis-label" x="${m.left + pw / 2}" y="${height - 8}" text-anchor="middle">${escapeXml(curve.xKey)}</text>`);
  out.push(`<text class="axis-label" transform="translate(14 ${m.top + ph / 2}) rotate(-90)" text-anchor="middle">${escapeXml(curve.key)}</text>`);
  const lx = width - legendW;
  curve.series.forEach((s, i) => {
    const y = m.top + 10 + i * 20;
    if (y > height - 10) return;
    const label = s.group.length > 44 ? `${s.group.slice(0, 43)}…` : s.group;
    out.push(`<g class="legend-item"><rect x="${lx}" y="${y - 6}" width="14" height="4" fill="${PALETTE[i % PALETTE.length]}"/><text class="legend" x="${lx + 20}" y="${y}">${escapeXml(label)}<title>${escapeXml(s.group)}</title></text></g>`);
  });
  out.push('</svg>');
  return out.join('');
}
