import { OrchError, formatError, ioErrorFromErrno, isEnvironmentErrno } from '../errors.js';

/**
 * What the user sees when a command fails, and the exit code: an OrchError as `Error: ...` with its
 * hint (stack with --debug), anything else as an internal error (exit 70). An errno error of the
 * environment (a full disk, a permission, a name too long) that no I/O layer wrapped is still the
 * user's to fix, so it is reported as an IoError from what Node recorded on it. Shared by both entry
 * points (main.ts, bin.ts).
 */
export function reportFailure(thrown: unknown, argv: readonly string[]): number {
  const debug = argv.includes('--debug') || argv.includes('--verbose');
  const err = isEnvironmentErrno(thrown) ? ioErrorFromErrno(thrown) : thrown;
  if (err instanceof OrchError) {
    process.stderr.write(`Error: ${formatError(err)}\n`);
    if (debug && err.stack) process.stderr.write(`${err.stack}\n`);
    return err.exitCode;
  }
  process.stderr.write(`orch: internal error (this is a bug, please report it with the command line):\n`);
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return 70;
}
