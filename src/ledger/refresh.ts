/**
 * Brings a root's index up to date with the run store without reading every run: a directory whose
 * mtime is what the index saw has the same entries, and a finished job's record changes only when
 * something runs it again, which takes the run lock in its sweep's directory (or, for a single run,
 * in its own), so that directory's mtime moves. So a refresh stats the directories, the records of
 * jobs that had not finished, and every record of a sweep whose directory or journal moved; it reads
 * a file only for what changed. `full` (orch runs --refresh) distrusts the index and re-reads all.
 */
import { readdirSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { isTerminal } from '../store/run-record.js';
import { ORCH_META_DIR, RUN_FILE, type RunStatus } from '../store/types.js';
import type { DirEntry, IndexState, JobEntry } from './index-codec.js';
import { isSweepListing, readRow, readSweep } from './read-run.js';

/** A file changed within this long before we looked may change again in the same clock tick. */
const RECENT_MS = 2000;
const MAX_DEPTH = 12;
const JOURNAL = join(ORCH_META_DIR, 'journal.jsonl');

interface Walk {
  state: IndexState;
  now: number;
  full: boolean;
  changed: boolean;
}

function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** The mtime to remember: -1 (never equal to a real one) when too recent to be sure nothing follows in the same tick. */
function settled(w: Walk, mtimeMs: number): number {
  return w.now - mtimeMs > RECENT_MS ? mtimeMs : -1;
}

const childRel = (rel: string, name: string) => (rel ? `${rel}/${name}` : name);

/** Sub-directories that may hold runs: not orch's own (`.orch`), not hidden, not a package tree. */
export function worthVisiting(name: string): boolean {
  return !name.startsWith('.') && name !== 'node_modules' && name !== '__pycache__';
}

/** Refreshes `state` in place; true when anything in it changed (so the index must be rewritten). */
export function refreshIndex(state: IndexState, opts: { full?: boolean; now?: number } = {}): boolean {
  const w: Walk = { state, now: opts.now ?? Date.now(), full: opts.full ?? false, changed: false };
  visitChild(w, '', 0, undefined, false);
  return w.changed;
}

/**
 * Forgets `rel` and everything below it. Entries go only where a listing lost a name or a stat
 * found nothing, so this scan is rare; a seen-set over every run would cost each refresh instead.
 */
function forget(w: Walk, rel: string): void {
  const below = rel ? `${rel}/` : '';
  for (const map of [w.state.dirs, w.state.jobs] as Array<Map<string, unknown>>) {
    for (const k of map.keys()) if (k === rel || k.startsWith(below)) map.delete(k);
  }
  w.changed = true;
}

function visitChild(w: Walk, rel: string, depth: number, sweep: string | undefined, guardMoved: boolean): void {
  const job = w.state.jobs.get(rel);
  if (job) return checkJob(w, rel, job, sweep, guardMoved, depth);
  const abs = join(w.state.root, rel);
  if (w.state.dirs.has(rel)) {
    // A job dir made at dispatch, listed before its record: the record lands in `.orch/`, which
    // does not move the job dir, but the sweep's lock or journal moved, so look for it then.
    const runSt = guardMoved ? statOf(join(abs, ORCH_META_DIR, RUN_FILE)) : undefined;
    if (runSt) {
      forget(w, rel);
      if (readJob(w, rel, sweep, runSt)) return;
    }
    return visitDir(w, rel, depth, sweep, guardMoved);
  }
  const runSt = statOf(join(abs, ORCH_META_DIR, RUN_FILE));
  if (runSt && readJob(w, rel, sweep, runSt)) return;
  if (depth <= MAX_DEPTH) visitDir(w, rel, depth, sweep, guardMoved);
}

function checkJob(w: Walk, rel: string, job: JobEntry, sweep: string | undefined, guardMoved: boolean, depth: number): void {
  // The common case first, without building a path: a finished run in a sweep that did not move.
  if (sweep !== undefined && !guardMoved && !w.full && job.row.sweep === sweep && isTerminal(job.row.status as RunStatus)) return;
  const abs = join(w.state.root, rel);
  let dirSt: Stats | undefined;
  if (sweep === undefined) {
    dirSt = statOf(abs);
    if (!dirSt) return forget(w, rel);
    guardMoved = job.dirMtime !== dirSt.mtimeMs;
  }
  const moved = w.full || guardMoved || job.row.sweep !== sweep;
  if (!moved && isTerminal(job.row.status as RunStatus)) return;
  const runSt = statOf(join(abs, ORCH_META_DIR, RUN_FILE));
  if (!runSt) {
    // No longer a job (its record or its directory was removed): it may still hold runs below it.
    forget(w, rel);
    return visitChild(w, rel, depth, sweep, guardMoved);
  }
  // In a sweep only the record tells (orch note updates the index itself); a single run's notes
  // and metrics move its directory, so a moved one is read again.
  const reread = w.full || runSt.mtimeMs !== job.stamp || job.row.sweep !== sweep || (sweep === undefined && guardMoved);
  if (!reread) return;
  readJob(w, rel, sweep, runSt, dirSt);
}

function readJob(w: Walk, rel: string, sweep: string | undefined, runSt: Stats, dirSt?: Stats): boolean {
  const row = readRow(w.state.root, rel, sweep);
  if (!row) return false;
  if (sweep === undefined) dirSt ??= statOf(join(w.state.root, rel));
  w.state.jobs.set(rel, { row, stamp: settled(w, runSt.mtimeMs), dirMtime: sweep === undefined && dirSt ? settled(w, dirSt.mtimeMs) : -1 });
  w.changed = true;
  return true;
}

function visitDir(w: Walk, rel: string, depth: number, sweep: string | undefined, guardMoved: boolean): void {
  const abs = join(w.state.root, rel);
  const st = statOf(abs);
  const known = w.state.dirs.get(rel);
  if (!st?.isDirectory()) return void (known && forget(w, rel));
  const relisted = w.full || !known || known.mtime !== st.mtimeMs;
  let children: string[];
  let isSweep: boolean;
  if (relisted) {
    let entries;
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      return void (known && forget(w, rel));
    }
    // A directory seen before its run record was written (a job dir made at dispatch) is a job now.
    const runSt = entries.some((e) => e.name === ORCH_META_DIR) ? statOf(join(abs, ORCH_META_DIR, RUN_FILE)) : undefined;
    if (runSt) {
      if (known) forget(w, rel);
      if (readJob(w, rel, sweep, runSt)) return;
    }
    children = entries.filter((e) => e.isDirectory() && worthVisiting(e.name)).map((e) => e.name).sort();
    isSweep = isSweepListing(abs, entries.map((e) => e.name));
    if (rel !== '' || !known || known.children.join('/') !== children.join('/') || isSweep !== (known.sweep !== undefined)) w.changed = true;
    if (known) {
      const now = new Set(children);
      for (const gone of known.children) if (!now.has(gone)) forget(w, childRel(rel, gone));
    }
  } else {
    children = known.children;
    isSweep = known.sweep !== undefined;
  }
  let journal = 0;
  let sweepMoved = guardMoved;
  if (isSweep) {
    const jst = statOf(join(abs, JOURNAL));
    // Appending moves the mtime, and in the same clock tick still the size.
    journal = !jst ? 0 : settled(w, jst.mtimeMs) < 0 ? -1 : jst.mtimeMs + jst.size / 1e9;
    sweepMoved = relisted || known?.sweep?.journal !== journal || journal < 0;
  }
  const mySweep = isSweep ? rel : sweep;
  for (const name of children) visitChild(w, childRel(rel, name), depth + 1, mySweep, sweepMoved);
  const entry: DirEntry = { mtime: settled(w, st.mtimeMs), children };
  if (isSweep) {
    const meta = !sweepMoved && known?.sweep ? known.sweep.meta : readSweep(w.state.root, rel, firstJobOf(w, rel, children));
    if (meta !== known?.sweep?.meta || journal !== known?.sweep?.journal) w.changed = true;
    entry.sweep = { meta, journal };
  }
  // The root's mtime moves with every write of the index itself: there only the listing counts.
  if (known && known.mtime !== entry.mtime && rel !== '') w.changed = true;
  w.state.dirs.set(rel, entry);
}

/** The first job directly in the sweep (numeric order), whose snapshot carries the sweep's story. */
function firstJobOf(w: Walk, rel: string, children: readonly string[]): string | undefined {
  const jobs = children.map((c) => childRel(rel, c)).filter((c) => w.state.jobs.has(c));
  jobs.sort((a, b) => w.state.jobs.get(a)!.row.num - w.state.jobs.get(b)!.row.num);
  return jobs[0];
}
