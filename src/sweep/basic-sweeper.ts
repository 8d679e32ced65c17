/**
 * Hydra's basic sweeper: the cartesian product of every override's values, each job a list of
 * rendered override strings. Order (what makes job numbers match Hydra's):
 *   - `orch.sweeper.params` entries first, in config order, then command-line overrides in order;
 *   - overrides are identified by their rendered key (`a`, `+a`, `db@pkg`); a later one with the
 *     same key replaces the value but keeps the earlier position;
 *   - the first key varies slowest.
 * Overrides of the reserved `orch` node configure the run and are not part of any job's list.
 * Jobs are computed on demand (`at(i)`, iteration), so a 100,000-job grid costs one small array
 * per job and nothing up front.
 */
import type { Override } from '../overrides/types.js';
import { parseOverride } from '../overrides/parser.js';
import { createPyRandom } from '../overrides/python-random.js';
import { OverrideParseError } from '../overrides/errors.js';
import { pyStr, type CfgValue } from '../value/value.js';
import { axisOf, type Axis } from './axes.js';
import { SweepError } from './errors.js';
import { isReservedOverride } from '../overrides/run-mode.js';
import { checkZipKeys } from './zip.js';

export interface BasicSweepInput {
  /** Parsed command-line overrides, in command-line order. */
  overrides: readonly Override[];
  /** `orch.sweeper.params` of the composed config (key -> override value text), in config order. */
  params?: ReadonlyMap<string, CfgValue>;
  /** Options of a config group, for `glob()`; [] when the key is not a group (zero jobs). */
  listGroupOptions?: (group: string) => string[];
  /** Seed for shuffles written without `seed=`; a random one when absent. */
  seed?: number;
}

export interface SweepJobs extends Iterable<string[]> {
  /** Number of jobs (0 when some sweep expands to nothing). */
  readonly count: number;
  /** Keys of the grid axes in product order, with their sizes. */
  readonly axes: ReadonlyArray<{ key: string; size: number }>;
  /** Overrides of job `index` (0-based, launch order). */
  at(index: number): string[];
  /** Jobs in batches of at most `size` (Hydra's `max_batch_size`); one batch when absent. */
  batches(size?: number): Generator<string[][]>;
}

export function expandBasicSweep(input: BasicSweepInput): SweepJobs {
  const overrides = [...paramOverrides(input.params), ...input.overrides.filter((o) => !isReservedOverride(o))];
  const ctx = {
    listGroupOptions: input.listGroupOptions,
    rng: createPyRandom(input.seed ?? Math.floor(Math.random() * 2 ** 32)),
  };
  checkZipKeys(overrides);
  const byKey = new Map<string, Axis>();
  for (const o of overrides) {
    const axis = axisOf(o, ctx);
    byKey.set(axis.key, axis); // Map.set keeps the first position of a repeated key
  }
  return createJobs([...byKey.values()]);
}

/** `orch.sweeper.params` as override strings `key=value`, non-strings written as Python's str(). */
export function paramOverrides(params: ReadonlyMap<string, CfgValue> | undefined): Override[] {
  if (!params) return [];
  return [...params].map(([key, value]) => {
    const text = `${key}=${typeof value === 'string' ? value : pyStr(value)}`;
    try {
      return parseOverride(text);
    } catch (e) {
      if (!(e instanceof OverrideParseError)) throw e;
      throw new SweepError({ code: 'SWEEP_PARAMS', message: `In orch.sweeper.params.${key}: ${e.message}`, hint: e.hint });
    }
  });
}

function createJobs(axes: Axis[]): SweepJobs {
  const count = axes.reduce((n, a) => n * a.size, 1);
  // A zip's axis puts several overrides in one slot; only then is a job's row flattened.
  const zipped = axes.some((a) => a.size > 0 && typeof a.at(0) !== 'string');
  const row = (cells: Array<string | readonly string[]>): string[] => (zipped ? cells.flat() : [...cells as string[]]);
  const at = (index: number): string[] => {
    if (!Number.isInteger(index) || index < 0 || index >= count) throw new RangeError(`job ${index} is outside 0..${count - 1}`);
    const out = new Array<string | readonly string[]>(axes.length);
    let rest = index;
    for (let k = axes.length - 1; k >= 0; k--) {
      const a = axes[k]!;
      out[k] = a.at(rest % a.size);
      rest = Math.floor(rest / a.size);
    }
    return row(out);
  };
  function* iterate(): Generator<string[]> {
    if (count === 0) return;
    // Odometer: the last axis turns fastest; each job is one fresh array.
    const idx = new Array<number>(axes.length).fill(0);
    const current = axes.map((a) => a.at(0));
    for (;;) {
      yield row(current);
      let k = axes.length - 1;
      while (k >= 0) {
        const a = axes[k]!;
        if (++idx[k]! < a.size) {
          current[k] = a.at(idx[k]!);
          break;
        }
        idx[k] = 0;
        current[k] = a.at(0);
        k--;
      }
      if (k < 0) return;
    }
  }
  return {
    count,
    axes: axes.map((a) => ({ key: a.key, size: a.size })),
    at,
    [Symbol.iterator]: iterate,
    *batches(size?: number) {
      if (size !== undefined && (!Number.isInteger(size) || size <= 0)) throw new RangeError('batch size must be a positive integer');
      let batch: string[][] = [];
      for (const job of iterate()) {
        batch.push(job);
        if (size !== undefined && batch.length === size) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0 || (size === undefined && count === 0)) yield batch;
    },
  };
}

