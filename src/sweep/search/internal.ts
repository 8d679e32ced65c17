/**
 * The samplers' coordinates of a parameter, as Optuna's `_SearchSpaceTransform` and TPE's Parzen
 * bounds define them: log parameters live in log space, discrete ones on a continuous interval
 * widened by half a step at each end (so rounding gives every grid value the same width), and a
 * categorical is the index of its choice. Both samplers draw there and decode here.
 */
import { pyFloatRepr } from '../../value/value.js';
import type { Distribution, InternalValue } from './distribution.js';

export interface Bounds {
  low: number;
  high: number;
  /** Grid width in internal units for discrete linear parameters (TPE integrates over it). */
  q?: number;
}

export function boundsOf(d: Exclude<Distribution, { kind: 'categorical' }>): Bounds {
  if (d.kind === 'float') {
    if (d.log) return { low: Math.log(d.low), high: Math.log(d.high) };
    if (d.step !== undefined) return { low: d.low - d.step / 2, high: d.high + d.step / 2, q: d.step };
    return { low: d.low, high: d.high };
  }
  if (d.log) return { low: Math.log(d.low - 0.5), high: Math.log(d.high + 0.5) };
  return { low: d.low - d.step / 2, high: d.high + d.step / 2, q: d.step };
}

const clip = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** From sampler coordinates to a legal value of the parameter (rounded to its grid, clipped). */
export function decode(d: Distribution, x: number): InternalValue {
  if (d.kind === 'categorical') return clip(Math.floor(x), 0, d.choices.length - 1);
  if (d.log) {
    const v = Math.exp(x);
    return d.kind === 'int' ? clip(Math.round(v), d.low, d.high) : clip(v, d.low, d.high);
  }
  if (d.step !== undefined) return clip(Math.round((x - d.low) / d.step) * d.step + d.low, d.low, d.high);
  return clip(x, d.low, d.high);
}

/** A parameter's value (as decoded) in the coordinates TPE's estimators work in. */
export function encode(d: Distribution, v: InternalValue): number {
  return d.kind !== 'categorical' && d.log ? Math.log(v) : v;
}

/** The override value text of a decoded value. */
export function render(d: Distribution, v: InternalValue): string {
  if (d.kind === 'categorical') return d.choices[v]!;
  if (d.kind === 'int') return String(v);
  // Float steps are rounded to the step's decimals so 0.1*3 is written 0.3, as Optuna's Decimal grid.
  return pyFloatRepr(d.step === undefined ? v : Number(v.toPrecision(12)));
}
