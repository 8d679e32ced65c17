/** The GNU tar command line of `orch archive`, as an argument array (never a shell string). */
import { STDERR_FILE, STDOUT_FILE } from '../store/types.js';

export interface TarArgs {
  /** Directory tar works in; `entry` is relative to it and becomes the archive's top path. */
  cwd: string;
  entry: string;
  excludeLogs: boolean;
}

/**
 * Deterministic: entries sorted by name and owners written as 0, so the same tree gives the same
 * bytes on any machine. Modification times are kept: they are part of the record (and what a later
 * `orch sync --update` compares). The archive goes to stdout, to be compressed by orch.
 */
export function tarArgs(a: TarArgs): string[] {
  return [
    '--create', '--format=gnu', '--sort=name', '--owner=0', '--group=0', '--numeric-owner',
    ...(a.excludeLogs ? [`--exclude=${STDOUT_FILE}`, `--exclude=${STDERR_FILE}`] : []),
    '--file=-', `--directory=${a.cwd}`, '--', a.entry,
  ];
}
