import type { CfgDict, CfgList, CfgValue } from '../value/value.js';
import { implicitTag, resolvePlainScalar } from './yaml-scalars.js';
import { MAX_NESTING } from '../value/limits.js';

/**
 * A reader for the YAML most config files are written in: block mappings and sequences, one-line
 * scalars (plain, quoted), one-line flow lists of scalars, one-line flow mappings of those (the
 * `{type: integer, minimum: 1}` of schema files), comments. It exists for start-up
 * time: the full YAML library costs more to load and warm up than composing a realistic tree.
 * Anything beyond that subset (anchors, tags, block scalars, multi-line scalars, escapes, nested
 * flow mappings, non-string keys, duplicate keys, odd indentation, any error) gives `undefined`, and the
 * caller parses the text with the full library, which also reports errors with their positions.
 * Where it gives a value, the value is exactly what the library path gives.
 */
export function parseSimpleYaml(text: string): CfgDict | CfgList | null | undefined {
  if (/[\t\r\uFEFF]/.test(text)) return undefined;
  const lines: Line[] = [];
  for (const raw of text.split('\n')) {
    const indent = raw.length - raw.trimStart().length;
    const body = raw.slice(indent);
    if (body === '' || body.startsWith('#')) continue;
    if (indent === 0 && /^(---|\.\.\.|%)/.test(body)) return undefined;
    lines.push({ indent, body });
  }
  if (lines.length === 0) return null;
  const reader = new Reader(lines);
  try {
    const value = reader.block(lines[0]!.indent);
    if (reader.pos !== lines.length || (value !== null && typeof value !== 'object')) return undefined;
    return value as CfgDict | CfgList;
  } catch (e) {
    if (e === UNSUPPORTED) return undefined;
    throw e;
  }
}

interface Line {
  indent: number;
  body: string;
}

const UNSUPPORTED = Symbol('unsupported');
const bail = (): never => {
  throw UNSUPPORTED;
};

/** A mapping key this reader accepts: plain text that resolves to a string (`override db`, `/db@pkg`). */
const KEY = /^[A-Za-z0-9_/$][\w.\-/@$+]*(?: [\w.\-/@$+]+)*$/;
/**
 * Starts of text that is not a plain scalar this reader handles: indicators, and `-`/`?` followed by
 * a space (`???` and `-1` are plain scalars).
 */
const INDICATOR = /^(?:[:,[\]{}#&*!|>'"%@`]|[-?](?: |$))/;

/**
 * Block levels this reader goes down to. A flow list or mapping inside adds up to two, so the
 * library, which reports the nesting limit with a position, reads anything that could reach it.
 */
const MAX_BLOCK_DEPTH = MAX_NESTING - 2;

class Reader {
  pos = 0;
  private depth = 0;
  constructor(private readonly lines: Line[]) {}

  /** The block node whose lines start at indentation `indent` (the current line is its first). */
  block(indent: number): CfgValue {
    const first = this.lines[this.pos]!;
    if (first.indent !== indent) bail();
    return isItem(first.body) ? this.sequence(indent) : this.mapping(indent);
  }

  private enter(): void {
    if (++this.depth > MAX_BLOCK_DEPTH) bail();
  }

  private sequence(indent: number): CfgList {
    this.enter();
    const out: CfgList = [];
    while (this.pos < this.lines.length) {
      const line = this.lines[this.pos]!;
      if (line.indent < indent) break;
      if (line.indent > indent) bail();
      if (!isItem(line.body)) break; // the next key of a mapping holding this sequence
      const rest = line.body.slice(1).trimStart();
      if (rest === '' || rest.startsWith('#')) {
        this.pos++;
        out.push(this.nested(indent, false));
      } else if (isItem(rest)) {
        bail();
      } else if (keyOf(rest) !== undefined) {
        // `- key: value`: a mapping whose first entry shares the dash's line.
        const col = indent + (line.body.length - rest.length);
        this.lines[this.pos] = { indent: col, body: rest };
        out.push(this.mapping(col));
      } else {
        this.pos++;
        out.push(this.inlineValue(rest, indent));
      }
    }
    this.depth--;
    return out;
  }

  private mapping(indent: number): CfgDict {
    this.enter();
    const out: CfgDict = new Map();
    while (this.pos < this.lines.length) {
      const line = this.lines[this.pos]!;
      if (line.indent < indent) break;
      if (line.indent > indent) bail();
      const body = line.body;
      const key = keyOf(body);
      if (key === undefined || out.has(key)) bail();
      const rest = body.slice(key!.length + 1).trimStart();
      this.pos++;
      out.set(key!, rest === '' || rest.startsWith('#') ? this.nested(indent, true) : this.inlineValue(rest, indent));
    }
    this.depth--;
    return out;
  }

  /** The value on the lines after a `key:` or `-` that has nothing after it. */
  private nested(parentIndent: number, allowSameIndentSequence: boolean): CfgValue {
    const next = this.lines[this.pos];
    if (!next) return null;
    if (next.indent > parentIndent) return this.block(next.indent);
    // YAML lets a mapping's value be a sequence at the key's own indentation.
    if (allowSameIndentSequence && next.indent === parentIndent && isItem(next.body)) return this.sequence(parentIndent);
    return null;
  }

  /** A scalar or flow list written after `key: ` or `- `; nothing may continue it on later lines. */
  private inlineValue(text: string, parentIndent: number): CfgValue {
    const next = this.lines[this.pos];
    if (next && next.indent > parentIndent) bail(); // a multi-line scalar, or an error
    if (text.startsWith('[')) return flowList(text);
    if (text.startsWith('{')) return /^\{\s*\}\s*(#.*)?$/.test(text) ? new Map() : flowMap(text);
    return scalar(text, false);
  }
}

function isItem(body: string): boolean {
  return body === '-' || body.startsWith('- ');
}

/** The key of a `key: value` / `key:` line, or undefined when the line is not one this reader takes. */
function keyOf(body: string): string | undefined {
  const colon = body.indexOf(':');
  if (colon <= 0 || (colon + 1 < body.length && body[colon + 1] !== ' ')) return undefined;
  const key = body.slice(0, colon);
  return KEY.test(key) && implicitTag(key) === 'str' ? key : undefined;
}

/**
 * A one-line scalar, with any trailing comment removed. In a flow list (`inFlow`) the text is one
 * item, already split at commas.
 */
function scalar(text: string, inFlow: boolean): CfgValue {
  const q = text[0];
  if (q === "'" || q === '"') {
    const end = q === "'" ? closingSingleQuote(text) : text.indexOf('"', 1);
    if (end < 0) bail();
    const tail = text.slice(end + 1).trim();
    if (tail !== '' && !(tail.startsWith('#') && text[end + 1] === ' ')) bail();
    const inner = text.slice(1, end);
    if (q === '"' && inner.includes('\\')) bail();
    return q === "'" ? inner.replace(/''/g, "'") : inner;
  }
  if (INDICATOR.test(text)) bail();
  const hash = text.indexOf(' #');
  const plain = (hash >= 0 ? text.slice(0, hash) : text).trim();
  if (plain === '' || plain.includes(': ') || plain.endsWith(':') || (inFlow && /[[\]{}:]/.test(plain))) bail();
  return resolvePlainScalar(plain);
}

function closingSingleQuote(text: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] !== "'") continue;
    if (text[i + 1] === "'") i++;
    else return i;
  }
  return -1;
}

/** `[a, 'b', 1.5]` on one line; items are scalars (no nesting, no commas inside quotes). */
function flowList(text: string): CfgList {
  const close = text.indexOf(']');
  if (close < 0) bail();
  const tail = text.slice(close + 1).trim();
  if (tail !== '' && !(tail.startsWith('#') && text[close + 1] === ' ')) bail();
  const inner = text.slice(1, close).trim();
  if (inner === '') return [];
  if (/[#[{]/.test(inner)) bail();
  return inner.split(',').map((item) => {
    const t = item.trim();
    if (t === '') bail();
    return scalar(t, true);
  });
}

/**
 * `{a: 1, b: [x, y], c: 'z'}` on one line: plain keys, values that are scalars or one-level flow
 * lists. Items are split at commas outside quotes and brackets; anything else is left to the library.
 */
function flowMap(text: string): CfgDict {
  const items: string[] = [];
  let start = 1;
  let depth = 0;
  let quote = '';
  let close = -1;
  for (let i = 1; i < text.length && close < 0; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '{') bail();
    else if (c === ',' && depth === 0) {
      items.push(text.slice(start, i));
      start = i + 1;
    } else if (c === '}' && depth === 0) {
      items.push(text.slice(start, i));
      close = i;
    }
  }
  if (close < 0 || quote || depth !== 0) bail();
  const tail = text.slice(close + 1).trim();
  if (tail !== '' && !(tail.startsWith('#') && text[close + 1] === ' ')) bail();
  const out: CfgDict = new Map();
  for (const item of items) {
    const t = item.trim();
    const sep = t.indexOf(': ');
    if (sep <= 0) bail();
    const key = t.slice(0, sep);
    const value = t.slice(sep + 2).trim();
    if (!KEY.test(key) || implicitTag(key) !== 'str' || out.has(key) || value === '') bail();
    out.set(key, value.startsWith('[') ? flowList(value) : scalar(value, true));
  }
  return out;
}
