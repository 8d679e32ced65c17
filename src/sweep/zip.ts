/**
 * A zip dimension expanded: its i-th value is the i-th value of every member, so members must
 * have the same number of values; and a key set by a zip member must not be set by another
 * override too (which of the two would win is not something to leave to order).
 */
import type { Override, Sweep } from '../overrides/types.js';
import { renderKey } from '../overrides/render.js';
import { SweepError } from './errors.js';

type Zip = Extract<Sweep, { kind: 'zip' }>;

/** Each member's values (its `key=value` strings), checked to line up. */
export function zipColumns(o: Override, zip: Zip, valuesOf: (member: Override) => string[]): string[][] {
  const columns = zip.members.map(valuesOf);
  const first = columns[0]!;
  columns.forEach((c, j) => {
    if (c.length !== first.length) {
      const a = renderKey(zip.members[0]!);
      const b = renderKey(zip.members[j]!);
      throw new SweepError({
        code: 'SWEEP_ZIP_LENGTH', message: `zip '${o.key}' ('${o.input}'): member '${a}' has ${first.length} value${first.length === 1 ? '' : 's'} but '${b}' has ${c.length}`,
        hint: 'Members of a zip advance together: give each the same number of values.',
      });
    }
  });
  return columns;
}

/** The overrides of tuple `i`: one per member. */
export function zipRow(columns: readonly string[][], i: number): string[] {
  return columns.map((c) => c[i]!);
}

/** Rejects a key set both by a zip member and by another override (or another zip). */
export function checkZipKeys(overrides: Iterable<Override>): void {
  const list = [...overrides];
  const owner = new Map<string, string>();
  for (const o of list) {
    if (o.value?.kind !== 'zip') continue;
    for (const m of o.value.members) {
      const key = renderKey(m);
      const prev = owner.get(key);
      if (prev !== undefined && prev !== o.key) conflict(key, `zip '${prev}'`, `zip '${o.key}'`);
      owner.set(key, o.key);
    }
  }
  for (const o of list) {
    const zip = o.value?.kind === 'zip' ? undefined : owner.get(renderKey(o));
    if (zip !== undefined) conflict(renderKey(o), `zip '${zip}'`, `'${o.input}'`);
  }
}

function conflict(key: string, a: string, b: string): never {
  throw new SweepError({
    code: 'SWEEP_ZIP_CONFLICT', message: `'${key}' is set by ${a} and by ${b}`,
    hint: 'A key a zip() sets takes its values from the zip only: drop the other override or add its values to the zip.',
  });
}
