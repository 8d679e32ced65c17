import { OrchError, formatError } from '../errors.js';

/**
 * What the user sees when a command fails, and the exit code: an OrchError as `Error: ...` with its
 * hint (stack with --debug), anything else as an internal error (exit 70). Shared by both entry
 * points (main.ts, bin.ts).
 */
export function reportFailure(err: unknown, argv: readonly string[]): number {
  const debug = argv.includes('--debug') || argv.includes('--verbose');
  if (err instanceof OrchError) {
    process.stderr.write(`Error: ${formatError(err)}\n`);
    if (debug && err.stack) process.stderr.write(`${err.stack}\n`);
    return err.exitCode;
  }
  process.stderr.write(`orch: internal error (this is a bug, please report it with the command line):\n`);
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return 70;
}
