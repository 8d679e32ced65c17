import { exitStatus } from '../error-codes.js';
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
  const err = outOfDescriptors(thrown) ?? (isEnvironmentErrno(thrown) ? ioErrorFromErrno(thrown) : thrown);
  if (err instanceof OrchError) {
    process.stderr.write(`Error: ${formatError(err)}\n`);
    if (debug && err.stack) process.stderr.write(`${err.stack}\n`);
    return err.exitCode;
  }
  process.stderr.write(`orch: internal error (this is a bug, please report it with the command line):\n`);
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return exitStatus('internal');
}

/** Running out of file descriptors is the machine's limit, not a bug of orch: say which limit. */
function outOfDescriptors(err: unknown): OrchError | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code !== 'EMFILE' && code !== 'ENFILE') return undefined;
  return new OrchError({
    code: 'OUT_OF_FILE_DESCRIPTORS', message: `orch ran out of file descriptors: ${(err as Error).message}`,
    hint: code === 'EMFILE'
      ? 'Raise the limit of open files (e.g. ulimit -n 4096) and run the command again; an interrupted sweep goes on with orch resume.'
      : 'The whole system is out of open files (ENFILE): close other programs and run the command again.',
    cause: err,
  });
}
