/**
 * The search space of a search sweeper, read from the override grammar the way Hydra's Optuna
 * sweeper reads it (`create_optuna_distribution_from_override`):
 *   interval(a, b)             float in [a, b]
 *   int(interval(a, b))        int in [a, b]
 *   tag(log, interval(a, b))   the same on a log scale
 *   range(a, b, step)          int (or float when any bound is a float) from a up to b by step,
 *                              b included when it is on the step grid (Optuna's IntDistribution
 *                              high; so range(32, 513, 32) is 32..512, as it is for Hydra)
 *   shuffle(range(...))        categorical over the range's values (Hydra does the same)
 *   choice(...), a,b,c         categorical; config group options (model=net2,net5) are choices too
 *   zip(a=choice(...), ...)    categorical over the tuples (orch extension; a trial gets the members)
 *   anything else              a fixed value, given to every trial
 * Sources and order are the basic sweeper's: `orch.sweeper.params` first, then the command line;
 * a repeated key keeps its first position and takes the last value.
 */
import type { Override, ParsedValue, Sweep } from '../../overrides/types.js';
import { isSweep } from '../../overrides/types.js';
import { renderKey, renderValue } from '../../overrides/render.js';
import { floatRange } from '../../overrides/float-range.js';
import { pyFloatRepr, type CfgValue } from '../../value/value.js';
import { paramOverrides } from '../basic-sweeper.js';
import { isReservedOverride } from '../../overrides/run-mode.js';
import type { Distribution, SearchParam, SearchSpace } from './distribution.js';
import { SearchError } from './errors.js';
import { checkZipKeys } from '../zip.js';
import { axisOf, intRange } from '../axes.js';
import { createPyRandom } from '../../overrides/python-random.js';

export interface SearchSpaceInput {
  overrides: readonly Override[];
  params?: ReadonlyMap<string, CfgValue>;
}

const HINT = 'A search parameter is interval(a, b), int(interval(a, b)), tag(log, interval(a, b)), ' +
  'range(a, b, step), choice(x, y, ...) or x,y,...; any other value is fixed for every trial.';

export function searchSpaceOf(input: SearchSpaceInput): SearchSpace {
  const all = [...paramOverrides(input.params), ...input.overrides.filter((o) => !isReservedOverride(o))];
  const byKey = new Map<string, Override>();
  for (const o of all) byKey.set(renderKey(o), o);
  checkZipKeys(byKey.values());
  const params: SearchParam[] = [];
  const fixed: Array<[string, string]> = [];
  for (const [key, o] of byKey) {
    const v = o.value;
    if (v?.kind === 'zip') params.push(zipParam(key, o));
    else if (isSweep(v)) params.push({ key, dist: distributionOf(key, o, v), input: o.input });
    else fixed.push([key, `${key}=${v === undefined ? 'null' : renderValue(v)}`]);
  }
  return { params, fixed, order: [...byKey.keys()] };
}

function fail(key: string, o: Override, what: string): never {
  throw new SearchError({ code: 'SEARCH_SPACE', message: `Search parameter '${key}' ('${o.input}'): ${what}`, hint: HINT });
}

/**
 * A zip as one categorical whose choices are its tuples (`member=v,member=w`), expanded as the
 * grid expands it (members are never shuffled, so no random source is drawn from).
 */
function zipParam(key: string, o: Override): SearchParam {
  const axis = axisOf(o, { rng: createPyRandom(0) });
  if (axis.size === 0) fail(key, o, 'the zip has no values');
  const zip: Record<string, readonly string[]> = {};
  for (let i = 0; i < axis.size; i++) {
    const row = axis.at(i) as readonly string[];
    zip[row.join(',')] = row;
  }
  return { key, dist: { kind: 'categorical', choices: Object.keys(zip) }, input: o.input, zip };
}

export function distributionOf(key: string, o: Override, v: Sweep): Distribution {
  switch (v.kind) {
    case 'zip':
      return fail(key, o, 'a zip() cannot be a zip member');
    case 'choice':
      if (v.items.length === 0) fail(key, o, 'a choice needs at least one option');
      return { kind: 'categorical', choices: v.items.map((x) => choiceText(key, o, x)) };
    case 'range':
      return rangeDistribution(key, o, v);
    case 'interval':
      return intervalDistribution(key, o, v);
    case 'glob':
      return fail(key, o, 'glob() cannot be searched (the Optuna sweeper rejects it too)');
  }
}

function choiceText(key: string, o: Override, x: ParsedValue): string {
  if (x.kind === 'list' || x.kind === 'dict') {
    fail(key, o, `a choice option must be a string, number, bool or null, not a ${x.kind} (${renderValue(x)})`);
  }
  return renderValue(x);
}

function rangeDistribution(key: string, o: Override, v: Extract<Sweep, { kind: 'range' }>): Distribution {
  if (v.shuffle) {
    const values = v.isFloat ? [...floatRange(v.start, v.stop, v.step)].map(pyFloatRepr) : intRange(v.start, v.stop, v.step).map(String);
    if (values.length === 0) fail(key, o, 'the range is empty');
    return { kind: 'categorical', choices: values };
  }
  if (!(v.step > 0)) fail(key, o, `a searched range needs a positive step, got ${v.step}`);
  if (v.stop < v.start) fail(key, o, `the range is empty (stop ${v.stop} is below start ${v.start})`);
  const log = v.tags.includes('log');
  if (log) fail(key, o, 'a range has a step and cannot also be log-scaled; use tag(log, interval(a, b)) or int(tag(log, interval(a, b)))');
  const high = onGrid(v.start, v.stop, v.step);
  if (v.isFloat) return { kind: 'float', low: v.start, high, log: false, step: v.step };
  return { kind: 'int', low: v.start, high, log: false, step: v.step };
}

/** The largest value low + k*step <= high, as Optuna adjusts `high` (Decimal-exact for floats). */
function onGrid(low: number, high: number, step: number): number {
  const k = Math.floor((high - low) / step + 1e-9);
  const last = low + k * step;
  return Math.abs(last - high) <= 1e-9 * Math.max(1, Math.abs(high)) ? high : Number(last.toPrecision(15));
}

function intervalDistribution(key: string, o: Override, v: Extract<Sweep, { kind: 'interval' }>): Distribution {
  const log = v.tags.includes('log');
  if (!(v.start < v.end)) fail(key, o, `an interval needs start < end, got interval(${v.start}, ${v.end})`);
  if (log && v.isInt && v.start < 1) fail(key, o, `a log-scaled int interval needs start >= 1, got ${v.start}`);
  if (log && !(v.start > 0)) fail(key, o, `a log-scaled interval needs start > 0, got ${v.start}`);
  if (v.isInt) return { kind: 'int', low: v.start, high: v.end, log, step: 1 };
  return { kind: 'float', low: v.start, high: v.end, log };
}
