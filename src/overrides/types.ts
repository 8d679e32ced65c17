/**
 * The parsed form of one command-line override (Hydra's override grammar). The parser
 * (`overrides/parser.ts`) produces these; composition applies them; the sweeper expands them.
 */

/** `key=v` change, `+key=v` add, `++key=v` force add, `~key` / `~key=v` delete. */
export type OverrideKind = 'change' | 'add' | 'forceAdd' | 'delete';

/** A parsed element value, typed as the grammar typed it (so it can be rendered back as Hydra does). */
export type ParsedValue =
  /** `exact`: the value when a double cannot hold it (beyond 2^53), which `value` only approximates. */
  | { kind: 'int'; value: number; exact?: bigint }
  | { kind: 'float'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'null' }
  /** `quote` is set for quoted strings; `text` is the value after unescaping. Interpolations are strings. */
  | { kind: 'string'; text: string; quote?: "'" | '"' }
  | { kind: 'list'; items: ParsedValue[] }
  /**
   * Dict keys are stored as the config key strings JSON would write (`a`, `1`, `1.5`, `true`).
   * `typedKeys` (parallel to `entries`, set by the parser) keeps each key as the grammar typed it,
   * because the sweeper renders keys as Python's str() does (`{true:t}` renders as `{True:t}`).
   */
  | { kind: 'dict'; entries: Array<[string, ParsedValue]>; typedKeys?: ParsedValue[] };

/**
 * A sweep: an override value that expands to several values. `sort` is already applied by the
 * parser (items / range bounds are in sorted order; the field only records that it happened);
 * `shuffle` is applied when the sweep is expanded, with `seed` (orch's `shuffle(..., seed=N)`
 * extension) or the sweeper's seed.
 */
export type Sweep =
  | { kind: 'choice'; items: ParsedValue[]; simple: boolean; tags: string[]; shuffle: boolean; sort?: 'asc' | 'desc'; seed?: number }
  | { kind: 'range'; start: number; stop: number; step: number; isFloat: boolean; tags: string[]; shuffle: boolean; sort?: 'asc' | 'desc'; seed?: number }
  | { kind: 'glob'; include: string[]; exclude: string[]; tags: string[] }
  /** `isInt` is set by `int(interval(...))`: search sweepers then sample integers (Hydra's IntDistribution). */
  | { kind: 'interval'; start: number; end: number; tags: string[]; isInt?: true }
  /**
   * `dim=zip(a=choice(...), +b=range(...))` (orch extension, see zip.ts): one dimension whose i-th
   * value is every member's i-th value. Members are choice or range overrides, never shuffled.
   */
  | { kind: 'zip'; members: Override[]; tags: string[] };

export interface Override {
  kind: OverrideKind;
  /** Key path or config group, e.g. `db.host`, `model`, `db/engine`. */
  key: string;
  /** Package after `@` (`group@pkg=...`), undefined when absent. */
  pkg?: string;
  /** Undefined only for `~key` without value. */
  value?: ParsedValue | Sweep;
  /** The override exactly as given on the command line. */
  input: string;
}

export function isSweep(v: ParsedValue | Sweep | undefined): v is Sweep {
  return v !== undefined && (v.kind === 'choice' || v.kind === 'range' || v.kind === 'glob' || v.kind === 'interval' || v.kind === 'zip');
}
