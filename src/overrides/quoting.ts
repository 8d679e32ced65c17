/**
 * Quoted values, as Hydra reads and writes them. Inside quotes only backslashes that precede a
 * quote character are escapes (`'it\'s'` is `it's`, `"c:\\temp\\"` ends in one backslash);
 * every other backslash is literal (`"x\y"` is `x\y`).
 */

const ESCAPED_QUOTE: Record<string, RegExp> = { "'": /\\+'/, '"': /\\+"/ };

/** Hydra's `_unescape_quoted_string`: `text` includes the enclosing quotes. */
export function unescapeQuoted(text: string): string {
  const qc = text[0]!;
  let rest = text.slice(1); // the closing quote stays, so trailing backslashes are found
  const pattern = ESCAPED_QUOTE[qc]!;
  let match = pattern.exec(rest);
  if (match === null) return rest.slice(0, -1);
  let out = '';
  while (match !== null) {
    const start = match.index;
    const stop = start + match[0].length;
    out += rest.slice(0, start);
    // Every other character from the second one: `\"` -> `"`, `\\"` (closing) -> `\`.
    for (let j = start + 1; j < stop; j += 2) out += rest[j];
    rest = rest.slice(stop);
    match = pattern.exec(rest);
  }
  if (rest.length > 1) out += rest.slice(0, -1);
  return out;
}

/** Hydra's `QuotedString.with_quotes`: the inverse of `unescapeQuoted`. */
export function withQuotes(text: string, qc: "'" | '"'): string {
  const escQc = `\\${qc}`;
  const pattern = ESCAPED_QUOTE[qc]!;
  let rest = text + qc;
  let match = text.includes('\\') ? pattern.exec(rest) : null;
  if (match === null) return qc + text.split(qc).join(escQc) + qc;
  let out = '';
  while (match !== null) {
    const start = match.index;
    const stop = start + match[0].length;
    out += rest.slice(0, start) + '\\'.repeat((stop - start - 1) * 2);
    if (stop < rest.length) out += qc;
    rest = rest.slice(stop);
    match = pattern.exec(rest);
  }
  if (rest.length > 1) out += rest.slice(0, -1);
  return qc + out.split(qc).join(escQc) + qc;
}
