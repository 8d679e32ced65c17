/**
 * The typed distributions of a search parameter, with the same meaning as Optuna's
 * FloatDistribution / IntDistribution / CategoricalDistribution: bounds are inclusive, `step`
 * makes a numeric parameter discrete, `log` samples it on a log scale.
 */
export type Distribution =
  | { kind: 'float'; low: number; high: number; log: boolean; step?: number }
  | { kind: 'int'; low: number; high: number; log: boolean; step: number }
  /** Choices are override value texts (`net2`, `0.5`, `'a b'`), written into the job as they are. */
  | { kind: 'categorical'; choices: string[] };

export interface SearchParam {
  /** The override's rendered key (`optimizer.lr`, `+extra`, `db@pkg`). */
  key: string;
  dist: Distribution;
  /** The override as written, for error messages. */
  input: string;
  /** A zip's tuples: choice text -> the member overrides a trial gets for it (instead of `key=choice`). */
  zip?: Readonly<Record<string, readonly string[]>>;
}

export interface SearchSpace {
  params: SearchParam[];
  /** Overrides every trial gets unchanged, by key: `[key, 'key=value']`. */
  fixed: Array<[string, string]>;
  /** Every key, searched or fixed, in override order: the order of a trial's overrides. */
  order: string[];
}

/** A parameter's value in the sampler's own terms: a number, or the index of a choice. */
export type InternalValue = number;
