import { IoError } from '../errors.js';

/** Errors after which no job's files can be written. */
const STORE_FULL = new Set(['ENOSPC', 'EDQUOT', 'EROFS']);

/** Why no further job may start when `err` happened writing a job's files, or undefined when it is not that. */
export function unrecordable(err: unknown): string | undefined {
  return err instanceof IoError && STORE_FULL.has(err.errno) ? `results cannot be recorded (${err.errno}); free space, then orch resume` : undefined;
}
