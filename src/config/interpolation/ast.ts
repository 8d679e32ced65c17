import type { Scalar } from '../../value/value.js';

/**
 * Parse tree of a string value (OmegaConf's `configValue` rule). Literal text is already un-escaped
 * (`\${` became `${`); each interpolation keeps its source text for error messages and resolver caching.
 */
export interface ParsedString {
  readonly source: string;
  readonly parts: readonly TextPart[];
}

/** A piece of text: a literal string or an interpolation whose value is converted with Python `str()`. */
export type TextPart = string | Interpolation;

export type Interpolation = NodeInterpolation | ResolverInterpolation;

/**
 * `${a.b}`, `${..x}`, `${a[0]}`, `${a.${b}}`. `key` is the key text in pieces: literal pieces (including
 * the dots and brackets) and nested interpolations whose value must be a string; the pieces are joined
 * before the key is split, as OmegaConf does, so `${a.${b}}` with `b: x.y` selects `a.x.y`.
 */
export interface NodeInterpolation {
  readonly kind: 'node';
  readonly key: readonly (string | Interpolation)[];
  readonly text: string;
}

/** `${name:arg1,arg2}`; `name` pieces are joined with `.` (`oc.env`, `ns.${x}`). */
export interface ResolverInterpolation {
  readonly kind: 'resolver';
  readonly name: readonly (string | Interpolation)[];
  readonly args: readonly Element[];
  /** Source text of each argument, as OmegaConf's `args_str` (used as the resolver cache key). */
  readonly argsText: readonly string[];
  readonly text: string;
}

/** An element of a resolver argument list, list or dict (OmegaConf's `element` rule). */
export type Element =
  | { readonly kind: 'scalar'; readonly value: Scalar }
  /** A lone interpolation: its value is passed as is (type kept). */
  | { readonly kind: 'interpolation'; readonly interpolation: Interpolation }
  /** Several tokens, or a quoted string: always a string, interpolations converted with `str()`. */
  | { readonly kind: 'string'; readonly parts: readonly TextPart[] }
  | { readonly kind: 'list'; readonly items: readonly Element[] }
  | { readonly kind: 'dict'; readonly entries: readonly (readonly [string, Element])[] };
