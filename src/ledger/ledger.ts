/**
 * The ledger of some roots: each root's index read, brought up to date (refresh.ts) and written back
 * when it changed. The index is a cache of the run store, so anything wrong with it (missing, another
 * format version, unparsable, not writable) costs a rebuild or a warning, never a wrong answer.
 */
import { appendFileSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { writeFileAtomic } from '../store/atomic.js';
import { ORCH_META_DIR, RUN_FILE } from '../store/types.js';
import { decodeIndex, emptyIndex, encodeIndex, type IndexState } from './index-codec.js';
import { isSweepDir, readRow } from './read-run.js';
import { refreshIndex } from './refresh.js';
import { paramsOf } from './fields.js';
import type { Ledger, LedgerRow, LedgerSweep } from './types.js';

export const INDEX_FILE = '.orch-ledger.json';
/** Rows appended by updateLedgerEntry between two rewrites of the index: later lines win. */
export const INDEX_LOG = '.orch-ledger.log';

export interface LoadOptions {
  /** Absolute roots. */
  roots: readonly string[];
  /** Paths in the rows are relative to this (so an id can be passed to `orch note`, `orch rerun`). */
  cwd: string;
  /** Ignore the indexes and read every run again. */
  rebuild?: boolean;
  /** Keep the indexes but check every run's record (after the run store was changed by hand). */
  refresh?: boolean;
  warn?: (message: string) => void;
}

export interface RootStats { root: string; rebuilt: boolean; written: boolean; runs: number }

function readIndex(root: string): IndexState | undefined {
  let text: string;
  try {
    text = readFileSync(join(root, INDEX_FILE), 'utf8');
  } catch {
    return undefined;
  }
  return decodeIndex(text, root);
}

interface LogLine { id: string; stamp: number; dirMtime: number; row: Omit<LedgerRow, 'root' | 'params'> }

/** Applies the appended rows; a torn last line (a writer killed mid-append) is skipped. */
function applyLog(state: IndexState): boolean {
  let text: string;
  try {
    text = readFileSync(join(state.root, INDEX_LOG), 'utf8');
  } catch {
    return false;
  }
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const l = JSON.parse(line) as LogLine;
      state.jobs.set(l.id, { stamp: l.stamp, dirMtime: l.dirMtime, row: { ...l.row, root: state.root, params: paramsOf(l.row.overrides) } });
    } catch { /* skipped */ }
  }
  return true;
}

async function loadRoot(root: string, opts: LoadOptions): Promise<{ state: IndexState; stats: RootStats }> {
  const old = opts.rebuild ? undefined : readIndex(root);
  const state = old ?? emptyIndex(root);
  const logged = applyLog(state);
  const changed = refreshIndex(state, { full: opts.refresh }) || logged || !old;
  let written = false;
  if (changed) {
    try {
      await writeFileAtomic(join(root, INDEX_FILE), encodeIndex(state), { fsync: false });
      if (logged) rmSync(join(root, INDEX_LOG), { force: true });
      written = true;
    } catch (err) {
      opts.warn?.(`could not write the ledger index ${join(root, INDEX_FILE)} (${(err as Error).message}); listing without it`);
    }
  }
  return { state, stats: { root, rebuilt: !old, written, runs: state.jobs.size } };
}

/** `a/b` under root `r`, as a path from the cwd. */
function pathFrom(prefix: string, rel: string): string {
  return prefix ? (rel ? `${prefix}/${rel}` : prefix) : rel || '.';
}

export async function loadLedger(opts: LoadOptions): Promise<Ledger & { stats: RootStats[] }> {
  const rows: LedgerRow[] = [];
  const sweeps: LedgerSweep[] = [];
  const stats: RootStats[] = [];
  for (const root of opts.roots) {
    if (!existsSync(root)) continue;
    const { state, stats: s } = await loadRoot(root, opts);
    stats.push(s);
    const prefix = relative(opts.cwd, root);
    const metas = new Map<string, LedgerSweep>();
    for (const [rel, d] of state.dirs) {
      if (!d.sweep) continue;
      const meta = { ...d.sweep.meta, id: pathFrom(prefix, rel) };
      metas.set(rel, meta);
      sweeps.push(meta);
    }
    // In place: the index is written already, and a copy of 100,000 rows costs as much as reading them.
    for (const { row } of state.jobs.values()) {
      const sweep = row.sweep === undefined ? undefined : metas.get(row.sweep);
      row.id = pathFrom(prefix, row.id);
      row.sweep = sweep?.id;
      if (sweep) {
        row.description ??= sweep.description;
        row.hypothesis ??= sweep.hypothesis;
      }
      rows.push(row);
    }
  }
  return { rows, sweeps, stats };
}

/** The root above `dir` that has a ledger index, and the nearest sweep between them. */
function findIndexed(dir: string): { root: string; sweep?: string } | undefined {
  let sweep: string | undefined;
  for (let d = dirname(dir), i = 0; i < 16; d = dirname(d), i++) {
    if (existsSync(join(d, INDEX_FILE))) return { root: d, sweep: sweep === undefined ? undefined : relative(d, sweep) };
    if (sweep === undefined && isSweepDir(d)) sweep = d;
    if (dirname(d) === d) return undefined;
  }
  return undefined;
}

/**
 * For a launcher, when a job ends: puts the job's row into the ledger of the root it is under (when
 * that root has one), so the next `orch runs` need not even stat it. Appended, one line per call;
 * `orch runs` folds the lines into the index. Not needed for correctness: a refresh finds the job
 * from the mtimes anyway. Returns whether a ledger was updated.
 */
export function updateLedgerEntry(jobDir: string): boolean {
  const dir = resolve(jobDir);
  const found = findIndexed(dir);
  if (!found) return false;
  const id = relative(found.root, dir);
  const row = readRow(found.root, id, found.sweep);
  if (!row) return false;
  // The record's real mtime, however recent: the caller says the job ended, so no write follows in
  // the same clock tick unless something runs it again, and that moves the lock's directory.
  const stamp = statSync(join(dir, ORCH_META_DIR, RUN_FILE)).mtimeMs;
  const dirMtime = found.sweep === undefined ? statSync(dir).mtimeMs : -1;
  const { root: _root, params: _params, ...plain } = row;
  const line: LogLine = { id, stamp, dirMtime, row: plain };
  appendFileSync(join(found.root, INDEX_LOG), JSON.stringify(line) + '\n');
  return true;
}
