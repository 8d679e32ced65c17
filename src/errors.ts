/**
 * Every error a user can cause is an OrchError: it carries a stable `code`, a message that leads
 * with *where* (file:line, key path, or the override with a caret), and an optional `hint` naming the
 * next thing to try. The CLI prints `message` (+ hint) and exits with `exitCode` without a stack trace.
 * Anything that is not an OrchError is a bug and is reported as one.
 */
export class OrchError extends Error {
  readonly code: string;
  readonly hint?: string;
  readonly exitCode: number = 2;
  constructor(code: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
  }
}

/** Formats an error for the terminal: message, then hint. */
export function formatError(err: OrchError): string {
  return err.hint ? `${err.message}\n${err.hint}` : err.message;
}

/** Levenshtein-closest candidate for "Did you mean ...?" suggestions, or undefined if none is close. */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDist = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDist) { bestDist = d; best = c; }
  }
  return best !== undefined && bestDist <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}
