/**
 * A metric against one numeric hyperparameter: every run as a small grey dot, the mean at each
 * parameter value as a coloured point with its 95 % CI as a whisker, the means joined by a line.
 * The x axis is logarithmic when the values span two decades or more.
 */
import { escapeXml, PALETTE } from './svg-plot.js';
import { autoScale, linearScale, type Scale } from './svg-scale.js';
import type { ParamEffect } from './param-effects.js';

export interface Frame { width: number; height: number; left: number; right: number; top: number; bottom: number }

const f = (n: number): string => n.toFixed(1);

/** The frame, grid and ticks of a 2-D plot with axis labels. */
export function axes(out: string[], fr: Frame, sx: Scale, sy: Scale, xLabel: string, yLabel: string): void {
  const [x0, x1, y0, y1] = [fr.left, fr.width - fr.right, fr.top, fr.height - fr.bottom];
  for (const v of sy.ticks) {
    const y = f(sy.at(v));
    out.push(`<line class="grid" x1="${x0}" x2="${x1}" y1="${y}" y2="${y}"/><text class="tick" x="${x0 - 8}" y="${f(sy.at(v) + 4)}" text-anchor="end">${sy.label(v)}</text>`);
  }
  for (const v of sx.ticks) {
    const x = f(sx.at(v));
    out.push(`<line class="grid" x1="${x}" x2="${x}" y1="${y0}" y2="${y1}"/><line class="tickmark" x1="${x}" x2="${x}" y1="${y1}" y2="${y1 + 5}"/><text class="tick" x="${x}" y="${y1 + 18}" text-anchor="middle">${sx.label(v)}</text>`);
  }
  out.push(`<rect class="frame" x="${x0}" y="${y0}" width="${x1 - x0}" height="${y1 - y0}" fill="none"/>`);
  out.push(`<text class="axis-label" x="${(x0 + x1) / 2}" y="${fr.height - 8}" text-anchor="middle">${escapeXml(xLabel)}${sx.log ? ' (log scale)' : ''}</text>`);
  out.push(`<text class="axis-label" transform="translate(14 ${(y0 + y1) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(yLabel)}</text>`);
}

export function svgOpen(fr: Frame, label: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" class="plot" viewBox="0 0 ${fr.width} ${fr.height}" width="${fr.width}" height="${fr.height}" role="img" aria-label="${escapeXml(label)}">`;
}

export function renderParamPlot(e: ParamEffect, opts: { width?: number; height?: number } = {}): string {
  const fr: Frame = { width: opts.width ?? 560, height: opts.height ?? 340, left: 70, right: 16, top: 14, bottom: 48 };
  const xs = e.levels.map((l) => l.x);
  const sx = autoScale(xs, fr.left + 12, fr.width - fr.right - 12, 6);
  const ys = [...e.points.map((p) => p.y), ...e.levels.flatMap((l) => (Number.isNaN(l.lo) ? [] : [l.lo, l.hi]))];
  const sy = linearScale(ys, fr.height - fr.bottom, fr.top, 5);
  const out = [svgOpen(fr, `${e.metric} against ${e.key}`)];
  axes(out, fr, sx, sy, e.key, e.metric);
  // A cap on drawn runs keeps a 10,000-run sweep's SVG small; the means use every run.
  const step = Math.max(1, Math.ceil(e.points.length / 2000));
  for (let i = 0; i < e.points.length; i += step) {
    const p = e.points[i]!;
    out.push(`<circle class="run" cx="${f(sx.at(p.x))}" cy="${f(sy.at(p.y))}" r="2.2"/>`);
  }
  const color = PALETTE[0]!;
  out.push(`<path class="mean-line" d="M${e.levels.map((l) => `${f(sx.at(l.x))},${f(sy.at(l.mean))}`).join('L')}" fill="none" stroke="${color}" stroke-width="1.5"/>`);
  for (const l of e.levels) {
    const x = f(sx.at(l.x));
    if (!Number.isNaN(l.lo)) out.push(`<line class="ci" x1="${x}" x2="${x}" y1="${f(sy.at(l.lo))}" y2="${f(sy.at(l.hi))}" stroke="${color}" stroke-width="2"/>`);
    out.push(`<circle class="mean" cx="${x}" cy="${f(sy.at(l.mean))}" r="4" fill="${color}"><title>${escapeXml(`${e.key}=${l.x}: mean ${l.mean.toPrecision(4)} over ${l.n} run(s)`)}</title></circle>`);
  }
  out.push('</svg>');
  return out.join('');
}
