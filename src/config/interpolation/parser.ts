import type { Element, Interpolation, ParsedString, TextPart } from './ast.js';
import { InterpolationSyntaxError } from './errors.js';
import { MAX_NESTING } from '../../value/limits.js';
import { LexError, tokenize, type LexerMode, type Token, type TokenType } from './lexer.js';
import { isToken, keyString, mergeStrings, primitiveValue, unescape, type Item } from './literals.js';

/**
 * Hand-written recursive-descent parser for OmegaConf 2.2's interpolation grammar
 * (OmegaConfGrammarParser.g4), over the tokens of `lexer.ts`. Grammar, as EBNF:
 *
 *   configValue      = text EOF ;                          (* a string value containing "${" *)
 *   singleElement    = element EOF ;                       (* what oc.decode parses *)
 *   text             = ( interpolation | ANY_STR | ESC | ESC_INTER | TOP_ESC | QUOTED_ESC )+ ;
 *   element          = primitive | quotedValue | listContainer | dictContainer ;
 *   listContainer    = "[" [ sequence ] "]" ;
 *   dictContainer    = "{" [ dictKeyValuePair { "," dictKeyValuePair } ] "}" ;
 *   dictKeyValuePair = dictKey ":" element ;
 *   sequence         = element { "," [ element ] } | ( "," [ element ] )+ ;   (* gaps are "" *)
 *   interpolation    = interpolationNode | interpolationResolver ;
 *   interpolationNode     = "${" { "." } ( configKey | "[" configKey "]" )
 *                           { "." configKey | "[" configKey "]" } "}" ;
 *   interpolationResolver = "${" resolverName ":" [ sequence ] "}" ;
 *   configKey        = interpolation | ID | INTER_KEY ;
 *   resolverName     = ( interpolation | ID ) { "." ( interpolation | ID ) } ;
 *   quotedValue      = ( "'" [ text ] "'" ) | ( '"' [ text ] '"' ) ;
 *   primitive        = ( ID | NULL | INT | FLOAT | BOOL | UNQUOTED_CHAR | ":" | ESC | WS | interpolation )+ ;
 *   dictKey          = ( ID | NULL | INT | FLOAT | BOOL | UNQUOTED_CHAR | ESC | WS )+ ;
 *
 * Whitespace: "${", "{", "[" swallow spaces after them; "}", "]" before them; "," and ":" on both
 * sides; elsewhere inside a primitive spaces are kept (`a b` is the string "a b"). Inside "${key}"
 * no spaces are allowed except right after "${" and right before "}" or ":".
 * Escapes: `\${` is a literal `${`; `\\` before an interpolation is one backslash; in arguments
 * `\,` `\:` `\ ` `\(` `\)` `\[` `\]` `\{` `\}` `\=` `\\` stand for the character; in quotes `\'` / `\"`.
 */

export interface ParseOptions {
  /** Key path of the value being parsed, for error messages. */
  readonly keyPath?: string;
}

/** True when a string value is an interpolation (contains `${`), as OmegaConf decides. */
export function hasInterpolation(s: string): boolean {
  return s.includes('${');
}

/** Parses a string value into literal parts and interpolations. */
export function parseInterpolationString(s: string, opts: ParseOptions = {}): ParsedString {
  const p = new Parser(s, lex(s, 'TOP', opts), opts.keyPath);
  const parts = p.text();
  p.expect('EOF', 'end of string');
  return { source: s, parts };
}

/** Parses a lone element (`42`, `[1,2]`, `{a: 1}`, `'text'`), as `oc.decode` does. */
export function parseElement(s: string, opts: ParseOptions = {}): Element {
  const p = new Parser(s, lex(s, 'VALUE', opts), opts.keyPath);
  const el = p.element();
  p.expect('EOF', 'end of string');
  return el;
}

function lex(s: string, mode: LexerMode, opts: ParseOptions): Token[] {
  try {
    return tokenize(s, mode);
  } catch (e) {
    if (e instanceof LexError) {
      throw new InterpolationSyntaxError({ keyPath: opts.keyPath, text: s, position: e.position, detail: `unexpected character '${s[e.position]}'` });
    }
    throw e;
  }
}

const PRIMITIVE: ReadonlySet<TokenType> = new Set(['ID', 'NULL', 'INT', 'FLOAT', 'BOOL', 'UNQUOTED_CHAR', 'COLON', 'ESC', 'WS', 'INTER_OPEN']);
const DICT_KEY: ReadonlySet<TokenType> = new Set(['ID', 'NULL', 'INT', 'FLOAT', 'BOOL', 'UNQUOTED_CHAR', 'ESC', 'WS']);
const TEXT: ReadonlySet<TokenType> = new Set(['ANY_STR', 'ESC', 'ESC_INTER', 'TOP_ESC', 'QUOTED_ESC']);
const EMPTY: Element = { kind: 'scalar', value: '' };

class Parser {
  private pos = 0;
  constructor(private readonly src: string, private readonly tokens: Token[], private readonly keyPath?: string) {}

  private peek(): Token {
    return this.tokens[this.pos]!;
  }
  private next(): Token {
    return this.tokens[this.pos++]!;
  }
  private fail(expected: string, tok: Token = this.peek()): never {
    const found = tok.type === 'EOF' ? 'end of string' : `'${tok.text}'`;
    throw new InterpolationSyntaxError({ keyPath: this.keyPath, text: this.src, position: tok.start, detail: `expected ${expected} but found ${found}` });
  }
  expect(type: TokenType, what: string): Token {
    if (this.peek().type !== type) this.fail(what);
    return this.next();
  }
  private textFrom(start: Token): string {
    const last = this.tokens[this.pos - 1]!;
    return this.src.slice(start.start, last.start + last.text.length);
  }

  text(): TextPart[] {
    const items: Item[] = [];
    for (;;) {
      const t = this.peek();
      if (t.type === 'INTER_OPEN') items.push(this.interpolation());
      else if (TEXT.has(t.type)) items.push(this.next());
      else break;
    }
    if (items.length === 0) this.fail('text or an interpolation');
    return unescape(items);
  }

  /** Interpolations, quoted strings, lists and dicts open around the current token. */
  private depth = 0;

  /** `read` one level deeper; a string nested past MAX_NESTING is an error, not a stack overflow. */
  private nested<T>(read: () => T): T {
    if (++this.depth > MAX_NESTING) {
      throw new InterpolationSyntaxError({ keyPath: this.keyPath, text: this.src, position: this.peek().start, detail: `nesting deeper than ${MAX_NESTING} levels of interpolations/lists/dicts (orch's limit)` });
    }
    const v = read();
    this.depth--;
    return v;
  }

  interpolation(): Interpolation {
    return this.nested(() => this.interpolationBody());
  }

  private interpolationBody(): Interpolation {
    const open = this.expect('INTER_OPEN', "'${'");
    const key: (string | Interpolation)[] = [];
    const name: (string | Interpolation)[] = [];
    let couldBeResolver = true;
    while (this.peek().type === 'DOT') {
      this.next();
      key.push('.');
      couldBeResolver = false;
    }
    let first = true;
    for (;;) {
      const t = this.peek();
      if (t.type === 'BRACKET_OPEN') {
        this.next();
        key.push('[', this.configKey());
        this.expect('BRACKET_CLOSE', "']'");
        key.push(']');
        couldBeResolver = false;
      } else if (first || t.type === 'DOT') {
        if (!first) key.push(this.next().text);
        if (this.peek().type === 'INTER_KEY') couldBeResolver = false;
        const k = this.configKey();
        key.push(k);
        name.push(k);
      } else break;
      first = false;
    }
    const end = this.peek();
    if (end.type === 'INTER_CLOSE') {
      this.next();
      return { kind: 'node', key: mergeStrings(key), text: this.textFrom(open) };
    }
    if (end.type !== 'COLON' || !couldBeResolver) this.fail(couldBeResolver ? "'}' or ':'" : "'}'");
    this.next();
    const { elements, texts } = this.sequence();
    this.expect('BRACE_CLOSE', "',' or '}'");
    return { kind: 'resolver', name, args: elements, argsText: texts, text: this.textFrom(open) };
  }

  private configKey(): string | Interpolation {
    const t = this.peek();
    if (t.type === 'INTER_OPEN') return this.interpolation();
    if (t.type === 'ID' || t.type === 'INTER_KEY') return this.next().text;
    return this.fail('a key');
  }

  private sequence(): { elements: Element[]; texts: string[] } {
    const elements: Element[] = [];
    const texts: string[] = [];
    let previousWasComma = true;
    let any = false;
    for (;;) {
      const t = this.peek();
      if (t.type === 'COMMA') {
        if (previousWasComma) { elements.push(EMPTY); texts.push(''); }
        this.next();
        previousWasComma = true;
      } else if (startsElement(t.type)) {
        if (!previousWasComma) this.fail("','");
        elements.push(this.element());
        texts.push(this.textFrom(t));
        previousWasComma = false;
      } else break;
      any = true;
    }
    if (any && previousWasComma) { elements.push(EMPTY); texts.push(''); }
    return { elements, texts };
  }

  element(): Element {
    return this.nested(() => this.elementBody());
  }

  private elementBody(): Element {
    const t = this.peek();
    switch (t.type) {
      case 'QUOTE_OPEN': {
        this.next();
        const parts = this.peek().type === 'QUOTE_CLOSE' ? [] : this.text();
        this.expect('QUOTE_CLOSE', `closing ${t.text}`);
        return { kind: 'string', parts };
      }
      case 'BRACKET_OPEN': {
        this.next();
        const { elements } = this.sequence();
        this.expect('BRACKET_CLOSE', "',' or ']'");
        return { kind: 'list', items: elements };
      }
      case 'BRACE_OPEN':
        return this.dict();
      default:
        if (!PRIMITIVE.has(t.type)) this.fail('a value');
        return this.primitive();
    }
  }

  private dict(): Element {
    this.next();
    const entries: [string, Element][] = [];
    if (this.peek().type !== 'BRACE_CLOSE') {
      for (;;) {
        const keyTokens: Token[] = [];
        while (DICT_KEY.has(this.peek().type)) keyTokens.push(this.next());
        if (keyTokens.length === 0) this.fail('a dict key');
        this.expect('COLON', "':'");
        entries.push([keyString(primitiveValue(keyTokens)), this.element()]);
        if (this.peek().type !== 'COMMA') break;
        this.next();
      }
    }
    this.expect('BRACE_CLOSE', "',' or '}'");
    return { kind: 'dict', entries };
  }

  private primitive(): Element {
    const items: Item[] = [];
    while (PRIMITIVE.has(this.peek().type)) {
      items.push(this.peek().type === 'INTER_OPEN' ? this.interpolation() : this.next());
    }
    if (items.length === 1) {
      const only = items[0]!;
      return isToken(only) ? { kind: 'scalar', value: primitiveValue([only]) } : { kind: 'interpolation', interpolation: only };
    }
    return { kind: 'string', parts: unescape(items) };
  }
}

function startsElement(type: TokenType): boolean {
  return PRIMITIVE.has(type) || type === 'QUOTE_OPEN' || type === 'BRACKET_OPEN' || type === 'BRACE_OPEN';
}
