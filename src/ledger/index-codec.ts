/**
 * The ledger index of one root, in memory and as text. One JSON document, because one JSON.parse
 * of a whole file is several times faster than parsing a line per run; compact, because at 100,000
 * runs its parse is most of what `orch runs` costs: every repeated string (a status, a task, an
 * override, a metric name, a commit) is written once in `strings` and referred to by number, a
 * path is its parent's number and its own name, and a time is milliseconds since 1970.
 * FORMAT_VERSION changes whenever a reader of the old layout would misread the new: the index is
 * then rebuilt from the run store, never misread.
 */
import { dirname, basename } from 'node:path';
import { paramsOf, timeMs } from './fields.js';
import type { LedgerRow, LedgerSweep, MetricValue, Note } from './types.js';

export const FORMAT = 'orch-ledger';
export const FORMAT_VERSION = 2;

export interface DirEntry {
  /** mtimeMs when the listing was taken; -1 when it was too recent to trust (see settled()). */
  mtime: number;
  /** Names of the sub-directories worth visiting (job dirs and dirs that may hold some). */
  children: string[];
  /** Set on a sweep directory. `journal`: size + mtime of its journal, a job finishing changes it. */
  sweep?: { meta: LedgerSweep; journal: number };
}

export interface JobEntry {
  row: LedgerRow;
  /** mtimeMs of `.orch/run.json` when read; -1 when too recent to trust. */
  stamp: number;
  /** A single run: mtimeMs of its directory (its lock lives there); -1 in a sweep or when unsettled. */
  dirMtime: number;
}

export interface IndexState {
  root: string;
  dirs: Map<string, DirEntry>;
  jobs: Map<string, JobEntry>;
}

export function emptyIndex(root: string): IndexState {
  return { root, dirs: new Map(), jobs: new Map() };
}

type Enc = number | string | boolean | null | Enc[] | { [k: string]: Enc };

class Strings {
  readonly list: string[] = [];
  private readonly ids = new Map<string, number>();
  id(s: string | undefined): number {
    if (s === undefined) return -1;
    let i = this.ids.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(s);
      this.ids.set(s, i);
    }
    return i;
  }
}

/** A well-formed time as its milliseconds, anything else as written. */
function encodeTime(iso: string | undefined, ms: number | undefined, strings: Strings): Enc {
  if (iso === undefined) return ms ?? null;
  return ms !== undefined && new Date(ms).toISOString() === iso ? ms : [strings.id(iso)];
}

function encodeValue(v: MetricValue, strings: Strings): Enc {
  if (typeof v === 'number') return Number.isFinite(v) ? v : { n: String(v) };
  return typeof v === 'string' ? [strings.id(v)] : v;
}

function encodeNotes(notes: readonly Note[]): Enc {
  return notes.length ? notes.map((n) => [n.at, n.text]) : 0;
}

export function encodeIndex(state: IndexState, builtAt = new Date()): string {
  const s = new Strings();
  const dirs: Enc[] = [];
  for (const [rel, d] of state.dirs) {
    const meta = d.sweep?.meta;
    const sweep: Enc = meta && d.sweep
      ? [d.sweep.journal, s.id(meta.task), meta.createdAt ?? null, s.id(meta.description), s.id(meta.hypothesis), encodeNotes(meta.notes)]
      : 0;
    dirs.push([s.id(rel), d.mtime, d.children.map((c) => s.id(c)), sweep]);
  }
  const jobs: Enc[] = [];
  for (const [rel, j] of state.jobs) {
    const r = j.row;
    const parent = dirname(rel);
    const metrics: Enc[] = [];
    for (const [k, v] of Object.entries(r.metrics)) metrics.push(s.id(k), encodeValue(v, s));
    jobs.push([
      s.id(parent === '.' ? '' : parent), s.id(basename(rel)), s.id(r.sweep), j.stamp, j.dirMtime,
      s.id(r.status), s.id(r.task), r.num, r.attempt, r.overrides.map((o) => s.id(o)),
      encodeTime(r.startedAt, r.startedMs, s), encodeTime(r.endedAt, r.endedMs, s), r.durationSec ?? null,
      s.id(r.commit), r.dirty === undefined ? -1 : r.dirty ? 1 : 0, s.id(r.host), metrics,
      s.id(r.description), s.id(r.hypothesis), encodeNotes(r.notes),
      // Written inline: a config hash is one per run, and the string table is for what repeats.
      r.configHash ?? 0, s.id(r.codeState), r.reusedFrom ?? 0,
    ]);
  }
  return JSON.stringify({ format: FORMAT, version: FORMAT_VERSION, root: state.root, builtAt: builtAt.toISOString(), strings: s.list, dirs, jobs }) + '\n';
}

function decodeNotes(e: unknown): Note[] {
  return Array.isArray(e) ? e.map((n) => ({ at: String((n as string[])[0]), text: String((n as string[])[1]) })) : [];
}

/** The index in `text`, or undefined when it is not one this version of orch wrote (rebuild it then). */
export function decodeIndex(text: string, root: string): IndexState | undefined {
  let doc: { format?: unknown; version?: unknown; root?: unknown; strings?: string[]; dirs?: unknown[][]; jobs?: unknown[][] };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch {
    return undefined;
  }
  // Written for another root (the outputs were moved or copied): its relative paths still hold, but
  // rows name their root, so it is rebuilt rather than trusted.
  if (doc?.format !== FORMAT || doc.version !== FORMAT_VERSION || doc.root !== root) return undefined;
  const { strings = [], dirs = [], jobs = [] } = doc;
  const str = (i: unknown): string | undefined => (typeof i === 'number' && i >= 0 ? strings[i] : undefined);
  const text_ = (e: unknown): string | undefined => (Array.isArray(e) ? str(e[0]) : undefined);
  const ms = (e: unknown): number | undefined => (typeof e === 'number' ? e : timeMs(text_(e)));
  // Runs of a grid share their override lists: one params object per distinct list.
  const paramsCache = new Map<string, { overrides: string[]; params: Record<string, string> }>();
  const state = emptyIndex(root);
  try {
    for (const d of dirs) {
      const rel = str(d[0])!;
      const sw = d[3] as unknown[] | 0;
      state.dirs.set(rel, {
        mtime: d[1] as number, children: (d[2] as number[]).map((c) => strings[c]!),
        sweep: sw ? { journal: sw[0] as number, meta: { id: rel, root, task: str(sw[1]) ?? '', createdAt: (sw[2] as string | null) ?? undefined, description: str(sw[3]), hypothesis: str(sw[4]), notes: decodeNotes(sw[5]) } } : undefined,
      });
    }
    for (const j of jobs) {
      const parent = str(j[0])!;
      const id = parent ? `${parent}/${str(j[1])}` : str(j[1])!;
      const ovKey = (j[9] as number[]).join(',');
      let ov = paramsCache.get(ovKey);
      if (!ov) {
        const overrides = (j[9] as number[]).map((o) => strings[o]!);
        ov = { overrides, params: paramsOf(overrides) };
        paramsCache.set(ovKey, ov);
      }
      const m = j[16] as unknown[];
      const metrics: Record<string, MetricValue> = {};
      for (let i = 0; i < m.length; i += 2) {
        const v = m[i + 1];
        metrics[strings[m[i] as number]!] = Array.isArray(v) ? strings[v[0] as number]! : v !== null && typeof v === 'object' ? Number((v as { n: string }).n) : (v as number | boolean);
      }
      const dirty = j[14] as number;
      const row: LedgerRow = {
        id, root, sweep: str(j[2]), status: str(j[5])!, task: str(j[6]) ?? '', num: j[7] as number, attempt: j[8] as number,
        overrides: ov.overrides, params: ov.params, startedAt: text_(j[10]), startedMs: ms(j[10]), endedAt: text_(j[11]), endedMs: ms(j[11]), durationSec: (j[12] as number | null) ?? undefined,
        commit: str(j[13]), dirty: dirty < 0 ? undefined : dirty === 1, host: str(j[15]), metrics,
        description: str(j[17]), hypothesis: str(j[18]), notes: decodeNotes(j[19]),
      };
      if (typeof j[20] === 'string') row.configHash = j[20];
      const codeState = str(j[21]);
      if (codeState !== undefined) row.codeState = codeState;
      if (typeof j[22] === 'string') row.reusedFrom = j[22];
      state.jobs.set(id, { row, stamp: j[3] as number, dirMtime: j[4] as number });
    }
  } catch {
    return undefined;
  }
  return state;
}
