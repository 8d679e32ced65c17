/**
 * rclone command lines, built as argument arrays (never a shell string). Every command puts its
 * flags first and its paths after `--`, so a path or remote starting with `-` cannot become a flag.
 */
import { LOCK_FILE } from '../store/lock.js';

/**
 * Never copied: a run lock names a process of this host (on another host it would look like a live
 * run), and an atomic write's temp file is a half-written file (see tempPathFor in store/atomic.ts).
 */
export const SYNC_EXCLUDES = [LOCK_FILE, '.*.*.????????.tmp'];

/**
 * A symbolic link (a `best.ckpt` pointing at the best epoch's file) is copied as a link, stored
 * on the remote as `<name>.rclonelink` (a link again on a local-folder remote), and comes back as a
 * link: never as the content of whatever it points at, which may be outside the sweep.
 */
const LINKS = '--links';

export interface CopyArgs {
  from: string;
  to: string;
  dryRun: boolean;
  /** rclone's live progress display (a terminal) rather than log lines and periodic stats. */
  progress: boolean;
  flags: readonly string[];
}

/**
 * `rclone copy`: copies what is missing or changed and never deletes, so running it again after
 * an interruption resumes it. `--update` keeps any destination file newer than the source's copy.
 */
export function copyArgs(a: CopyArgs): string[] {
  return [
    'copy', '--update', LINKS,
    ...SYNC_EXCLUDES.flatMap((e) => ['--exclude', e]),
    ...(a.dryRun ? ['--dry-run'] : []),
    ...(a.progress ? ['--progress'] : ['--verbose', '--stats', '10s']),
    ...a.flags,
    '--', a.from, a.to,
  ];
}

/** `rclone lsjson`: every file below `path` with size and modification time, as one JSON array. */
export function listArgs(path: string, flags: readonly string[]): string[] {
  return ['lsjson', '--recursive', '--files-only', '--no-mimetype', LINKS, ...SYNC_EXCLUDES.flatMap((e) => ['--exclude', e]), ...flags, '--', path];
}
