/**
 * Optuna's Parzen estimator (TPE's l(x) and g(x)): a weighted mixture with one component per
 * observation plus a prior component. Numeric dimensions are truncated Gaussians in the sampler's
 * coordinates (log space for log parameters); categorical ones put weight 1 + prior/(n+1) on the
 * observed choice and prior/(n+1) on every choice. Each kernel is as wide as the larger gap to its
 * neighbouring observations (Optuna 3.1's univariate rule, endpoints excluded), then "magic
 * clipped" to at least range / min(100, n + 2). A multivariate estimator picks one component for
 * all dimensions (so it keeps what made a good trial good as a whole) but keeps these per-dimension
 * widths; Optuna's multivariate mode uses Scott's rule, 0.2 n^(-1/(d+4)) of the range, which
 * is much wider and measured worse on bench/search.mjs (Branin, Hartmann-6, the mixed space).
 */
import type { Distribution } from './distribution.js';
import { boundsOf, decode, encode } from './internal.js';
import type { Rng } from './rng.js';
import { logGaussMass, normLogPdf, truncPpf } from './truncnorm.js';

export interface ParzenOptions {
  priorWeight: number;
}

type Dim =
  /** `logNorm[c]`: log of component c's mass inside the bounds. */
  | { kind: 'numeric'; low: number; high: number; q?: number; mus: Float64Array; sigmas: Float64Array; logNorm: Float64Array }
  | { kind: 'categorical'; k: number; probs: Float64Array };

export interface ParzenEstimator {
  dists: readonly Distribution[];
  /** Normalized component weights, the prior's last. */
  weights: Float64Array;
  dims: Dim[];
}

/** Optuna's default_weights: flat for the 25 most recent observations, a ramp before them. */
export function defaultWeights(n: number): Float64Array {
  const w = new Float64Array(n).fill(1);
  const ramp = n - 25;
  for (let i = 0; i < ramp; i++) w[i] = ramp === 1 ? 1 / n : 1 / n + (i * (1 - 1 / n)) / (ramp - 1);
  return w;
}

/** `obs[d][i]`: observation i of dimension d, in internal values (decoded, not yet log-encoded). */
export function createParzen(dists: readonly Distribution[], obs: readonly Float64Array[], opts: ParzenOptions): ParzenEstimator {
  const n = obs[0]?.length ?? 0;
  const w = defaultWeights(n);
  const weights = new Float64Array(n + 1);
  let total = opts.priorWeight;
  for (let i = 0; i < n; i++) { weights[i] = w[i]!; total += w[i]!; }
  weights[n] = opts.priorWeight;
  for (let i = 0; i <= n; i++) weights[i]! /= total;
  const dims = dists.map((d, j): Dim => {
    const x = obs[j]!;
    if (d.kind === 'categorical') return categoricalDim(d.choices.length, x, opts.priorWeight);
    const { low, high, q } = boundsOf(d);
    const mus = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) mus[i] = encode(d, x[i]!);
    mus[n] = 0.5 * (low + high);
    const sigmas = neighbourSigmas(mus, low, high);
    const minSigma = (high - low) / Math.min(100, 1 + mus.length);
    for (let i = 0; i < n; i++) sigmas[i] = Math.min(high - low, Math.max(minSigma, sigmas[i]!));
    sigmas[n] = high - low;
    const logNorm = mus.map((mu, c) => logGaussMass((low - mu) / sigmas[c]!, (high - mu) / sigmas[c]!));
    return { kind: 'numeric', low, high, q, mus, sigmas, logNorm };
  });
  return { dists, weights, dims };
}

function categoricalDim(k: number, x: Float64Array, priorWeight: number): Dim {
  const n = x.length;
  const probs = new Float64Array((n + 1) * k).fill(priorWeight / (n + 1));
  for (let i = 0; i < n; i++) probs[i * k + x[i]!]! += 1;
  for (let i = 0; i <= n; i++) {
    let s = 0;
    for (let c = 0; c < k; c++) s += probs[i * k + c]!;
    for (let c = 0; c < k; c++) probs[i * k + c]! /= s;
  }
  return { kind: 'categorical', k, probs };
}

/** Each kernel as wide as its larger gap to a neighbour; the outermost ones use their inner gap. */
function neighbourSigmas(mus: Float64Array, low: number, high: number): Float64Array {
  const m = mus.length;
  const order = [...mus.keys()].sort((a, b) => mus[a]! - mus[b]! || a - b);
  const ext = [low, ...order.map((i) => mus[i]!), high];
  const sorted = new Float64Array(m);
  for (let i = 0; i < m; i++) sorted[i] = Math.max(ext[i + 1]! - ext[i]!, ext[i + 2]! - ext[i + 1]!);
  if (ext.length >= 4) {
    sorted[0] = ext[2]! - ext[1]!;
    sorted[m - 1] = ext[m]! - ext[m - 1]!;
  }
  const sigmas = new Float64Array(m);
  order.forEach((idx, rank) => { sigmas[idx] = sorted[rank]!; });
  return sigmas;
}

function pickComponent(weights: Float64Array, u: number): number {
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i]!;
    if (u < acc) return i;
  }
  return weights.length - 1;
}

/** `size` draws, each a decoded value per dimension. */
export function sampleParzen(est: ParzenEstimator, rng: Rng, size: number): number[][] {
  const active = Array.from({ length: size }, () => pickComponent(est.weights, rng.random()));
  const out = est.dims.map((dim, j) => active.map((c) => {
    const d = est.dists[j]!;
    if (dim.kind === 'categorical') return pickComponent(dim.probs.subarray(c * dim.k, (c + 1) * dim.k), rng.random());
    const mu = dim.mus[c]!;
    const s = dim.sigmas[c]!;
    return decode(d, truncPpf(rng.random(), (dim.low - mu) / s, (dim.high - mu) / s) * s + mu);
  }));
  return active.map((_, i) => out.map((col) => col[i]!));
}

/** log density (or mass, for discrete parameters) of each decoded sample under the mixture. */
export function logPdfParzen(est: ParzenEstimator, samples: readonly number[][]): Float64Array {
  const m = est.weights.length;
  const logW = est.weights.map(Math.log);
  const out = new Float64Array(samples.length);
  const comp = new Float64Array(m);
  samples.forEach((sample, s) => {
    comp.set(logW);
    est.dims.forEach((dim, j) => {
      const v = sample[j]!;
      if (dim.kind === 'categorical') {
        for (let c = 0; c < m; c++) comp[c]! += Math.log(dim.probs[c * dim.k + v]!);
        return;
      }
      const x = encode(est.dists[j]!, v);
      for (let c = 0; c < m; c++) comp[c]! += numericLogPdf(dim, x, c);
    });
    let max = -Infinity;
    for (let c = 0; c < m; c++) max = Math.max(max, comp[c]!);
    let sum = 0;
    for (let c = 0; c < m; c++) sum += Math.exp(comp[c]! - max);
    out[s] = Math.log(sum) + max;
  });
  return out;
}

/**
 * As in Optuna 3.1, a continuous kernel's log density is normalized by its truncated mass but
 * not by log(sigma): narrow kernels count for less than a true density would make them. Kept
 * because it is the reference's formula and measured better (bench/search.mjs: Branin 0.41 vs
 * 0.43 median best at 100 trials with the -log(sigma) term, the other functions even).
 */
function numericLogPdf(dim: Extract<Dim, { kind: 'numeric' }>, x: number, c: number): number {
  const mu = dim.mus[c]!;
  const s = dim.sigmas[c]!;
  if (dim.q === undefined) return x < dim.low || x > dim.high ? -Infinity : normLogPdf((x - mu) / s) - dim.logNorm[c]!;
  const lo = (Math.max(x - dim.q / 2, dim.low) - mu) / s;
  const hi = (Math.min(x + dim.q / 2, dim.high) - mu) / s;
  return logGaussMass(lo, hi) - dim.logNorm[c]!;
}
