/**
 * `orch sync push|pull`: for each path (a sweep, the outputs/ root, data/), check it, list what the
 * destination already has newer, then `rclone copy --update` it. The listings are only for telling
 * the user which files were kept; rclone itself decides what to copy.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SyncError } from './errors.js';
import { keptNewer, type Listing } from './kept-newer.js';
import { kindFromFiles, localDirKind, RUN_MARKER, SWEEP_MARKERS } from './markers.js';
import { copyArgs } from './rclone-args.js';
import { listFiles, rcloneFailed, runRclone } from './rclone.js';
import { DATA_DIR, OUTPUTS_DIR, remoteJoin, splitRemote, syncPaths } from './targets.js';
import type { SyncConfig } from './config.js';

export type SyncDirection = 'push' | 'pull';

export interface SyncOptions {
  direction: SyncDirection;
  /** `[SWEEP...] [REMOTE]` as typed. */
  args: string[];
  data: boolean;
  dryRun: boolean;
  progress: boolean;
  projectRoot: string;
  config: SyncConfig;
  log: (line: string) => void;
}

/** How many kept files are named before "and N more". */
const KEPT_SHOWN = 20;

export async function runSync(o: SyncOptions): Promise<number> {
  const { sweeps, remote } = splitRemote(o.args, o.config.remote, o.projectRoot, o.config.file);
  const rels = syncPaths(o.projectRoot, sweeps, o.data);
  const flags = o.config.rcloneFlags;
  const pairs = rels.map((rel) => {
    const local = join(o.projectRoot, rel);
    const far = remoteJoin(remote, rel);
    return o.direction === 'push' ? { rel, local, from: local, to: far } : { rel, local, from: far, to: local };
  });
  // Check everything before copying anything, so a typo in the third sweep does not leave two copied.
  const sources: (Listing | undefined)[] = [];
  for (const p of pairs) {
    if (o.direction === 'push') checkLocalSource(p.rel, p.local);
    const listing = await listFiles(p.from, flags);
    if (o.direction === 'pull') checkRemoteSource(p.rel, p.from, listing, remote);
    sources.push(listing);
  }
  if (o.dryRun) o.log('orch: dry run: rclone lists what it would copy and copies nothing');
  for (const [i, p] of pairs.entries()) {
    const src = sources[i];
    if (!src) {
      o.log(`orch: ${p.rel}: nothing on the remote yet, skipped`);
      continue;
    }
    const dst = await listFiles(p.to, flags);
    o.log(`orch: ${o.direction} ${p.from} -> ${p.to}`);
    const res = await runRclone(copyArgs({ from: p.from, to: p.to, dryRun: o.dryRun, progress: o.progress, flags }), false);
    if (res.code !== 0) throw rcloneFailed(`copy ${p.from} to ${p.to}`, res);
    const kept = dst ? keptNewer(src, dst) : [];
    if (kept.length) {
      const where = o.direction === 'pull' ? 'here' : 'on the remote';
      const names = kept.slice(0, KEPT_SHOWN).map((k) => `  ${p.rel}/${k}`).join('\n');
      const more = kept.length > KEPT_SHOWN ? `\n  ... and ${kept.length - KEPT_SHOWN} more` : '';
      o.log(`orch: kept ${kept.length} file(s) ${where} that are newer than the ${o.direction === 'pull' ? "remote's" : 'local'} copy (not overwritten):\n${names}${more}`);
    }
  }
  return 0;
}

/** A pushed path must be a sweep or run directory; the outputs/ root and data/ only have to exist. */
function checkLocalSource(rel: string, dir: string): void {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new SyncError({
      code: 'SYNC_NOT_FOUND', message: `${rel}: no such directory in the project`,
      hint: rel === OUTPUTS_DIR ? 'Nothing to push yet: run a task first (orch train).'
        : rel === DATA_DIR ? '--data copies the project\'s data/ folder, and there is none: leave out --data.'
          : 'Pass a sweep directory, e.g. outputs/multirun/2026-12-06/10-00-00.',
    });
  }
  if (rel !== OUTPUTS_DIR && rel !== DATA_DIR && !localDirKind(dir)) throw notASweep(rel, dir);
}

function checkRemoteSource(rel: string, from: string, listing: Listing | undefined, remote: string): void {
  if (rel === OUTPUTS_DIR || rel === DATA_DIR) return;
  if (!listing) {
    throw new SyncError({
      code: 'SYNC_NOT_FOUND', message: `${from}: no such directory on the remote`,
      hint: `See what the remote holds: rclone lsf ${remoteJoin(remote, OUTPUTS_DIR)} (sweeps keep their project path, e.g. outputs/multirun/2026-12-06/10-00-00).`,
    });
  }
  if (!kindFromFiles((f) => listing.has(f))) throw notASweep(rel, from);
}

function notASweep(rel: string, where: string): SyncError {
  return new SyncError({
    code: 'SYNC_NOT_A_SWEEP', message: `${where}: not a sweep or run directory (no ${[...SWEEP_MARKERS, RUN_MARKER].join(', ')})`,
    hint: `Pass a sweep directory (e.g. outputs/multirun/2026-12-06/10-00-00), a run directory, or nothing for the whole ${OUTPUTS_DIR}/ folder; got ${rel}.`,
  });
}
