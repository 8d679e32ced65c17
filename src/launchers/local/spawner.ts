import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { join } from 'node:path';
import { ORCH_ROOT } from '../../orch-root.js';

/**
 * One long-lived helper process (launchers/local-spawner.py) that forks and execs command jobs for
 * the local launcher. Why: Node's spawn forks orch itself, whose ~100 MB of mappings make every
 * fork cost ~6 ms; the helper is small, so a sweep of short jobs is no longer bound by orch's size.
 * One per orch process (the GPU launcher makes a launcher per job), started at the first job; it
 * keeps orch alive only while one of its jobs runs. Without python3, or with
 * ORCH_SPAWNER=node, jobs are spawned by Node as before (spawn-command.ts).
 */
export const SPAWNER_FILE = join(ORCH_ROOT, 'launchers', 'local-spawner.py');

export interface SpawnRequest {
  /** Resolved executable; argv[0] is what the job sees as its name. */
  file: string;
  argv: string[];
  cwd: string;
  /** Added to the environment orch had when the helper started. */
  env: Record<string, string>;
  out: string;
  err: string;
}

/** `errno` is its name (ENOENT); `why` says it in words when it is not the exec's own error. */
export type StartReply = { pid: number } | { errno: string; why?: string };
export interface ExitReply { code: number | null; signal: NodeJS.Signals | null }
export interface SpawnedJob { started: Promise<StartReply>; exited: Promise<ExitReply> }

interface Waiting { start: (r: StartReply) => void; exit: (r: ExitReply) => void }

const errnoNames = new Map(Object.entries(constants.errno).map(([name, n]) => [n, name]));
const signalNames = new Map(Object.entries(constants.signals).map(([name, n]) => [n, name as NodeJS.Signals]));

/** The helper's reply line as what it says; undefined for a line it would never write. */
export function parseReply(line: string): { id: number; reply: StartReply | ExitReply; kind: 'S' | 'E' | 'X' } | undefined {
  const m = /^([SEX]) (\d+) (-?\d+)$/.exec(line);
  if (!m) return undefined;
  const id = Number(m[2]);
  const n = Number(m[3]);
  if (m[1] === 'S') return { id, kind: 'S', reply: { pid: n } };
  if (m[1] === 'E') return { id, kind: 'E', reply: { errno: errnoNames.get(n) ?? `errno ${n}` } };
  return { id, kind: 'X', reply: n < 0 ? { code: null, signal: signalNames.get(-n) ?? 'SIGKILL' } : { code: n, signal: null } };
}

class Helper {
  private readonly child: ChildProcess;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;
  private buffered = '';
  dead = false;

  constructor(python: string) {
    // Its own process group: a Ctrl-C at the terminal is orch's to handle, not the helper's.
    this.child = spawn(python, ['-S', '-E', SPAWNER_FILE], { stdio: ['pipe', 'pipe', 'inherit'], detached: true });
    this.child.stdout!.setEncoding('utf8');
    this.child.stdout!.on('data', (d: string) => this.read(d));
    this.child.on('error', (err) => this.die(err.message));
    this.child.on('exit', (code, signal) => this.die(`exited (${signal ?? `code ${code}`})`));
    this.child.stdin!.on('error', () => { /* the exit handler says why */ });
    this.idle();
  }

  start(req: SpawnRequest): SpawnedJob {
    const id = this.nextId++;
    let waiting!: Waiting;
    const started = new Promise<StartReply>((start) => { waiting = { start, exit: () => {} }; });
    const exited = new Promise<ExitReply>((exit) => { waiting.exit = exit; });
    this.waiting.set(id, waiting);
    if (this.waiting.size === 1) this.busy();
    this.child.stdin!.write(JSON.stringify({ id, ...req }) + '\n');
    return { started, exited };
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
      if (r.kind === 'E') w.start(r.reply as StartReply);
      else w.exit(r.reply as ExitReply);
      if (this.waiting.size === 0) this.idle();
    }
  }

  /** Jobs it started go on running; orch can no longer see them end, so they count as failed. */
  private die(why: string): void {
    if (this.dead) return;
    this.dead = true;
    if (helper === this) helper = undefined;
    for (const w of this.waiting.values()) {
      w.start({ errno: 'ESPAWNER', why: `orch's process spawner ${why}` });
      w.exit({ code: null, signal: null });
    }
    this.waiting.clear();
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

let helper: Helper | undefined;

/** Starts a job through the shared helper, or undefined when jobs are to be spawned by Node. */
export function spawnViaHelper(req: SpawnRequest, resolve: (name: string) => string): SpawnedJob | undefined {
  if (process.env.ORCH_SPAWNER === 'node') return undefined;
  if (!helper) {
    const python = resolve('python3');
    if (!python.includes('/')) return undefined;
    helper = new Helper(python);
  }
  return helper.start(req);
}
