/**
 * Trials as the study records them: what was proposed (the rendered value of each searched
 * parameter, which is also what the journal keeps) and what came back.
 */
import type { SearchSpace } from './distribution.js';
import { render } from './internal.js';
import { SearchError } from './errors.js';

export type TrialResult =
  | { trial: number; state: 'completed'; value: number }
  | { trial: number; state: 'failed'; error?: string }
  /** `value`/`step`: the last intermediate value reported and its step; `resources`: what it used. */
  | { trial: number; state: 'pruned'; value?: number; step?: number; resources?: Record<string, number> };

export interface Proposal {
  trial: number;
  /** Searched parameter -> override value text. */
  params: Record<string, string>;
  /** The trial's overrides, fixed ones included, in override order. */
  overrides: string[];
}

/** One entry of the study's history: a trial without `result` was still running. */
export interface TrialRecord {
  trial: number;
  params: Record<string, string>;
  result?: TrialResult;
  /** Intermediate values reported, `[step, value]` in report order (what pruners decide from). */
  intermediate?: Array<[number, number]>;
}

export function paramsOf(space: SearchSpace, values: readonly number[]): Record<string, string> {
  const out: Record<string, string> = {};
  space.params.forEach((p, j) => { out[p.key] = render(p.dist, values[j]!); });
  return out;
}

/** Decoded values back from rendered texts (a record read from a journal, or a fresh proposal). */
export function valuesOf(space: SearchSpace, trial: number, params: Readonly<Record<string, string>>): number[] {
  return space.params.map(({ key, dist }) => {
    const text = params[key];
    const bad = (why: string): never => {
      throw new SearchError({
        code: 'SEARCH_TRIAL', message: `Trial ${trial}: parameter '${key}' ${why}`,
        hint: 'The search space changed since this study started; resume it with the same parameters or start a new sweep.',
      });
    };
    if (text === undefined) return bad('is missing from its record');
    if (dist.kind === 'categorical') {
      const i = dist.choices.indexOf(text);
      return i >= 0 ? i : bad(`is '${text}', not one of ${dist.choices.join(', ')}`);
    }
    const v = Number(text);
    if (!Number.isFinite(v) || v < dist.low || v > dist.high) bad(`is '${text}', outside [${dist.low}, ${dist.high}]`);
    return v;
  });
}

export function overridesOf(space: SearchSpace, params: Readonly<Record<string, string>>): string[] {
  const fixed = new Map(space.fixed);
  const zips = new Map(space.params.filter((p) => p.zip).map((p) => [p.key, p.zip!]));
  return space.order.flatMap((key) => fixed.get(key) ?? zips.get(key)?.[params[key]!] ?? `${key}=${params[key]}`);
}
