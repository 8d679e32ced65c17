import { slurmError } from './errors.js';

/**
 * The one place where values enter a batch script. A script has exactly two kinds of places for a
 * value, and each has its own quoting:
 *
 *  - shell words (`shellWord`): bash parses them. Single quotes stop every expansion; a single quote
 *    inside is written as '\''.
 *  - `#SBATCH` option values (`sbatchValue`): bash sees a comment, sbatch parses the line itself with
 *    its own rules (double quotes group, backslash escapes, an unquoted `#` starts a comment; single
 *    quotes are literal characters there). The only way out of a comment for bash is a line break,
 *    so line breaks are refused rather than escaped.
 *
 * Nothing else may splice a configured value into a script.
 */
export function shellWord(value: string | number): string {
  const s = String(value);
  assertNoNul(s, 'a shell word');
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Several shell words, space separated (an argv written into a script). */
export function shellWords(values: readonly (string | number)[]): string {
  return values.map(shellWord).join(' ');
}

/** `--flag="value"` for an `#SBATCH` line; `--flag` alone for a switch. */
export function sbatchOption(flag: string, value?: string | number | boolean): string {
  if (!/^[a-z][a-z0-9-]*$/.test(flag)) {
    throw slurmError({
      code: 'SLURM_SETTING', message: `'${flag}' is not a valid sbatch option name`,
      hint: 'Option names are lowercase letters, digits and dashes, e.g. "mail-type" (underscores become dashes).',
    });
  }
  if (value === undefined || value === true) return `--${flag}`;
  return `--${flag}=${sbatchValue(String(value), flag)}`;
}

export function sbatchValue(value: string, what = 'value'): string {
  assertNoNul(value, what);
  if (/[\r\n]/.test(value)) {
    throw slurmError({
      code: 'SLURM_SETTING', message: `the ${what} for Slurm contains a line break: ${JSON.stringify(value)}`,
      hint: 'An #SBATCH option must fit on one line.',
    });
  }
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/**
 * Slurm expands `%j`, `%A`, `%a`, ... in --output paths; a literal `%` in a directory name must be
 * doubled so that the log lands where we will look for it.
 */
export function slurmFilenameLiteral(path: string): string {
  return path.replace(/%/g, '%%');
}

function assertNoNul(s: string, what: string): void {
  if (s.includes('\0')) throw slurmError({ code: 'SLURM_SETTING', message: `${what} contains a NUL character` });
}
