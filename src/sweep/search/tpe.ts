/**
 * The tree-structured Parzen estimator, as Optuna's TPESampler: after `nStartupTrials` finished
 * trials sampled at random, trials are split into the best gamma(n) = min(ceil(0.1 n), 25)
 * ("below") and the rest ("above"); `nEiCandidates` points drawn from l(x) (the Parzen estimator
 * of the below trials) are scored by log l(x) - log g(x) and the best is proposed. Pruned trials
 * rank after completed ones, the ones that got further first; with `constantLiar`, running trials
 * join "above" as if they had the worst value, so parallel proposals move away from each other.
 * `multivariate` (the default) models the parameters jointly, one estimator over all of them;
 * otherwise one estimator per parameter, which is Optuna's default (independent sampling).
 */
import type { Distribution } from './distribution.js';
import { createParzen, logPdfParzen, sampleParzen, type ParzenOptions } from './parzen.js';
import { sampleUniform } from './random-sampler.js';
import type { Observation, SampleContext, Sampler } from './sampler.js';

export interface TpeOptions {
  nStartupTrials: number;
  nEiCandidates: number;
  multivariate: boolean;
  constantLiar: boolean;
  priorWeight: number;
}

export const TPE_DEFAULTS: TpeOptions = { nStartupTrials: 10, nEiCandidates: 24, multivariate: true, constantLiar: true, priorWeight: 1 };

export const defaultGamma = (n: number): number => Math.min(Math.ceil(0.1 * n), 25);

/** Optuna's ranking key: completed by loss, then pruned by (-step, value), running last. */
function rankKey(o: Observation): [number, number] {
  if (o.state === 'completed') return [-Infinity, o.loss!];
  if (o.state === 'running') return [Infinity, Infinity];
  if (o.step === undefined) return [1, 0];
  return [-o.step, o.loss === undefined || Number.isNaN(o.loss) ? Infinity : o.loss];
}

/** The below and above trials, each in trial-number order (the weights favour recent ones). */
export function splitTrials(history: readonly Observation[], nBelow: number): [Observation[], Observation[]] {
  const keyed = history.map((o, i) => ({ o, i, k: rankKey(o) }));
  keyed.sort((x, y) => x.k[0] - y.k[0] || x.k[1] - y.k[1] || x.i - y.i || 0);
  const byNumber = (a: Observation, b: Observation): number => a.number - b.number;
  return [keyed.slice(0, nBelow).map((x) => x.o).sort(byNumber), keyed.slice(nBelow).map((x) => x.o).sort(byNumber)];
}

export function createTpeSampler(options: Partial<TpeOptions> = {}): Sampler {
  const opts = { ...TPE_DEFAULTS, ...options };
  const parzen: ParzenOptions = { priorWeight: opts.priorWeight };
  return {
    name: 'tpe',
    sample(ctx: SampleContext): number[] {
      const history = opts.constantLiar ? ctx.history : ctx.history.filter((o) => o.state !== 'running');
      const n = history.filter((o) => o.state !== 'running').length;
      if (n < opts.nStartupTrials) return ctx.dists.map((d) => sampleUniform(d, ctx.rng));
      const [below, above] = splitTrials(history, defaultGamma(n));
      const groups = opts.multivariate ? [ctx.dists.map((_, j) => j)] : ctx.dists.map((_, j) => [j]);
      const out = new Array<number>(ctx.dists.length);
      for (const group of groups) {
        const dists = group.map((j) => ctx.dists[j]!);
        const best = proposeGroup(dists, group, below, above, ctx, opts.nEiCandidates, parzen);
        group.forEach((j, k) => { out[j] = best[k]!; });
      }
      return out;
    },
  };
}

function columns(trials: readonly Observation[], group: readonly number[]): Float64Array[] {
  return group.map((j) => Float64Array.from(trials, (o) => o.values[j]!));
}

function proposeGroup(dists: Distribution[], group: number[], below: Observation[], above: Observation[],
  ctx: SampleContext, nCandidates: number, parzen: ParzenOptions): number[] {
  const l = createParzen(dists, columns(below, group), parzen);
  const g = createParzen(dists, columns(above, group), parzen);
  const candidates = sampleParzen(l, ctx.rng, nCandidates);
  const ll = logPdfParzen(l, candidates);
  const lg = logPdfParzen(g, candidates);
  let best = 0;
  for (let i = 1; i < candidates.length; i++) if (ll[i]! - lg[i]! > ll[best]! - lg[best]!) best = i;
  return candidates[best]!;
}
