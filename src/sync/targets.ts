/**
 * Which paths a sync copies and where they land: a sweep keeps its path relative to the project
 * root on the remote (`outputs/multirun/2026-12-06/10-00-00` -> `REMOTE/outputs/multirun/...`), so
 * the remote mirrors the project's `outputs/` (and `data/`) and a pull puts a sweep back where it was.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { SyncError } from './errors.js';

export const OUTPUTS_DIR = 'outputs';
export const DATA_DIR = 'data';

/** `name:path` of a configured remote, or `:backend,opt=...:path` of an on-the-fly one. */
export function looksLikeRemote(arg: string): boolean {
  return /^(?::[A-Za-z0-9]|[\w][\w.\- ]*:)/.test(arg);
}

/**
 * Splits `[SWEEP...] REMOTE`. Without `orch.sync.remote` the last argument is the remote. With it,
 * the last argument still wins when it can only be a remote (`name:...`, or a path outside the
 * project, where no sweep of the project can be); otherwise every argument is a sweep.
 */
export function splitRemote(args: readonly string[], configRemote: string | undefined, projectRoot: string, configFile: string): { sweeps: string[]; remote: string } {
  const last = args.at(-1);
  if (last !== undefined && (configRemote === undefined || looksLikeRemote(last) || relativeInside(projectRoot, last) === undefined)) {
    return { sweeps: args.slice(0, -1), remote: last };
  }
  if (configRemote === undefined) {
    throw new SyncError({
      code: 'SYNC_NO_REMOTE', message: 'No remote given: orch sync push|pull [SWEEP...] REMOTE',
      hint: `Pass an rclone remote (e.g. backup:orch/project, or a folder such as /mnt/backup), or set orch.sync.remote in ${configFile}.`,
    });
  }
  return { sweeps: [...args], remote: configRemote };
}

/** `path` relative to `root` with `/` separators ('' for the root), or undefined when outside it. */
export function relativeInside(root: string, path: string): string | undefined {
  const rel = relative(root, resolve(root, path));
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

/**
 * The project-relative paths to copy: the given sweeps (default: the whole outputs/ root), then
 * data/ when asked. A path inside another one given is dropped: it is copied with its parent.
 */
export function syncPaths(projectRoot: string, sweeps: readonly string[], withData: boolean): string[] {
  const rels = (sweeps.length ? sweeps : [OUTPUTS_DIR]).map((s) => {
    const rel = relativeInside(projectRoot, s);
    if (rel === undefined || rel === '') {
      throw new SyncError({
        code: 'SYNC_OUTSIDE_PROJECT', message: `${s}: not a directory inside the project ${projectRoot}`,
        hint: 'A sweep keeps its path under the project on the remote, so sync works on sweeps inside the project: run orch from the project root and pass e.g. outputs/multirun/2026-12-06/10-00-00.',
      });
    }
    return rel;
  });
  if (withData) rels.push(DATA_DIR);
  const unique = [...new Set(rels)];
  return unique.filter((r) => !unique.some((o) => o !== r && r.startsWith(`${o}/`)));
}

/** `remote` joined with a relative path, whether the remote is `name:`, `name:dir`, `name:dir/` or a folder. */
export function remoteJoin(remote: string, rel: string): string {
  return remote.endsWith(':') || remote.endsWith('/') ? `${remote}${rel}` : `${remote}/${rel}`;
}
