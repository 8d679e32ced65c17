/**
 * Python ordering of parsed values, as `sorted()` uses it in `sort(...)`: numbers (bools count as
 * numbers) compare by value, strings by code point, lists element-wise; anything else, or a mix
 * of strings and numbers, is a TypeError in Python and an error here.
 */

/**
 * The shape of a value this ordering reads (the override grammar's parsed values fit it): numbers
 * and bools carry `value`, strings `text`, lists `items`; any other kind is not orderable.
 */
export interface PyOrderable {
  readonly kind: string;
  readonly value?: unknown;
  readonly text?: string;
  readonly items?: readonly PyOrderable[];
}

export function pyCompare(a: PyOrderable, b: PyOrderable): number {
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== undefined && nb !== undefined) return na < nb ? -1 : na > nb ? 1 : 0;
  if (a.kind === 'string' && b.kind === 'string') return compareCodePoints(a.text!, b.text!);
  if (a.kind === 'list' && b.kind === 'list' && a.items && b.items) {
    const n = Math.min(a.items.length, b.items.length);
    for (let i = 0; i < n; i++) {
      const c = pyCompare(a.items[i]!, b.items[i]!);
      if (c !== 0) return c;
    }
    return a.items.length - b.items.length;
  }
  throw new Error(`'<' not supported between instances of '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
}

function numeric(v: PyOrderable): number | undefined {
  if (v.kind === 'int' || v.kind === 'float') return v.value as number;
  if (v.kind === 'bool') return v.value ? 1 : 0;
  return undefined;
}

/** Python compares str by code point; JS `<` compares UTF-16 units (differs above U+FFFF). */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(i)!;
    if (ca !== cb) return ca < cb ? -1 : 1;
    if (ca > 0xffff) i++;
  }
  return a.length - b.length;
}

export function pyTypeName(v: { kind: string }): string {
  const names: Record<string, string> = {
    int: 'int', float: 'float', bool: 'bool', null: 'NoneType', string: 'str', list: 'list', dict: 'dict',
    choice: 'ChoiceSweep', range: 'RangeSweep', interval: 'IntervalSweep', glob: 'Glob',
  };
  return names[v.kind] ?? v.kind;
}
