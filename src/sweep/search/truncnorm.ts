/**
 * The standard normal and the truncated normal on [a, b] (in standard units), as TPE needs them:
 * the log of the mass between two points and the quantile function, computed in
 * log space on the left tail (by symmetry for the right one) so kernels far from their truncation
 * bounds keep their precision. Same formulas as Optuna's `_truncnorm.py`; the inverse uses a
 * closed-form start and Newton steps instead of Optuna's 100-step bisection.
 */
import { erf, erfc } from './erf.js';

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const SQRT1_2 = Math.SQRT1_2;

export function ndtr(x: number): number {
  const z = x * SQRT1_2;
  if (z < -SQRT1_2) return 0.5 * erfc(-z);
  if (z < SQRT1_2) return 0.5 + 0.5 * erf(z);
  return 1 - 0.5 * erfc(z);
}

export function logNdtr(x: number): number {
  if (x > 6) return -ndtr(-x);
  if (x > -20) return Math.log(ndtr(x));
  // Asymptotic series of log Phi(x) for very negative x.
  const lhs = -0.5 * x * x - Math.log(-x) - LOG_SQRT_2PI;
  let last = 0;
  let rhs = 1;
  let numerator = 1;
  let denom = 1;
  let sign = 1;
  for (let i = 1; Math.abs(last - rhs) > Number.EPSILON && i < 100; i++) {
    last = rhs;
    sign = -sign;
    denom /= x * x;
    numerator *= 2 * i - 1;
    rhs += sign * numerator * denom;
  }
  return lhs + Math.log(rhs);
}

export const normLogPdf = (x: number): number => -0.5 * x * x - LOG_SQRT_2PI;

/** log(e^p - e^q) for p >= q. */
const logDiff = (p: number, q: number): number => p + Math.log1p(-Math.exp(q - p));
/** log(e^p + e^q). */
function logSum(p: number, q: number): number {
  const m = Math.max(p, q);
  return m === -Infinity ? -Infinity : m + Math.log(Math.exp(p - m) + Math.exp(q - m));
}

/** log P(a <= Z <= b) for a standard normal Z. */
export function logGaussMass(a: number, b: number): number {
  if (b <= 0) return logDiff(logNdtr(b), logNdtr(a));
  if (a > 0) return logDiff(logNdtr(-a), logNdtr(-b));
  return Math.log1p(-ndtr(a) - ndtr(-b));
}

/** The x with P(Z <= x | a <= Z <= b) = q. */
export function truncPpf(q: number, a: number, b: number): number {
  if (q <= 0) return a;
  if (q >= 1) return b;
  if (a < 0) return ndtriExp(logSum(logNdtr(a), Math.log(q) + logGaussMass(a, b)));
  return -ndtriExp(logSum(logNdtr(-b), Math.log1p(-q) + logGaussMass(a, b)));
}

/** The x with log Phi(x) = y (y <= 0). */
export function ndtriExp(y: number): number {
  if (y >= 0) return Infinity;
  let x = y > -1e-3 ? -acklam(-Math.expm1(y)) : y > -700 ? acklam(Math.exp(y)) : -Math.sqrt(-2 * y - Math.log(-2 * y) - Math.log(2 * Math.PI));
  for (let i = 0; i < 4; i++) {
    const ln = logNdtr(x);
    // d/dx log Phi(x) = phi(x) / Phi(x)
    const step = (ln - y) / Math.exp(normLogPdf(x) - ln);
    if (!Number.isFinite(step)) break;
    x -= step;
    if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(x))) break;
  }
  return x;
}

/** Acklam's rational approximation of the normal quantile (relative error < 1.2e-9). */
const AC = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const BC = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const CC = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const DC = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

function acklam(p: number): number {
  const horner = (c: readonly number[], x: number): number => c.reduce((r, k) => r * x + k, 0);
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    return horner(CC, q) / (horner(DC, q) * q + 1);
  }
  if (p > 1 - 0.02425) return -acklam(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (horner(AC, r) * q) / (horner(BC, r) * r + 1);
}
