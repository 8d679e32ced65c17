import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants as fsConstants } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { ORCH_ROOT } from '../../orch-root.js';
import { createCommandResolver } from './resolve-command.js';
import { batchLines, type BatchedOutput } from '../line-batcher.js';

/**
 * One long-lived helper process that forks and execs command jobs for the local launcher. Why:
 * Node's spawn forks orch itself, whose ~100 MB of mappings make every fork cost ~6 ms; the helper
 * is small, so a sweep of short jobs is no longer bound by orch's size. One per orch process (the
 * GPU launcher makes a launcher per job), started at the first job; it keeps orch alive only while
 * one of its jobs runs. Two implementations of one protocol: the compiled one (launchers/
 * local-spawner.c, built by `npm run build` where a C compiler is found) and, without it, the
 * Python one (launchers/local-spawner.py). ORCH_SPAWNER=python picks the Python one; without
 * python3 either, or with ORCH_SPAWNER=node, jobs are spawned by Node (spawn-command.ts).
 */
export const SPAWNER_FILE = join(ORCH_ROOT, 'launchers', 'local-spawner.py');
/** Where scripts/build-spawner.mjs puts the compiled spawner. */
export const NATIVE_SPAWNER_FILE = join(ORCH_ROOT, 'dist', 'spawner', 'orch-spawner');

export type SpawnerKind = 'native' | 'python';

export interface SpawnRequest {
  /** Resolved executable; argv[0] is what the job sees as its name. */
  file: string;
  argv: string[];
  cwd: string;
  /** Added to the environment orch had when the helper started. */
  env: Record<string, string>;
  out: string;
  err: string;
  /** Ms between SIGTERM and SIGKILL when the spawner stops the job itself (orch is gone). */
  grace?: number;
}

/**
 * `errno` is its name (ENOENT); `why` says it in words when it is not the exec's own error.
 * `dropped`: a job asked to start after another was not started (that one did not end with 0).
 */
export type StartReply = { pid: number } | { errno: string; why?: string } | { dropped: true };
export interface ExitReply { code: number | null; signal: NodeJS.Signals | null }
export interface SpawnedJob {
  /** The helper's id of the job, for `after` and `cancel`. */
  id: number;
  started: Promise<StartReply>;
  exited: Promise<ExitReply>;
  /** A job still waiting for its `after` is not started (its `started` says dropped); no effect once it runs. */
  cancel(): void;
}

interface Waiting { start: (r: StartReply) => void; exit: (r: ExitReply) => void }

const errnoNames = new Map(Object.entries(constants.errno).map(([name, n]) => [n, name]));
const signalNames = new Map(Object.entries(constants.signals).map(([name, n]) => [n, name as NodeJS.Signals]));

/** The helper's reply line as what it says; undefined for a line it would never write. */
export function parseReply(line: string): { id: number; reply: StartReply | ExitReply; kind: 'S' | 'E' | 'X' | 'D' } | undefined {
  const m = /^([SEXD]) (\d+) (-?\d+)$/.exec(line);
  if (!m) return undefined;
  const id = Number(m[2]);
  const n = Number(m[3]);
  if (m[1] === 'S') return { id, kind: 'S', reply: { pid: n } };
  if (m[1] === 'D') return { id, kind: 'D', reply: { dropped: true } };
  if (m[1] === 'E') return { id, kind: 'E', reply: { errno: errnoNames.get(n) ?? `errno ${n}` } };
  return { id, kind: 'X', reply: n < 0 ? { code: null, signal: signalNames.get(-n) ?? 'SIGKILL' } : { code: n, signal: null } };
}

class Helper {
  private readonly child: ChildProcess;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
  private readonly mine = new WeakSet<SpawnedJob>();
  private buffered = '';
  /**
   * Requests of one turn of the event loop go in one write: a lane that hands over a chain of jobs
   * asks for several at once, each a syscall and a wake-up of the helper when written alone.
   */
  private readonly requests: BatchedOutput;
  dead = false;

  constructor(program: string, args: string[]) {
    // Its own process group: a Ctrl-C at the terminal is orch's to handle, not the helper's.
    this.child = spawn(program, args, { stdio: ['pipe', 'pipe', 'inherit'], detached: true });
    this.child.stdout!.setEncoding('utf8');
    this.child.stdout!.on('data', (d: string) => this.read(d));
    this.child.on('error', (err) => this.die(err.message));
    this.child.on('exit', (code, signal) => this.die(`exited (${signal ?? `code ${code}`})`));
    this.child.stdin!.on('error', () => { /* the exit handler says why */ });
    this.requests = batchLines(this.child.stdin!);
    this.idle();
  }

  /** With `after`, the job starts the moment that job ends with exit code 0 (no round trip to orch). */
  start(req: SpawnRequest, after?: number): SpawnedJob {
    const id = this.nextId++;
    let waiting!: Waiting;
    const started = new Promise<StartReply>((start) => { waiting = { start, exit: () => {} }; });
    const exited = new Promise<ExitReply>((exit) => { waiting.exit = exit; });
    this.waiting.set(id, waiting);
    if (this.waiting.size === 1) this.busy();
    this.requests.write(JSON.stringify(after === undefined ? { id, ...req } : { id, after, ...req }) + '\n');
    const job = { id, started, exited, cancel: () => { if (!this.dead && this.waiting.has(id)) this.requests.write(`{"cancel":${id}}\n`); } };
    this.mine.add(job);
    return job;
  }

  owns(job: SpawnedJob): boolean {
    return this.mine.has(job);
  }

  private read(data: string): void {
    const lines = (this.buffered + data).split('\n');
    this.buffered = lines.pop()!;
    for (const line of lines) {
      const r = parseReply(line);
      const w = r && this.waiting.get(r.id);
      if (!r || !w) continue;
      if (r.kind === 'S') { w.start(r.reply as StartReply); continue; }
      this.waiting.delete(r.id);
      if (r.kind === 'E' || r.kind === 'D') w.start(r.reply as StartReply);
      else w.exit(r.reply as ExitReply);
      if (this.waiting.size === 0) this.idle();
    }
  }

  /** Jobs it started go on running; orch can no longer see them end, so they count as failed. */
  private die(why: string): void {
    if (this.dead) return;
    this.dead = true;
    for (const [kind, h] of helpers) if (h === this) helpers.delete(kind);
    for (const w of this.waiting.values()) {
      w.start({ errno: 'ESPAWNER', why: `orch's process spawner ${why}` });
      w.exit({ code: null, signal: null });
    }
    this.waiting.clear();
    // Its stdin's error handler takes what a write to the dead helper says; no exit hook is left.
    this.requests.close();
  }

  private busy(): void {
    this.child.ref();
    (this.child.stdout as unknown as { ref(): void }).ref();
  }

  private idle(): void {
    this.child.unref();
    (this.child.stdout as unknown as { unref(): void }).unref();
    (this.child.stdin as unknown as { unref(): void }).unref();
  }
}

const helpers = new Map<SpawnerKind, Helper>();

/**
 * The interpreter for the helper, which needs only the standard library: the system's python3
 * first, then the one on PATH. A python3 on PATH may be a version manager's shim (pyenv's is a bash
 * script that runs ~20 processes to pick a version: 0.2-0.6 s before the first job could start).
 */
export const SYSTEM_PYTHON = '/usr/bin/python3';

function spawnerPython(resolve: (name: string) => string): string | undefined {
  // A resolver gives back a name it cannot find as it is (no slash).
  for (const found of [createCommandResolver(dirname(SYSTEM_PYTHON)), resolve]) {
    const python = found('python3');
    if (python.includes('/')) return python;
  }
  return undefined;
}

let nativeBuilt: boolean | undefined;

/** The compiled spawner when it was built (and is not turned off), else the Python one. */
export function preferredSpawner(): SpawnerKind {
  if (process.env.ORCH_SPAWNER === 'python') return 'python';
  if (nativeBuilt === undefined) {
    try {
      accessSync(NATIVE_SPAWNER_FILE, fsConstants.X_OK);
      nativeBuilt = true;
    } catch {
      nativeBuilt = false;
    }
  }
  return nativeBuilt ? 'native' : 'python';
}

/** Starts a job through the shared helper, or undefined when jobs are to be spawned by Node. */
export function spawnViaHelper(req: SpawnRequest, resolve: (name: string) => string, kind?: SpawnerKind): SpawnedJob | undefined {
  return startSpawner(resolve, kind)?.start(req);
}

/**
 * The shared helper, started now if it is not running (undefined when jobs are to be spawned by
 * Node). Started ahead (while the plan is written), its ~40 ms of Python start-up is not the first
 * job's wait; idle, it does not keep orch alive.
 */
export function startSpawner(resolve: (name: string) => string, kind: SpawnerKind = preferredSpawner()): { start(req: SpawnRequest): SpawnedJob } | undefined {
  if (process.env.ORCH_SPAWNER === 'node') return undefined;
  let helper = helpers.get(kind);
  if (!helper) {
    if (kind === 'native') helper = new Helper(NATIVE_SPAWNER_FILE, []);
    else {
      const python = spawnerPython(resolve);
      if (!python) return undefined;
      helper = new Helper(python, ['-S', '-E', SPAWNER_FILE]);
    }
    helpers.set(kind, helper);
  }
  return helper;
}

/**
 * Hands the helper a job to start the moment `after` (a job it runs) ends with exit code 0; if that
 * one ends otherwise, the job is dropped (never started). Undefined when the helper that runs
 * `after` is gone: the caller starts the job itself when its turn comes.
 */
export function spawnAfterViaHelper(req: SpawnRequest, after: SpawnedJob): SpawnedJob | undefined {
  for (const helper of helpers.values()) if (helper.owns(after)) return helper.start(req, after.id);
  return undefined;
}
