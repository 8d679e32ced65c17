import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { StoreError } from './errors.js';
import { notJson, readJsonIfExistsSync } from './json-file.js';
import { isAlive, procStatFields } from '../process-alive.js';

/** Lives in the sweep dir (or a single run's dir): whoever holds it runs that dir's jobs. */
export const LOCK_FILE = '.orch.lock';

export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
  command: string[];
  /** Kernel start time of the holder (/proc/<pid>/stat) and boot id: a reused pid is not the holder. */
  procStart?: string;
  bootId?: string;
  /** Tells our own lock apart from one that replaced it. */
  token: string;
}

export interface RunLock {
  readonly path: string;
  /** Set when a dead holder's lock was taken over: what the caller should tell the user. */
  readonly note?: string;
  release(): void;
}

export function lockPath(dir: string): string {
  return join(dir, LOCK_FILE);
}

/**
 * Takes the exclusive run lock of `dir`, or throws STORE_SWEEP_LOCKED naming the holder. The lock
 * appears complete or not at all (written aside, then hard-linked into place, which fails when it
 * exists). A lock whose holder died on this host is taken over; it is released on every exit path.
 */
export function acquireRunLock(dir: string, command: readonly string[]): RunLock {
  const path = lockPath(dir);
  const me = ownHolder(command);
  let note: string | undefined;
  for (let tries = 0; ; tries++) {
    if (tryCreate(path, me)) break;
    const holder = readHolder(path);
    if (holder === 'gone') continue;
    if (!holder || !isStale(holder)) throw lockedError(dir, path, holder);
    if (tries > 20) throw lockedError(dir, path, holder);
    // Several processes may find the same stale lock: only the one that removes that very file goes on.
    if (!removeIfSame(path, holder)) continue;
    note = `orch: took over the lock of ${dir} left by pid ${holder.pid} (started ${holder.startedAt}), which is no longer running`;
  }
  return ownLock(path, me, note);
}

function ownLock(path: string, me: LockHolder, note: string | undefined): RunLock {
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.off('exit', release);
    for (const [sig, fn] of onSignal) process.off(sig, fn);
    const holder = readHolder(path);
    if (holder && holder !== 'gone' && holder.token === me.token) {
      try { unlinkSync(path); } catch { /* already gone */ }
    }
  };
  // A signal that nobody else handles ends the process without an 'exit' event: release, then die
  // of the same signal. When orch handles it (a running sweep), the normal path releases.
  const onSignal = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((sig) => [sig, () => {
    if (process.listenerCount(sig) > 1) return;
    release();
    process.kill(process.pid, sig);
  }] as const);
  process.on('exit', release);
  for (const [sig, fn] of onSignal) process.on(sig, fn);
  return { path, note, release };
}

function ownHolder(command: readonly string[]): LockHolder {
  return {
    pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command: [...command],
    procStart: procStartOf(process.pid), bootId: bootId(), token: randomBytes(8).toString('hex'),
  };
}

function tryCreate(path: string, me: LockHolder): boolean {
  const tmp = `${path}.${process.pid}.${me.token}.tmp`;
  writeFileSync(tmp, JSON.stringify(me, null, 2) + '\n');
  try {
    linkSync(tmp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new StoreError({ code: 'STORE_LOCK_FAILED', message: `${path}: cannot create the run lock (${(err as Error).message})`, cause: err });
  } finally {
    try { unlinkSync(tmp); } catch { /* best effort */ }
  }
}

/** The holder, 'gone' when the file vanished meanwhile, undefined when it is not a lock orch wrote. */
function readHolder(path: string): LockHolder | 'gone' | undefined {
  let h: LockHolder | undefined;
  try {
    h = readJsonIfExistsSync(path, notJson) as LockHolder | undefined;
  } catch {
    return undefined;
  }
  if (h === undefined) return 'gone';
  return typeof h?.pid === 'number' && typeof h.host === 'string' ? h : undefined;
}

/** Whether `dir` is locked by an orch not known to be dead (one on another host counts as alive). */
export function isLockHeld(dir: string): boolean {
  const holder = readHolder(lockPath(dir));
  return holder !== 'gone' && (holder === undefined || !isStale(holder));
}

/** Only a holder on this host can be known dead; one on another host is never taken over. */
export function isStale(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false;
  if (holder.bootId && bootId() && holder.bootId !== bootId()) return true;
  if (!isAlive(holder.pid)) return true;
  const start = procStartOf(holder.pid);
  return holder.procStart !== undefined && start !== undefined && start !== holder.procStart;
}

function removeIfSame(path: string, seen: LockHolder): boolean {
  // Rename, not unlink: of several processes racing for the same stale file, exactly one moves it.
  const aside = `${path}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch {
    return false;
  }
  const moved = readHolder(aside);
  const same = moved !== 'gone' && moved?.token === seen.token;
  // A live lock that replaced the stale one meanwhile goes back (link: never over a newer one).
  if (!same) try { linkSync(aside, path); } catch { /* another process holds it now */ }
  try { unlinkSync(aside); } catch { /* best effort */ }
  return same;
}

function lockedError(dir: string, path: string, holder: LockHolder | undefined): StoreError {
  if (!holder) {
    return new StoreError({
      code: 'STORE_SWEEP_LOCKED', message: `${dir} is locked by ${path}, which orch cannot read`,
      hint: `If no orch runs this sweep, remove ${path} and try again.`,
    });
  }
  const here = holder.host === hostname();
  return new StoreError({
    code: 'STORE_SWEEP_LOCKED', message: `sweep ${dir} is being run by pid ${holder.pid} on host ${holder.host} since ${holder.startedAt} (orch ${holder.command.join(' ')})`,
    hint: here
      ? `Wait for it to finish, or stop it (kill -INT ${holder.pid}), then try again.`
      : `orch cannot check a process on ${holder.host}. If you are sure no orch runs this sweep there any more, remove ${path} and try again.`,
  });
}

/** Field 22 of /proc/<pid>/stat: the start time, in clock ticks since boot. */
function procStartOf(pid: number): string | undefined {
  return procStatFields(pid)?.[19];
}

function bootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** Runs `fn` holding the run lock of `dir`; a takeover note goes to `out`. */
export async function withRunLock<T>(dir: string, command: readonly string[], fn: () => Promise<T>, out: { write(s: string): unknown } = process.stderr): Promise<T> {
  const lock = acquireRunLock(dir, command);
  if (lock.note) out.write(`${lock.note}\n`);
  try {
    return await fn();
  } finally {
    lock.release();
  }
}
