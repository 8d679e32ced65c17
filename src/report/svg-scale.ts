/**
 * Axis scales for the report's SVG plots: linear with "nice" ticks, or logarithmic with one tick per
 * decade when the values span at least two decades (a learning-rate sweep from 1e-5 to 1e-1 is
 * unreadable on a linear axis: every point but the last sits at the left edge).
 */
import { niceTicks } from './svg-plot.js';

export interface Scale {
  log: boolean;
  /** Data value to pixel. */
  at(v: number): number;
  ticks: number[];
  label(v: number): string;
}

/** Positive values whose largest is at least 100 times the smallest. */
export function spansDecades(values: readonly number[], decades = 2): boolean {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) { if (v < lo) lo = v; if (v > hi) hi = v; }
  return lo > 0 && Number.isFinite(hi) && Math.log10(hi / lo) >= decades - 1e-9;
}

/** Tick text: plain for ordinary magnitudes, `1e-5` past them (never 0.000010000000000000001). */
export function tickText(v: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) {
    const [m, e] = v.toExponential(1).split('e') as [string, string];
    return `${m.replace(/\.0$/, '')}e${e.replace('+', '')}`;
  }
  return String(Number(v.toPrecision(6)));
}

export function linearScale(values: readonly number[], r0: number, r1: number, count = 5): Scale {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) { if (v < lo) lo = v; if (v > hi) hi = v; }
  const ticks = niceTicks(lo, hi, count);
  const [t0, t1] = [ticks[0] ?? 0, ticks[ticks.length - 1] ?? 1];
  return { log: false, ticks, label: tickText, at: (v) => r0 + ((v - t0) / (t1 - t0 || 1)) * (r1 - r0) };
}

/** Decades covering the values; a little padding so end points are not drawn on the frame. */
export function logScale(values: readonly number[], r0: number, r1: number): Scale {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) { if (v < lo) lo = v; if (v > hi) hi = v; }
  const e0 = Math.floor(Math.log10(lo) + 1e-9);
  const e1 = Math.ceil(Math.log10(hi) - 1e-9);
  const ticks: number[] = [];
  for (let e = e0; e <= e1; e++) ticks.push(Number((10 ** e).toPrecision(12)));
  const [l0, l1] = [e0 - 0.15, e1 + 0.15];
  return { log: true, ticks, label: tickText, at: (v) => r0 + ((Math.log10(v) - l0) / (l1 - l0 || 1)) * (r1 - r0) };
}

/** Log where the values span decades, else linear. */
export function autoScale(values: readonly number[], r0: number, r1: number, count = 5): Scale {
  return spansDecades(values) ? logScale(values, r0, r1) : linearScale(values, r0, r1, count);
}

/** A sequential colour from light (t = 0) to dark (t = 1), after viridis reversed: the dark end reads on white. */
export function sequentialColor(t: number): string {
  const stops = [[253, 231, 37], [94, 201, 98], [33, 145, 140], [59, 82, 139], [68, 1, 84]] as const;
  const x = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const c = stops[i]!.map((a, k) => Math.round(a + (stops[i + 1]![k]! - a) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}
