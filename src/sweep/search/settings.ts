/**
 * `orch.sweeper.*` of a search sweeper (random, tpe) to the study's settings: what the run loop
 * records in the plan (so `orch resume` rebuilds the same study without reading `config/`) and
 * turns into StudyOptions. Types were checked by sweeper-settings.ts; what is checked here is what
 * only a search needs (a metric to optimise, sampler keys); the pruner is read by pruner-config.ts.
 */
import { didYouMean, sentences } from '../../errors.js';
import type { SearchSpace } from './distribution.js';
import { SearchError } from './errors.js';
import { createPruner, type PrunerConfig } from './pruners/create.js';
import { prunerConfigOf } from './pruners/pruner-config.js';
import { createRandomSampler } from './random-sampler.js';
import type { Direction, StudyOptions } from './study-options.js';
import { createTpeSampler, TPE_DEFAULTS, type TpeOptions } from './tpe.js';

export const SEARCH_SWEEPERS = ['random', 'tpe'] as const;
export type SearchSweeper = (typeof SEARCH_SWEEPERS)[number];

/** Plain JSON: it is written into the plan header as it is. */
export interface SearchSettings {
  sweeper: SearchSweeper;
  nTrials: number;
  /** Dotted key path into the job's metrics.json. */
  metric: string;
  direction: Direction;
  seed: number;
  maxFailures?: number;
  pruner?: PrunerConfig;
  /** TPE only; `nStartupTrials` comes from `orch.sweeper.n_startup_trials`. */
  tpe?: Partial<TpeOptions>;
}

export const isSearchSweeper = (name: unknown): name is SearchSweeper => SEARCH_SWEEPERS.includes(name as SearchSweeper);

const SAMPLER_KEYS: Record<string, keyof TpeOptions> = {
  n_ei_candidates: 'nEiCandidates', multivariate: 'multivariate', constant_liar: 'constantLiar', prior_weight: 'priorWeight',
};

const bad = (key: string, what: string, hint?: string): never => {
  throw new SearchError({ code: 'SEARCH_OPTIONS', message: `orch.sweeper.${key}: ${what}`, hint });
};

/** The settings of a resolved `orch.sweeper` node (plain JSON) whose name is a search sweeper. */
export function searchSettingsOf(node: Record<string, unknown>): SearchSettings {
  const sweeper = node.name as SearchSweeper;
  const metric = node.metric;
  if (typeof metric !== 'string' || metric === '') {
    bad('metric', 'not set: a search needs the value to optimise', 'Set orch.sweeper.metric to a key path into the metrics.json of a job (what a TypeScript task returns), e.g. orch.sweeper.metric=val.accuracy.');
  }
  const out: SearchSettings = {
    sweeper,
    nTrials: (node.n_trials as number | null | undefined) ?? 20,
    metric: metric as string,
    direction: (node.direction as Direction | null | undefined) ?? 'minimize',
    seed: (node.seed as number | null | undefined) ?? 0,
  };
  if (typeof node.max_failures === 'number') out.maxFailures = node.max_failures;
  const pruner = prunerConfigOf(node.pruner);
  if (pruner) out.pruner = pruner;
  if (sweeper === 'tpe') out.tpe = tpeOf(node);
  return out;
}

function tpeOf(node: Record<string, unknown>): Partial<TpeOptions> {
  const tpe: Partial<TpeOptions> = {};
  if (typeof node.n_startup_trials === 'number') tpe.nStartupTrials = node.n_startup_trials;
  const sampler = (node.sampler ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(sampler)) {
    const field = SAMPLER_KEYS[key];
    if (!field) {
      bad(`sampler.${key}`, 'not a setting of the tpe sampler',
        sentences(didYouMean(key, Object.keys(SAMPLER_KEYS), (near) => `orch.sweeper.sampler.${near}`), `TPE settings: ${Object.keys(SAMPLER_KEYS).join(', ')}.`));
    }
    const want = typeof TPE_DEFAULTS[field];
    if (typeof value !== want) bad(`sampler.${key}`, `expected a ${want}, got ${JSON.stringify(value)}`);
    (tpe as Record<string, unknown>)[field] = value;
  }
  return tpe;
}

/** The study a search's settings and space make (the same on every resume). */
export function studyOptionsOf(s: SearchSettings, space: SearchSpace): StudyOptions {
  return {
    space,
    sampler: s.sweeper === 'tpe' ? createTpeSampler(s.tpe) : createRandomSampler(),
    nTrials: s.nTrials,
    direction: s.direction,
    seed: s.seed,
    maxFailures: s.maxFailures,
    pruner: s.pruner ? createPruner(s.pruner, s.direction) : undefined,
  };
}
