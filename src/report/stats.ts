/**
 * Descriptive statistics and Welch's two-sample t-test, written out so the report needs no numeric
 * library. The p-value goes through the regularized incomplete beta function:
 * for Student's t with ν degrees of freedom, P(|T| > |t|) = I_{ν/(ν+t²)}(ν/2, 1/2).
 */

export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Sample variance (n − 1 denominator); NaN below two values. */
export function sampleVariance(xs: readonly number[]): number {
  if (xs.length < 2) return NaN;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return s / (xs.length - 1);
}

export function sampleStd(xs: readonly number[]): number {
  return Math.sqrt(sampleVariance(xs));
}

export interface Summary {
  n: number;
  mean: number;
  /** Sample standard deviation; NaN when n < 2. */
  std: number;
  min: number;
  max: number;
}

export function summarize(xs: readonly number[]): Summary {
  return { n: xs.length, mean: mean(xs), std: sampleStd(xs), min: Math.min(...xs), max: Math.max(...xs) };
}

/** ln Γ(x) for x > 0 (Lanczos approximation, g = 7, n = 9; ~15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  x -= 1;
  let a = c[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularized incomplete beta I_x(a, b), by Lentz's continued fraction (converges for x < (a+1)/(a+b+2)). */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  // The continued fraction converges fast only on one side; use the symmetry I_x(a,b) = 1 − I_{1−x}(b,a).
  if (x > (a + 1) / (a + b + 2)) return 1 - regularizedIncompleteBeta(1 - x, b, a);
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return (front * betaContinuedFraction(x, a, b)) / a;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    for (const num of [(m * (b - m) * x) / ((a + m2 - 1) * (a + m2)), (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1))]) {
      d = 1 + num * d;
      if (Math.abs(d) < tiny) d = tiny;
      c = 1 + num / c;
      if (Math.abs(c) < tiny) c = tiny;
      d = 1 / d;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-15) break;
  }
  return h;
}

/** Two-sided p-value of Student's t statistic with `df` degrees of freedom. */
export function studentTwoSidedP(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (!Number.isFinite(t)) return 0;
  return regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
}

export interface WelchResult {
  /** Positive when `a` has the larger mean. */
  t: number;
  df: number;
  /** Two-sided p-value. */
  p: number;
  meanDiff: number;
  /** Cohen's d with the pooled standard deviation. */
  cohenD: number;
  /** Hedges' g: Cohen's d with the small-sample bias correction. */
  hedgesG: number;
}

/** Welch's unequal-variance t-test of a against b; undefined when either side has fewer than 2 values. */
export function welchTTest(a: readonly number[], b: readonly number[]): WelchResult | undefined {
  const na = a.length;
  const nb = b.length;
  if (na < 2 || nb < 2) return undefined;
  const ma = mean(a);
  const mb = mean(b);
  const va = sampleVariance(a);
  const vb = sampleVariance(b);
  const sea = va / na;
  const seb = vb / nb;
  const meanDiff = ma - mb;
  const se2 = sea + seb;
  let t: number;
  let df: number;
  if (se2 === 0) {
    // Both groups constant: the difference is certain if there is one, and nothing otherwise.
    t = meanDiff === 0 ? NaN : Math.sign(meanDiff) * Infinity;
    df = na + nb - 2;
  } else {
    t = meanDiff / Math.sqrt(se2);
    df = (se2 * se2) / ((sea * sea) / (na - 1) + (seb * seb) / (nb - 1));
  }
  const pooled = Math.sqrt(((na - 1) * va + (nb - 1) * vb) / (na + nb - 2));
  const cohenD = pooled === 0 ? (meanDiff === 0 ? 0 : Math.sign(meanDiff) * Infinity) : meanDiff / pooled;
  const hedgesG = cohenD * (1 - 3 / (4 * (na + nb) - 9));
  return { t, df, p: studentTwoSidedP(t, df), meanDiff, cohenD, hedgesG };
}
