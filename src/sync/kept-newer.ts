/** Files that `rclone copy --update` leaves alone because the destination's copy is newer. */

export interface FileEntry {
  size: number;
  /** Modification time in ms since the epoch (upload time on remotes without modification times). */
  modTime: number;
}

export type Listing = ReadonlyMap<string, FileEntry>;

/**
 * rclone treats times within a second as equal when a side lacks precise times, so newer means by
 * a second or more. Only files whose sizes differ are named: a remote without modification times
 * reports the upload time, which makes every unchanged file look newer there.
 */
export const NEWER_BY_MS = 1000;

export function keptNewer(src: Listing, dst: Listing): string[] {
  const kept: string[] = [];
  for (const [path, s] of src) {
    const d = dst.get(path);
    if (d && d.modTime - s.modTime >= NEWER_BY_MS && d.size !== s.size) kept.push(path);
  }
  return kept.sort();
}

/** rclone lsjson's output as a listing. */
export function parseLsjson(json: string): Map<string, FileEntry> {
  const rows = JSON.parse(json) as { Path: string; Size: number; ModTime: string }[];
  return new Map(rows.map((r) => [r.Path, { size: r.Size, modTime: Date.parse(r.ModTime) }]));
}
