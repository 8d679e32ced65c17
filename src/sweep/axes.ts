/**
 * One axis of the basic sweeper's grid: the rendered `key=value` strings one override expands to.
 * Integer ranges stay lazy (`range(1000000)` costs nothing until a job asks for its value);
 * everything else is small and rendered up front.
 */
import type { Override, ParsedValue, Sweep } from '../overrides/types.js';
import { isSweep } from '../overrides/types.js';
import { renderKey, renderValue } from '../overrides/render.js';
import { floatRange } from '../overrides/float-range.js';
import { createPyRandom, type PyRandom } from '../overrides/python-random.js';
import { pyFloatRepr } from '../value/value.js';
import { compileGlob } from './fnmatch.js';
import { SweepError } from './errors.js';
import { zipColumns, zipRow } from './zip.js';

export interface Axis {
  /** `+a`, `db@pkg`, `~b`: the sweeper's identity of an override (prefix included, as Hydra's). */
  key: string;
  size: number;
  /** One override string; a zip's axis gives one per member. */
  at(index: number): string | readonly string[];
}

export interface AxisContext {
  listGroupOptions?: (group: string) => string[];
  /** Random source for shuffles without their own `seed=`. */
  rng: PyRandom;
}

export function axisOf(o: Override, ctx: AxisContext): Axis {
  const key = renderKey(o);
  const v = o.value;
  if (!isSweep(v)) {
    const only = `${key}=${v === undefined ? 'null' : renderValue(v)}`;
    return { key, size: 1, at: () => only };
  }
  return { key, ...sweepValues(o, key, v, ctx) };
}

const listAxis = (values: string[]): Omit<Axis, 'key'> => ({ size: values.length, at: (i) => values[i]! });

function sweepValues(o: Override, key: string, v: Sweep, ctx: AxisContext): Omit<Axis, 'key'> {
  switch (v.kind) {
    case 'zip': {
      const columns = zipColumns(o, v, (m) => {
        const a = sweepValues(m, renderKey(m), m.value as Sweep, ctx);
        return Array.from({ length: a.size }, (_, i) => a.at(i) as string);
      });
      return { size: columns[0]!.length, at: (i) => zipRow(columns, i) };
    }
    case 'choice': {
      const items = v.shuffle ? shuffled(v.items, v.seed, ctx) : v.items;
      return listAxis(items.map((x: ParsedValue) => `${key}=${renderValue(x)}`));
    }
    case 'range': {
      if (v.isFloat || v.shuffle) {
        const nums = v.isFloat ? [...floatRange(v.start, v.stop, v.step)] : intRange(v.start, v.stop, v.step);
        const ordered = v.shuffle ? shuffled(nums, v.seed, ctx) : nums;
        return listAxis(ordered.map((n) => `${key}=${v.isFloat ? pyFloatRepr(n) : String(n)}`));
      }
      const size = Math.max(0, Math.ceil((v.stop - v.start) / v.step));
      return { size, at: (i) => `${key}=${v.start + i * v.step}` };
    }
    case 'glob': {
      // Options are written as they are (Hydra does not re-render glob results).
      const options = [...(ctx.listGroupOptions?.(o.key) ?? [])].sort();
      const include = v.include.map(compileGlob);
      const exclude = v.exclude.map(compileGlob);
      const match = (name: string, globs: RegExp[]): boolean => globs.some((g) => g.test(name));
      return listAxis(options.filter((n) => match(n, include) && !match(n, exclude)).map((n) => `${key}=${n}`));
    }
    case 'interval':
      throw new SweepError({
        code: 'SWEEP_UNSUPPORTED', message: `The basic sweeper does not support interval sweeps: '${o.input}' (BasicSweeper does not support sweep type : INTERVAL_SWEEP)`,
        hint: 'Use range(start, stop, step) or choice(...) for a grid; interval() is for search sweepers.',
      });
  }
}

export function intRange(start: number, stop: number, step: number): number[] {
  const out: number[] = [];
  for (let x = start; step > 0 ? x < stop : x > stop; x += step) out.push(x);
  return out;
}

function shuffled<T>(items: readonly T[], seed: number | undefined, ctx: AxisContext): T[] {
  const rng = seed === undefined ? ctx.rng : createPyRandom(seed);
  return rng.shuffle([...items]);
}
