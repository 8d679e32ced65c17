/**
 * Hand-written recursive-descent parser for command-line overrides, following Hydra 1.3.2's
 * OverrideParser.g4 (the full EBNF, lexer rules included, is in GRAMMAR.md):
 *
 *   override  = ( key "=" value? | "~" key ( "=" value? )? | "+" "+"? key "=" value? ) EOF
 *   value     = element | element ( "," element )+          (* the second form: simple choice sweep *)
 *   element   = function | list | dict | primitive
 *   function  = ID "(" ( arg ( "," arg )* )? ")"     arg = ( ID "=" )? element
 *   list      = "[" ( element ( "," element )* )? "]"
 *   dict      = "{" ( dictKey ":" element ( "," dictKey ":" element )* )? "}"
 *   primitive = QUOTED_VALUE | ( ID | NULL | INT | FLOAT | BOOL | INTERPOLATION | UNQUOTED_CHAR
 *                                | ":" | ESC | WS )+
 *   dictKey   = ( ID | NULL | INT | FLOAT | BOOL | UNQUOTED_CHAR | ESC | WS )+
 *
 * Functions are evaluated while parsing, as Hydra's visitor does, so the result is already a
 * value or a sweep.
 */
import type { Override, ParsedValue, Sweep } from './types.js';
import { LexError, tokenizeValue, type Token, type TokenType } from './lexer.js';
import { parseKey } from './key.js';
import { OverrideParseError } from './errors.js';
import { callFunction, FUNCTION_NAMES, isKnownFunction, type Elem } from './functions.js';
import { dictKeyName, typedPrimitive, unescapeEsc } from './primitives.js';
import { didYouMean } from '../errors.js';
import { unescapeQuoted } from './quoting.js';
import { MAX_NESTING, NESTING_HINT } from '../value/limits.js';
import { parseZip, startsZip, ZipFail, ZIP_HINT } from './zip.js';

const PRIMITIVE = new Set<TokenType>(['ID', 'NULL', 'INT', 'FLOAT', 'BOOL', 'INTERPOLATION', 'UNQUOTED_CHAR', 'COLON', 'ESC', 'WS']);
const DICT_KEY = new Set<TokenType>(['ID', 'NULL', 'INT', 'FLOAT', 'BOOL', 'UNQUOTED_CHAR', 'ESC', 'WS']);

class Fail {
  constructor(readonly pos: number, readonly reason: string, readonly hint?: string) {}
}

/** Parses every override, in order; the first invalid one throws. */
export function parseOverrides(inputs: readonly string[]): Override[] {
  return inputs.map(parseOverride);
}

export function parseOverride(input: string): Override {
  try {
    const k = parseKey(input);
    const override: Override = { kind: k.kind, key: k.key, input };
    if (k.pkg !== undefined) override.pkg = k.pkg;
    if (k.end < input.length) {
      const toks = tokenizeValue(input, skipBlanks(input, k.end + 1));
      override.value = startsZip(toks) ? parseZip(input, override, toks, parseOverride) : new ValueParser(input, toks).parseValue();
    }
    return override;
  } catch (e) {
    if (e instanceof LexError || e instanceof Fail || e instanceof ZipFail) {
      throw new OverrideParseError({ override: input, column: e.pos, reason: e.reason, hint: e.hint });
    }
    throw e;
  }
}

/** `=` swallows the blanks after it (`EQUAL: '=' WS?`). */
function skipBlanks(s: string, p: number): number {
  while (s[p] === ' ' || s[p] === '\t') p++;
  return p;
}

class ValueParser {
  private i = 0;
  constructor(private readonly input: string, private readonly toks: Token[]) {}

  private peek(k = 0): Token {
    return this.toks[Math.min(this.i + k, this.toks.length - 1)]!;
  }

  private next(): Token {
    return this.toks[this.i++]!;
  }

  parseValue(): ParsedValue | Sweep {
    if (this.peek().type === 'EOF') return { kind: 'string', text: '' };
    const first = this.parseElement();
    if (this.peek().type !== 'COMMA') {
      this.expect('EOF');
      return first;
    }
    const items: ParsedValue[] = [this.nested(first, this.toks[0]!.start)];
    while (this.peek().type === 'COMMA') {
      this.next();
      const at = this.peek().start;
      items.push(this.nested(this.parseElement(), at));
    }
    this.expect('EOF');
    return { kind: 'choice', items, simple: true, tags: [], shuffle: false };
  }

  private parseElement(): Elem {
    const t = this.peek();
    if (t.type === 'ID' && this.peek(1).type === 'POPEN') return this.parseFunction();
    if (t.type === 'BRACKET_OPEN') return this.parseList();
    if (t.type === 'BRACE_OPEN') return this.parseDict();
    if (t.type === 'QUOTED_VALUE') {
      this.next();
      return { kind: 'string', text: unescapeQuoted(t.text), quote: t.text[0] as "'" | '"' };
    }
    if (PRIMITIVE.has(t.type)) return this.parsePrimitive(PRIMITIVE);
    throw this.unexpected(t, 'a value');
  }

  private parseFunction(): Elem {
    const name = this.next();
    this.open(')');
    const args: Elem[] = [];
    const kwargs: Array<[string, Elem]> = [];
    if (this.peek().type !== 'PCLOSE') {
      for (;;) {
        if (this.peek().type === 'ID' && this.peek(1).type === 'EQUAL') {
          const argName = this.next().text;
          this.next();
          kwargs.push([argName, this.parseElement()]);
        } else {
          const at = this.peek();
          const v = this.parseElement();
          if (kwargs.length > 0) throw new Fail(at.start, 'positional argument follows keyword argument');
          args.push(v);
        }
        if (this.peek().type !== 'COMMA') break;
        this.next();
      }
    }
    const close = this.peek();
    if (close.type !== 'PCLOSE') throw this.unexpected(close, "',' or ')'");
    this.closeOne();
    const callText = this.input.slice(name.start, close.end);
    if (name.text === 'zip') throw new Fail(name.start, 'zip(...) must be the whole value of an override (dim=zip(a=choice(...), b=choice(...)))', ZIP_HINT);
    if (!isKnownFunction(name.text)) {
      throw new Fail(name.start, `unknown function '${name.text}'. Available: ${FUNCTION_NAMES.join(', ')}`, didYouMean(name.text, FUNCTION_NAMES));
    }
    try {
      return callFunction(name.text, args, kwargs);
    } catch (e) {
      throw new Fail(name.start, `${callText}: ${(e as Error).message}`);
    }
  }

  private parseList(): ParsedValue {
    this.open(']');
    const items: ParsedValue[] = [];
    if (this.peek().type !== 'BRACKET_CLOSE') {
      for (;;) {
        const at = this.peek().start;
        items.push(this.nested(this.parseElement(), at));
        if (this.peek().type !== 'COMMA') break;
        this.next();
      }
    }
    const close = this.peek();
    if (close.type !== 'BRACKET_CLOSE') throw this.unexpected(close, "',' or ']'");
    this.closeOne();
    return { kind: 'list', items };
  }

  private parseDict(): ParsedValue {
    this.open('}');
    const entries: Array<[string, ParsedValue]> = [];
    const typedKeys: ParsedValue[] = [];
    if (this.peek().type !== 'BRACE_CLOSE') {
      for (;;) {
        const keyTok = this.peek();
        if (!DICT_KEY.has(keyTok.type)) throw this.unexpected(keyTok, 'a dict key');
        const key = this.parsePrimitive(DICT_KEY);
        const colon = this.peek();
        if (colon.type !== 'COLON') throw this.unexpected(colon, "':' after the dict key");
        this.next();
        const at = this.peek().start;
        const value = this.nested(this.parseElement(), at);
        const name = dictKeyName(key);
        if (name === undefined) throw new Fail(keyTok.start, 'null cannot be a dict key');
        const dup = entries.findIndex(([k]) => k === name);
        // A repeated key keeps its first position and takes the last value, like a Python dict.
        if (dup >= 0) entries[dup] = [name, value];
        else { entries.push([name, value]); typedKeys.push(key); }
        if (this.peek().type !== 'COMMA') break;
        this.next();
      }
    }
    const close = this.peek();
    if (close.type !== 'BRACE_CLOSE') throw this.unexpected(close, "',' or '}'");
    this.closeOne();
    return { kind: 'dict', entries, typedKeys };
  }

  private parsePrimitive(allowed: Set<TokenType>): ParsedValue {
    const start = this.i;
    while (allowed.has(this.peek().type)) {
      const t = this.next();
      if (t.text === '$' && this.peek().type === 'BRACE_OPEN') {
        throw new Fail(t.start, "unclosed interpolation: '${' has no matching '}'");
      }
    }
    let lo = start;
    let hi = this.i;
    if (this.toks[lo]!.type === 'WS') lo++;
    if (hi > lo && this.toks[hi - 1]!.type === 'WS') hi--;
    if (hi <= lo) throw new Fail(this.toks[start]!.start, 'a value cannot be only blanks');
    if (hi - lo === 1) return typedPrimitive(this.toks[lo]!);
    let text = '';
    for (let j = lo; j < hi; j++) {
      const t = this.toks[j]!;
      text += t.type === 'ESC' ? unescapeEsc(t.text) : t.text;
    }
    return { kind: 'string', text };
  }

  /** Lists, dicts and choice items hold values, never sweeps. */
  private nested(v: Elem, at: number): ParsedValue {
    if (v.kind === 'choice' || v.kind === 'range' || v.kind === 'interval' || v.kind === 'glob') {
      throw new Fail(at, `a ${v.kind} sweep cannot be nested inside a list, dict or another sweep`);
    }
    return v;
  }

  private expect(type: TokenType): void {
    const t = this.peek();
    if (t.type !== type) throw this.unexpected(t, type === 'EOF' ? "',' or the end of the value" : type);
  }

  /** Closers of the brackets opened so far, innermost last, with where they were opened. */
  private openers: Array<{ closer: string; at: number }> = [];

  private open(closer: string): void {
    const at = this.peek().start;
    if (this.openers.length >= MAX_NESTING) {
      throw new Fail(at, `nesting deeper than ${MAX_NESTING} levels of lists/dicts/calls (orch's limit)`, NESTING_HINT);
    }
    this.openers.push({ closer, at: this.next().start });
  }

  private closeOne(): void {
    this.openers.pop();
    this.next();
  }

  private unexpected(t: Token, expected: string): Fail {
    if (t.type === 'EOF') {
      const inner = this.openers[this.openers.length - 1];
      if (inner) {
        const opener = this.input.slice(inner.at).trimStart()[0];
        return new Fail(t.start, `missing '${inner.closer}' (for the '${opener}' at column ${inner.at + 1})`);
      }
      return new Fail(t.start, `unexpected end of value, expected ${expected}`);
    }
    const text = t.text.trim() || t.text;
    const prev = this.toks[this.i - 1];
    if (prev?.type === 'QUOTED_VALUE' && PRIMITIVE.has(t.type)) {
      return new Fail(t.start, `unexpected '${text}' after a quoted value`, 'Put the whole value inside the quotes.');
    }
    if (t.type === 'EQUAL' || t.type === 'POPEN' || t.type === 'PCLOSE' || t.type === 'BRACKET_CLOSE' || t.type === 'BRACE_CLOSE') {
      const at = t.start + t.text.indexOf(text);
      return new Fail(at, `unexpected '${text}', expected ${expected}`,
        `To use '${text}' in a string value, quote the value (key='...') or escape it with a backslash.`);
    }
    return new Fail(t.start, `unexpected '${text}', expected ${expected}`);
  }
}
