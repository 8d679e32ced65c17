import { OrchError } from '../errors.js';

/**
 * A command-line override that does not follow the grammar (or whose function call fails).
 * The message quotes the override and points a caret at the offending character:
 *
 *     Error parsing override 'a=[1,2'
 *       a=[1,2
 *             ^ missing ']'
 */
export class OverrideParseError extends OrchError {
  readonly override: string;
  /** 0-based offset into `override` of the offending character. */
  readonly column: number;
  readonly reason: string;
  constructor({ override, column, reason, hint = GRAMMAR_HINT }: { override: string; column: number; reason: string; hint?: string }) {
    super({ code: 'OVERRIDE_PARSE', message: formatParseMessage(override, column, reason), hint });
    this.override = override;
    this.column = column;
    this.reason = reason;
  }
}

const GRAMMAR_HINT =
  'Override grammar: key=value, +key=value, ++key=value, ~key[=value], group@pkg=option; ' +
  "quote values with special characters: key='a,b' (see the README, section Override grammar).";

export function formatParseMessage(override: string, column: number, reason: string): string {
  // Tabs would misalign the caret; show them as single spaces in the echoed line.
  const flat = override.replace(/[\t\n\r]/g, ' ');
  const col = Math.max(0, Math.min(column, flat.length));
  if (flat.length <= MAX_SHOWN) return `Error parsing override '${override}'\n  ${flat}\n  ${' '.repeat(col)}^ ${reason}`;
  // A generated override of thousands of characters: show the part around the caret.
  const from = Math.max(0, Math.min(col - MAX_SHOWN / 2, flat.length - MAX_SHOWN));
  const head = from > 0 ? '...' : '';
  const window = head + flat.slice(from, from + MAX_SHOWN) + (from + MAX_SHOWN < flat.length ? '...' : '');
  return `Error parsing override '${flat.slice(0, 40)}...' (${flat.length} characters, column ${col + 1})\n  ${window}\n  ${' '.repeat(col - from + head.length)}^ ${reason}`;
}

/** Longest override echoed whole in a parse error. */
const MAX_SHOWN = 160;

/** A sweep that cannot be expanded or is used where it is not allowed (codes SWEEP_* in src/error-codes.ts). */
export class SweepError extends OrchError {}
