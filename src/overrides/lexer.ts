/**
 * Tokenizer for the value part of an override (Hydra's OverrideLexer VALUE_MODE). Like ANTLR it
 * takes the longest match at each position and, on a tie, the rule listed first in the grammar
 * (so `inf` is a FLOAT, `null` a NULL, `true_x` an ID). Several tokens swallow the blanks around
 * them (`WS? ',' WS?`), which is what makes `[ a , b ]` mean `['a','b']`. See GRAMMAR.md.
 */

export type TokenType =
  | 'POPEN' | 'COMMA' | 'PCLOSE' | 'BRACKET_OPEN' | 'BRACKET_CLOSE' | 'BRACE_OPEN' | 'BRACE_CLOSE'
  | 'COLON' | 'EQUAL' | 'FLOAT' | 'INT' | 'BOOL' | 'NULL' | 'UNQUOTED_CHAR' | 'ID' | 'ESC' | 'WS'
  | 'QUOTED_VALUE' | 'INTERPOLATION' | 'EOF';

export interface Token {
  type: TokenType;
  /** Offsets into the whole override string. */
  start: number;
  end: number;
  text: string;
}

export class LexError {
  constructor(readonly pos: number, readonly reason: string, readonly hint?: string) {}
}

const isWs = (c: string | undefined): boolean => c === ' ' || c === '\t';
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isAlpha = (c: string | undefined): boolean =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
/** Characters the grammar allows in unquoted strings besides letters, digits and `_`. */
const UNQUOTED_CHARS = '/-\\+.$%*@?|';
/** Characters that can follow a backslash in an ESC token. */
const ESCAPABLE = '\\()[]{}:=, \t';

/** Tokens that may swallow leading blanks, keyed by their character. */
const WS_PREFIXED: Record<string, TokenType> = {
  '(': 'POPEN', ',': 'COMMA', ')': 'PCLOSE', ']': 'BRACKET_CLOSE', '}': 'BRACE_CLOSE', ':': 'COLON', '=': 'EQUAL',
};
/** Tokens that swallow trailing blanks. */
const WS_SUFFIXED = new Set<TokenType>(['POPEN', 'COMMA', 'BRACKET_OPEN', 'BRACE_OPEN', 'COLON', 'EQUAL']);

export function tokenizeValue(src: string, from: number): Token[] {
  const tokens: Token[] = [];
  let p = from;
  while (p < src.length) {
    const [type, end] = nextToken(src, p);
    tokens.push({ type, start: p, end, text: src.slice(p, end) });
    p = end;
  }
  tokens.push({ type: 'EOF', start: src.length, end: src.length, text: '' });
  return tokens;
}

function skipWs(src: string, p: number): number {
  while (isWs(src[p])) p++;
  return p;
}

function nextToken(src: string, p: number): [TokenType, number] {
  const c = src[p]!;
  if (isWs(c)) {
    const w = skipWs(src, p);
    const punct = WS_PREFIXED[src[w] ?? ''];
    if (punct === undefined) return ['WS', w];
    return [punct, WS_SUFFIXED.has(punct) ? skipWs(src, w + 1) : w + 1];
  }
  const punct = WS_PREFIXED[c] ?? (c === '[' ? 'BRACKET_OPEN' : c === '{' ? 'BRACE_OPEN' : undefined);
  if (punct !== undefined) return [punct, WS_SUFFIXED.has(punct) ? skipWs(src, p + 1) : p + 1];
  if (c === "'" || c === '"') return ['QUOTED_VALUE', quotedEnd(src, p)];
  if (c === '$') {
    const close = src[p + 1] === '{' ? src.indexOf('}', p + 2) : -1;
    // `${` needs at least one character before the first `}`; otherwise `$` is a plain character.
    return close > p + 2 ? ['INTERPOLATION', close + 1] : ['UNQUOTED_CHAR', p + 1];
  }
  if (c === '\\') {
    let q = p;
    while (src[q] === '\\' && q + 1 < src.length && ESCAPABLE.includes(src[q + 1]!)) q += 2;
    return q > p ? ['ESC', q] : ['UNQUOTED_CHAR', p + 1];
  }
  const num = matchNumber(src, p);
  if (isAlpha(c) || c === '_') {
    let q = p + 1;
    while (isAlpha(src[q]) || isDigit(src[q]) || src[q] === '_' || src[q] === '-') q++;
    const word = src.slice(p, q).toLowerCase();
    if (num && num[1] >= q) return num; // inf / nan
    if (word === 'true' || word === 'false') return ['BOOL', q];
    if (word === 'null') return ['NULL', q];
    return ['ID', q];
  }
  if (num) return num;
  if (UNQUOTED_CHARS.includes(c)) return ['UNQUOTED_CHAR', p + 1];
  throw new LexError(p, `unexpected character '${c}'`);
}

/** End of a quoted value: the first matching quote preceded by an even number of backslashes. */
function quotedEnd(src: string, p: number): number {
  const q = src[p]!;
  let backslashes = 0;
  for (let i = p + 1; i < src.length; i++) {
    const c = src[i];
    if (c === q && backslashes % 2 === 0) return i + 1;
    backslashes = c === '\\' ? backslashes + 1 : 0;
  }
  throw new LexError(p, `unterminated quoted string: no closing ${q}`);
}

/** Digits with single optional underscores between them (`1_000`); returns the end offset. */
function digitsEnd(src: string, p: number): number {
  if (!isDigit(src[p])) return -1;
  let q = p + 1;
  for (;;) {
    if (isDigit(src[q])) q++;
    else if (src[q] === '_' && isDigit(src[q + 1])) q += 2;
    else return q;
  }
}

/** Longest FLOAT or INT match at `p` (FLOAT wins a tie), or undefined. */
export function matchNumber(src: string, p: number): [TokenType, number] | undefined {
  let q = p;
  if (src[q] === '+' || src[q] === '-') q++;
  const word = src.slice(q, q + 3).toLowerCase();
  if (word === 'inf' || word === 'nan') return ['FLOAT', q + 3];
  // INT_UNSIGNED: '0' | [1-9] ('_'? DIGIT)*
  const intEnd = src[q] === '0' ? q + 1 : isDigit(src[q]) ? digitsEnd(src, q) : -1;
  let floatEnd = -1;
  let mantissaEnd = intEnd;
  if (src[intEnd >= 0 ? intEnd : q] === '.') {
    const dot = intEnd >= 0 ? intEnd : q;
    const frac = digitsEnd(src, dot + 1);
    if (intEnd >= 0 || frac >= 0) floatEnd = mantissaEnd = frac >= 0 ? frac : dot + 1;
  }
  if (mantissaEnd >= 0 && (src[mantissaEnd] === 'e' || src[mantissaEnd] === 'E')) {
    let e = mantissaEnd + 1;
    if (src[e] === '+' || src[e] === '-') e++;
    const expEnd = digitsEnd(src, e);
    if (expEnd >= 0) floatEnd = expEnd;
  }
  if (floatEnd >= 0) return ['FLOAT', floatEnd];
  return intEnd >= 0 ? ['INT', intEnd] : undefined;
}
