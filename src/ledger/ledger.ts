/**
 * The ledger of some roots: each root's index read, brought up to date (refresh.ts) and written back
 * when it changed. The index is a cache of the run store, so anything wrong with it (missing, another
 * format version, unparsable, not writable) costs a rebuild or a warning, never a wrong answer.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
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

/**
 * Takes the appended rows: the log is first renamed aside, so a launcher appending meanwhile
 * starts a new log instead of writing into one about to be removed; logs set aside by an
 * `orch runs` that died before removing them are taken too (their rows are applied again, which
 * is harmless: later lines win). A torn last line (a writer killed mid-append) is skipped.
 * Returns the files to remove once the index holding their rows is written.
 */
function applyLog(state: IndexState): string[] {
  const log = join(state.root, INDEX_LOG);
  try {
    renameSync(log, `${log}.${process.pid}.${randomBytes(4).toString('hex')}`);
  } catch { /* no log: nothing appended since the last fold */ }
  let names: string[];
  try {
    names = readdirSync(state.root).filter((n) => n.startsWith(`${INDEX_LOG}.`));
  } catch {
    return [];
  }
  const taken: string[] = [];
  for (const name of names) {
    let text: string;
    try {
      text = readFileSync(join(state.root, name), 'utf8');
    } catch {
      continue; // folded and removed by another `orch runs` a moment ago
    }
    taken.push(join(state.root, name));
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        const l = JSON.parse(line) as LogLine;
        state.jobs.set(l.id, { stamp: l.stamp, dirMtime: l.dirMtime, row: { ...l.row, root: state.root, params: paramsOf(l.row.overrides) } });
      } catch { /* skipped */ }
    }
  }
  return taken;
}

async function loadRoot(root: string, opts: LoadOptions): Promise<{ state: IndexState; stats: RootStats }> {
  const old = opts.rebuild ? undefined : readIndex(root);
  const state = old ?? emptyIndex(root);
  const logs = applyLog(state);
  const logged = logs.length > 0;
  const changed = refreshIndex(state, { full: opts.refresh }) || logged || !old;
  let written = false;
  if (changed) {
    try {
      await writeFileAtomic(join(root, INDEX_FILE), encodeIndex(state), { fsync: false });
      for (const f of logs) rmSync(f, { force: true });
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
 * For `orch note` and the run loop, when a job ends: puts the job's row into the ledger of the root
 * it is under (when that root has one), so the next `orch runs` need not even stat it. Appended,
 * one line per call; `orch runs` folds the lines into the index. Not needed for correctness: a
 * refresh finds the job from the mtimes anyway. Returns whether a ledger was updated.
 */
export function updateLedgerEntry(jobDir: string): boolean {
  const dir = resolve(jobDir);
  const found = findIndexed(dir);
  if (!found) return false;
  const line = logLine(found, dir);
  if (line === undefined) return false;
  appendFileSync(join(found.root, INDEX_LOG), line);
  return true;
}

function logLine(found: { root: string; sweep?: string }, dir: string): string | undefined {
  const id = relative(found.root, dir);
  const row = readRow(found.root, id, found.sweep);
  if (!row) return undefined;
  // The record's real mtime, however recent: the caller says the job ended, so no write follows in
  // the same clock tick unless something runs it again, and that moves the lock's directory.
  const stamp = statSync(join(dir, ORCH_META_DIR, RUN_FILE)).mtimeMs;
  const dirMtime = found.sweep === undefined ? statSync(dir).mtimeMs : -1;
  const { root: _root, params: _params, ...plain } = row;
  return JSON.stringify({ id, stamp, dirMtime, row: plain } satisfies LogLine) + '\n';
}

export interface LedgerFeed {
  /** The job in `jobDir` ended (its run record is written): its row joins the next batch. */
  ended(jobDir: string): void;
  /** Writes the rows of jobs ended so far. */
  flush(): void;
}

/**
 * The run loop's side of the ledger: rows of ended jobs, appended in batches (one write per batch,
 * with O_APPEND, so sweeps finishing at once under one root interleave whole lines), and only under
 * a root whose index exists (`orch runs` builds a missing one from the run store). A sweep finds
 * its root once per directory its jobs are in. A ledger that cannot be written is skipped with one
 * warning: it is a cache, and the next `orch runs` finds the jobs from the mtimes.
 */
export function createLedgerFeed(opts: { maxBatch?: number; maxDelayMs?: number; warn?: (message: string) => void } = {}): LedgerFeed {
  const maxBatch = opts.maxBatch ?? 256;
  const maxDelayMs = opts.maxDelayMs ?? 1000;
  const roots = new Map<string, { root: string; sweep?: string } | undefined>();
  let queued: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let warned = false;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const dirs = queued;
    queued = [];
    const byRoot = new Map<string, string[]>();
    for (const dir of dirs) {
      try {
        const parent = dirname(dir);
        if (!roots.has(parent)) roots.set(parent, findIndexed(dir));
        const found = roots.get(parent);
        const line = found && logLine(found, dir);
        if (line) byRoot.set(found.root, [...(byRoot.get(found.root) ?? []), line]);
      } catch (err) {
        if (!warned) opts.warn?.(`orch: could not read ${dir} for the ledger (${(err as Error).message}); orch runs will find it`);
        warned = true;
      }
    }
    for (const [root, lines] of byRoot) {
      try {
        appendFileSync(join(root, INDEX_LOG), lines.join(''));
      } catch (err) {
        if (!warned) opts.warn?.(`orch: could not append to the ledger of ${root} (${(err as Error).message}); orch runs will find the jobs`);
        warned = true;
      }
    }
  };
  return {
    ended(jobDir) {
      queued.push(resolve(jobDir));
      if (queued.length >= maxBatch) flush();
      else if (!timer) {
        timer = setTimeout(flush, maxDelayMs);
        timer.unref();
      }
    },
    flush,
  };
}
