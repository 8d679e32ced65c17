/**
 * What orch tells the user on stderr besides errors (so never in `--cfg` or `orch compose` output).
 * Non-fatal problems, where the command goes on (a warning of composition, a record that could not
 * be updated, a value kept unresolved, nothing to run), are warnings, all with one prefix,
 * `orch: warning: `; what orch did or where to look next (`orch: sweep of 4 job(s) in DIR`) is
 * inform()'s, prefixed `orch: `.
 */

export type Warn = (message: string) => void;
type Write = (text: string) => void;

const toStderr: Write = (text) => void process.stderr.write(text);

/** `orch: warning: <message>` and a newline, as every warning is written. */
export function warningLine(message: string): string {
  return `orch: warning: ${message}\n`;
}

/** Writes one warning to stderr (or to `write`). */
export function warn(message: string, write: Write = toStderr): void {
  write(warningLine(message));
}

/**
 * A warn() that says each text once per run though every job of a sweep composes it (Hydra's
 * composition warnings: a defaults list without `_self_`...).
 */
export function warnOnce(write: Write = toStderr): Warn {
  const seen = new Set<string>();
  return (message) => {
    if (seen.has(message)) return;
    seen.add(message);
    warn(message, write);
  };
}

/** Writes one line saying what orch did or where to look next: `orch: <message>`. */
export function inform(message: string, write: Write = toStderr): void {
  write(`orch: ${message}\n`);
}
