/**
 * JSON as tasks write it. Python's `json.dump` writes a diverged loss as the bare token `NaN` (and
 * `Infinity`, `-Infinity`), which `JSON.parse` rejects; these read and write that dialect, so the
 * same files round-trip between orch, TypeScript tasks and Python tasks with no value lost.
 */
import { pyJsonNumber } from '../value/value.js';
import { StoreError } from './errors.js';

/** `JSON.stringify`, except that non-finite numbers are written as `NaN`/`Infinity`/`-Infinity`, not `null`. */
export function stringifyTaskJson(value: unknown, indent = 0): string {
  return nativeTaskJson(value, indent) ?? write(value, indent ? ' '.repeat(indent) : '', '') ?? 'null';
}

/**
 * A string no finite number is written as: non-finite numbers become it (plus their spelling) in
 * the native stringifier, and are spelled out after. Escaped as JSON writes it (`\u0000`).
 */
const NON_FINITE = '\u0000orch:non-finite:';
const NON_FINITE_WRITTEN = /"\\u0000orch:non-finite:(NaN|Infinity|-Infinity)"/g;

/**
 * The native stringifier with non-finite numbers spelled as tasks write them: 4× faster than the
 * JS writer below on a 100,000-job results.json or `status --json`. Undefined (take the JS writer)
 * when the marker text was found more often than numbers were marked: some string holds it.
 */
function nativeTaskJson(value: unknown, indent: number): string | undefined {
  let marked = 0;
  const mark = (_key: string, v: unknown): unknown => {
    if (typeof v !== 'number' || Number.isFinite(v)) return v;
    marked++;
    return NON_FINITE + (Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity');
  };
  const text = JSON.stringify(value, mark, indent || undefined) as string | undefined;
  if (text === undefined || marked === 0) return text;
  let found = 0;
  const out = text.replace(NON_FINITE_WRITTEN, (_m, spelling: string) => (found++, spelling));
  return found === marked ? out : undefined;
}

function write(v: unknown, step: string, pad: string): string | undefined {
  if (typeof v === 'number') return pyJsonNumber(v);
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(v);
  const inner = pad + step;
  const open = step ? '\n' + inner : '';
  const close = step ? '\n' + pad : '';
  const sep = step ? ',\n' + inner : ',';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[${open}${v.map((x) => write(x, step, inner) ?? 'null').join(sep)}${close}]`;
  }
  const parts: string[] = [];
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const s = write(x, step, inner);
    if (s !== undefined) parts.push(JSON.stringify(k) + (step ? ': ' : ':') + s);
  }
  return parts.length ? `{${open}${parts.join(sep)}${close}}` : '{}';
}

/**
 * Parses task-written JSON: standard JSON plus `NaN`, `Infinity` and `-Infinity` outside strings.
 * `where` names the file (and line, for JSON Lines) in the error, e.g. `runs/3/metrics.json`.
 */
export function parseTaskJson(text: string, where: string): unknown {
  // The native parser is several times faster, but a throw costs more than parsing a short line:
  // text that may hold the tokens goes straight to ours (a diverged run's history is all NaN).
  if (text.includes('NaN') || text.includes('Infinity')) return new TolerantParser(text, where).parseDocument();
  try {
    return JSON.parse(text);
  } catch {
    return new TolerantParser(text, where).parseDocument();
  }
}

/** One record per non-blank line; a bad line is reported by its line number and skipped. */
export function parseTaskJsonLines(text: string, file: string): { records: unknown[]; errors: string[] } {
  const records: unknown[] = [];
  const errors: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      records.push(parseTaskJson(line, `${file}:${i + 1}`));
    } catch (err) {
      errors.push((err as Error).message);
    }
  });
  return { records, errors };
}

const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
/** By first character; `-` is `-Infinity` only when the word follows, else a number. */
const LITERALS: ReadonlyMap<string, [string, unknown]> = new Map([
  ['t', ['true', true]], ['f', ['false', false]], ['n', ['null', null]],
  ['N', ['NaN', NaN]], ['I', ['Infinity', Infinity]], ['-', ['-Infinity', -Infinity]],
]);

/** Only reached for text the native parser refused: either the Python tokens or a real error. */
class TolerantParser {
  private i = 0;
  constructor(private readonly text: string, private readonly where: string) {}

  parseDocument(): unknown {
    const v = this.value();
    this.ws();
    if (this.i < this.text.length) this.fail('unexpected text after the value');
    return v;
  }

  private fail(what: string): never {
    const before = this.text.slice(0, this.i).split('\n');
    const at = this.i >= this.text.length ? 'the end' : `'${this.text[this.i]}'`;
    // A JSON Lines `where` already names the line: add only the column.
    const pos = /:\d+$/.test(this.where) ? `${before.at(-1)!.length + 1}` : `${before.length}:${before.at(-1)!.length + 1}`;
    throw new StoreError({
      code: 'STORE_BAD_JSON', message: `${this.where}:${pos}: not valid JSON: ${what} (at ${at})`,
      hint: 'Write it with json.dump (Python) or JSON.stringify; NaN, Infinity and -Infinity are accepted.',
    });
  }

  private ws(): void {
    const t = this.text;
    while (this.i < t.length && (t[this.i] === ' ' || t[this.i] === '\t' || t[this.i] === '\n' || t[this.i] === '\r')) this.i++;
  }

  private match(re: RegExp): string | undefined {
    re.lastIndex = this.i;
    const m = re.exec(this.text);
    if (m) this.i += m[0].length;
    return m?.[0];
  }

  private value(): unknown {
    this.ws();
    const c = this.text[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    const literal = LITERALS.get(c!);
    if (literal && this.text.startsWith(literal[0], this.i)) {
      this.i += literal[0].length;
      return literal[1];
    }
    const num = this.match(NUMBER);
    if (num === undefined) this.fail('expected a value');
    return Number(num);
  }

  private string(): string {
    const s = this.match(STRING);
    if (s === undefined) this.fail('bad string');
    return s.includes('\\') ? (JSON.parse(s) as string) : s.slice(1, -1);
  }

  private array(): unknown[] {
    this.i++;
    const out: unknown[] = [];
    this.ws();
    if (this.text[this.i] === ']') return this.i++, out;
    for (;;) {
      out.push(this.value());
      this.ws();
      if (this.text[this.i] === ']') return this.i++, out;
      if (this.text[this.i] !== ',') this.fail("expected ',' or ']'");
      this.i++;
    }
  }

  private object(): Record<string, unknown> {
    this.i++;
    const out: Record<string, unknown> = {};
    this.ws();
    if (this.text[this.i] === '}') return this.i++, out;
    for (;;) {
      this.ws();
      if (this.text[this.i] !== '"') this.fail('expected a key in double quotes');
      const key = this.string();
      this.ws();
      if (this.text[this.i] !== ':') this.fail("expected ':'");
      this.i++;
      const v = this.value();
      // An own property, as JSON.parse makes it: assigning `__proto__` would change the prototype.
      if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      else out[key] = v;
      this.ws();
      if (this.text[this.i] === '}') return this.i++, out;
      if (this.text[this.i] !== ',') this.fail("expected ',' or '}'");
      this.i++;
    }
  }
}
