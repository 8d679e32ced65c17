/**
 * The part of an override before `=` (Hydra's DEFAULT_MODE): prefix, key or group path, package.
 *
 *   prefix  = "~" | "+" | "++"
 *   key     = packageOrGroup ("@" package)?
 *   packageOrGroup = package | ID ("/" ID)+
 *   package = "" | ID | KEY_SPECIAL | DOT_PATH
 *   ID          = [a-zA-Z_] [a-zA-Z0-9_-]*
 *   KEY_SPECIAL = [a-zA-Z_$] [a-zA-Z0-9_$-]*
 *   DOT_PATH    = (KEY_SPECIAL | INT_UNSIGNED) ("." (KEY_SPECIAL | INT_UNSIGNED))+
 */
import type { OverrideKind } from './types.js';
import { LexError } from './lexer.js';
import { MAX_NESTING, NESTING_HINT } from '../value/limits.js';

export interface ParsedKey {
  kind: OverrideKind;
  key: string;
  pkg?: string;
  /** Offset of `=` (or input length when there is none). */
  end: number;
}

type Segment = { text: string; end: number; isId: boolean };

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isAlpha = (c: string | undefined): boolean =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));

/** One key token at `p`: ID, KEY_SPECIAL or DOT_PATH (longest), or undefined. */
function keyToken(src: string, p: number): Segment | undefined {
  const first = segment(src, p);
  if (first === undefined) return undefined;
  let end = first.end;
  let dots = 0;
  while (src[end] === '.') {
    const next = segment(src, end + 1);
    if (next === undefined) break;
    end = next.end;
    dots++;
  }
  if (dots === 0 && first.numeric) return undefined;
  const text = src.slice(p, end);
  return { text, end, isId: dots === 0 && !text.includes('$') };
}

function segment(src: string, p: number): { end: number; numeric: boolean } | undefined {
  const c = src[p];
  if (isAlpha(c) || c === '_' || c === '$') {
    let q = p + 1;
    while (isAlpha(src[q]) || isDigit(src[q]) || src[q] === '_' || src[q] === '-' || src[q] === '$') q++;
    return { end: q, numeric: false };
  }
  if (c === '0') return { end: p + 1, numeric: true };
  if (isDigit(c)) {
    let q = p + 1;
    while (isDigit(src[q]) || (src[q] === '_' && isDigit(src[q + 1]))) q += src[q] === '_' ? 2 : 1;
    return { end: q, numeric: true };
  }
  return undefined;
}

export function parseKey(src: string): ParsedKey {
  let p = 0;
  let kind: OverrideKind = 'change';
  if (src[0] === '~') {
    kind = 'delete';
    p = 1;
  } else if (src[0] === '+') {
    kind = src[1] === '+' ? 'forceAdd' : 'add';
    p = kind === 'add' ? 1 : 2;
  }
  const keyStart = p;
  const first = keyToken(src, p);
  if (first === undefined) throw unexpectedInKey(src, p, true);
  p = first.end;
  if (src[p] === '/') {
    if (!first.isId) throw new LexError(p, `a config group path uses plain names: '${first.text}' cannot be followed by '/'`);
    while (src[p] === '/') {
      const part = keyToken(src, p + 1);
      if (part === undefined || !part.isId) throw unexpectedInKey(src, p + 1, false);
      p = part.end;
    }
  }
  const key = src.slice(keyStart, p);
  const deep = offsetOfSegment(key, MAX_NESTING);
  if (deep >= 0) throw new LexError(keyStart + deep, `the key has more than ${MAX_NESTING} segments (orch's nesting limit)`, NESTING_HINT);
  let pkg: string | undefined;
  if (src[p] === '@') {
    const pk = keyToken(src, p + 1);
    pkg = pk ? pk.text : '';
    p = pk ? pk.end : p + 1;
  }
  if (p === src.length) {
    if (kind !== 'delete') {
      const name = src.slice(keyStart, p);
      throw new LexError(p, `missing '=' after '${src.slice(0, p)}'`,
        `Set a value with ${name}=VALUE, add a key with +${name}=VALUE, delete one with ~${name}.`);
    }
    return { kind, key, pkg, end: p };
  }
  if (src[p] !== '=') throw unexpectedInKey(src, p, false);
  return { kind, key, pkg, end: p };
}

/** Offset in `key` of the segment after the first `n` (split at `.` and `/`), or -1 when there are no more. */
function offsetOfSegment(key: string, n: number): number {
  let seen = 1;
  for (let i = 0; i < key.length; i++) {
    if ((key[i] === '.' || key[i] === '/') && ++seen > n) return i + 1;
  }
  return -1;
}

function unexpectedInKey(src: string, p: number, atStart: boolean): LexError {
  if (p >= src.length) return new LexError(p, 'missing key');
  const c = src[p]!;
  if (atStart && c === '=') return new LexError(p, "missing key before '='");
  if (c === ' ' || c === '\t') return new LexError(p, 'unexpected blank in key (keys cannot contain spaces)');
  return new LexError(p, `unexpected character '${c}' in key`);
}
