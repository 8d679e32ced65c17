/**
 * Pure path rules for output directories. The template of `orch.run.dir` / `orch.sweep.dir` /
 * `orch.sweep.subdir` decides the directory structure; a value interpolated into it is one path
 * segment, so that no config value or override (e.g. `data.path=/a/b` in `override_dirname`) can
 * add levels or climb out with `..`.
 */
import { createHash } from 'node:crypto';
import { isAbsolute, relative, sep } from 'node:path';

/** What a `/`, a NUL or another control character in an interpolated value becomes. */
export const SEGMENT_REPLACEMENT = '_';

/** Linux and macOS refuse longer names (ENAMETOOLONG). */
export const MAX_SEGMENT_BYTES = 255;

/** Hex digits of the sha256 that replaces the end of a too-long segment. */
const HASH_CHARS = 12;

// eslint-disable-next-line no-control-regex
const UNSAFE = /[/\u0000-\u001f\u007f]/g;

/**
 * An interpolated value made safe as (part of) one segment: separators and control characters
 * become `_`, and a value that is exactly `.` or `..` becomes `_` / `__` (it would otherwise name
 * the directory itself or its parent). An empty value stays empty: it adds no level.
 */
export function sanitizeSegment(value: string): string {
  const s = value.replace(UNSAFE, SEGMENT_REPLACEMENT);
  return s === '.' || s === '..' ? SEGMENT_REPLACEMENT.repeat(s.length) : s;
}

/**
 * A segment over 255 bytes (UTF-8) cut to a prefix plus `-` and a hash of the whole segment: the
 * same value always gives the same name, and two long values differing only at the end do not meet.
 */
export function shortenSegment(segment: string): string {
  // A UTF-16 unit is at most 3 UTF-8 bytes: short strings need no count.
  if (segment.length * 3 <= MAX_SEGMENT_BYTES || Buffer.byteLength(segment) <= MAX_SEGMENT_BYTES) return segment;
  const hash = createHash('sha256').update(segment).digest('hex').slice(0, HASH_CHARS);
  const budget = MAX_SEGMENT_BYTES - HASH_CHARS - 1;
  let prefix = '';
  let bytes = 0;
  for (const ch of segment) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > budget) break;
    prefix += ch;
    bytes += n;
  }
  return `${prefix}-${hash}`;
}

/** Every segment of a `/`-separated path shortened (see shortenSegment). */
export function shortenPath(path: string): string {
  if (path.length * 3 <= MAX_SEGMENT_BYTES) return path;
  return path.split('/').map(shortenSegment).join('/');
}

/** True when `dir` is `root` or below it (both absolute, already resolved); `strict` excludes `root`. */
export function isInside(root: string, dir: string, strict = false): boolean {
  const rel = relative(root, dir);
  if (rel === '') return !strict;
  return !isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`);
}
