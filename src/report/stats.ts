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
  /** 95 % confidence interval of the mean (Student's t with n − 1 df); NaN bounds when n < 2. */
  ci95: [number, number];
}

/** A loop, not `Math.min(...xs)`: spreading passes every value as an argument and overflows the stack past ~100,000. */
export function extent(xs: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of xs) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return xs.length ? [lo, hi] : [NaN, NaN];
}

export function summarize(xs: readonly number[]): Summary {
  const [min, max] = extent(xs);
  const m = mean(xs);
  const std = sampleStd(xs);
  const half = xs.length < 2 ? NaN : studentQuantile(0.975, xs.length - 1) * (std / Math.sqrt(xs.length));
  return { n: xs.length, mean: m, std, min, max, ci95: [m - half, m + half] };
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

/**
 * Regularized incomplete beta I_x(a, b), by Lentz's continued fraction (converges for x < (a+1)/(a+b+2)).
 * Throws when the fraction has not converged within `maxIterations` rather than return a wrong value.
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number, maxIterations = MAX_CF_ITERATIONS): number {
  // NaN never converges: it would spin through every iteration and then throw.
  if (Number.isNaN(x) || Number.isNaN(a) || Number.isNaN(b)) return NaN;
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  // The continued fraction converges fast only on one side; use the symmetry I_x(a,b) = 1 − I_{1−x}(b,a).
  if (x > (a + 1) / (a + b + 2)) return 1 - regularizedIncompleteBeta(1 - x, b, a, maxIterations);
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return (front * betaContinuedFraction(x, a, b, maxIterations)) / a;
}

/** Enough for every a, b a report meets (it grows like √max(a, b)); beyond it the result would be wrong, so it throws. */
const MAX_CF_ITERATIONS = 100_000;

function betaContinuedFraction(x: number, a: number, b: number, maxIterations: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= maxIterations; m++) {
    const m2 = 2 * m;
    for (const num of [(m * (b - m) * x) / ((a + m2 - 1) * (a + m2)), (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1))]) {
      d = 1 + num * d;
      if (Math.abs(d) < tiny) d = tiny;
      c = 1 + num / c;
      if (Math.abs(c) < tiny) c = tiny;
      d = 1 / d;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-15) return h;
  }
  throw new Error(`incomplete beta I_${x}(${a}, ${b}): the continued fraction did not converge in ${maxIterations} iterations`);
}

/** Two-sided p-value of Student's t statistic with `df` degrees of freedom. */
export function studentTwoSidedP(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (!Number.isFinite(t)) return 0;
  return regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/** The p-quantile (p > 0.5) of Student's t with `df` degrees of freedom, by bisection on the two-sided p-value. */
export function studentQuantile(p: number, df: number): number {
  if (!(df > 0) || !(p > 0.5 && p < 1)) return NaN;
  const target = 2 * (1 - p);
  let lo = 0;
  let hi = 1;
  while (studentTwoSidedP(hi, df) > target) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentTwoSidedP(mid, df) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Holm–Bonferroni adjusted p-values, in the order given: the k-th smallest of m is multiplied by
 * m − k + 1, and the running maximum keeps the adjusted values in the order of the raw ones.
 * NaN (an untestable comparison) stays NaN and does not count in m.
 */
export function holmAdjust(ps: readonly number[]): number[] {
  const order = ps.map((p, i) => ({ p, i })).filter((x) => !Number.isNaN(x.p)).sort((a, b) => a.p - b.p);
  const out = ps.map(() => NaN);
  let running = 0;
  order.forEach(({ p, i }, k) => {
    running = Math.max(running, Math.min(1, (order.length - k) * p));
    out[i] = running;
  });
  return out;
}

export interface WelchResult {
  /** Positive when `a` has the larger mean. */
  t: number;
  df: number;
  /** Two-sided p-value. */
  p: number;
  meanDiff: number;
  /** 95 % confidence interval of the mean difference (Welch's df). */
  ci95: [number, number];
  /** Cohen's d with the pooled standard deviation; undefined when a side has no variance (see effectNote). */
  cohenD?: number;
  /** Hedges' g: Cohen's d with the small-sample bias correction. */
  hedgesG?: number;
  /** Why no effect size is given: a side with no spread makes d infinite or absurd (d = 1713). */
  effectNote?: string;
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
  const half = se2 === 0 ? 0 : studentQuantile(0.975, df) * Math.sqrt(se2);
  const base = { t, df, p: studentTwoSidedP(t, df), meanDiff, ci95: [meanDiff - half, meanDiff + half] as [number, number] };
  if (va === 0 || vb === 0) {
    const which = va === 0 && vb === 0 ? 'neither group varies' : `the ${va === 0 ? 'first' : 'second'} group has no variance (all its runs are equal)`;
    return { ...base, effectNote: `not shown: ${which}, so a standardized difference is meaningless` };
  }
  const pooled = Math.sqrt(((na - 1) * va + (nb - 1) * vb) / (na + nb - 2));
  const cohenD = meanDiff / pooled;
  return { ...base, cohenD, hedgesG: cohenD * (1 - 3 / (4 * (na + nb) - 9)) };
}
