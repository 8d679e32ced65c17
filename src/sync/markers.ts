/**
 * What makes a directory a sweep or a run, as relative paths of files inside it. Kept as paths (not
 * fs checks) so that a local directory and a remote listing are judged by the same rule.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PLAN_HEADER_FILE } from '../store/plan-record-format.js';
import { ORCH_META_DIR, RUN_FILE, SWEEP_FILE } from '../store/types.js';

/** A sweep holds sweep.json today, or the streamed plan record's header. */
export const SWEEP_MARKERS = [SWEEP_FILE, `${ORCH_META_DIR}/${PLAN_HEADER_FILE}`] as const;
/** A single run (or one job of a sweep) holds its run record. */
export const RUN_MARKER = `${ORCH_META_DIR}/${RUN_FILE}`;

export type DirKind = 'sweep' | 'run';

/** The kind of a directory whose files (relative, `/`-separated) include `has`, or undefined. */
export function kindFromFiles(has: (relPath: string) => boolean): DirKind | undefined {
  if (SWEEP_MARKERS.some(has)) return 'sweep';
  return has(RUN_MARKER) ? 'run' : undefined;
}

export function localDirKind(dir: string): DirKind | undefined {
  return kindFromFiles((rel) => existsSync(join(dir, rel)));
}
