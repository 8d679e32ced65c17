import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fsyncDir, writeFullySync } from './append-file.js';
import { encodeJournalEvent, type JournalEvent } from './journal-format.js';

export interface JournalWriter {
  /** Buffers the event; the promise resolves once it is on disk and fsynced (rejects if that fails). */
  append(event: JournalEvent): Promise<void>;
  /** Resolves once every event appended so far is durable. */
  flush(): Promise<void>;
  close(): Promise<void>;
  /** Batches made durable so far, each one fsync(2). */
  readonly batches: number;
}

export interface JournalWriterOptions {
  /** A batch is written as soon as it holds this many events... */
  maxBatch?: number;
  /** ...or this long after its first event was buffered. */
  maxDelayMs?: number;
}

interface Waiter { resolve: () => void; reject: (err: unknown) => void }

/**
 * Group commit: each batch of events costs one fsync, however many jobs changed state meanwhile;
 * events that arrive during an fsync form the next batch. The events of one turn of the event
 * loop are written (one write, no fsync) at the end of that turn: a SIGKILL of orch loses none
 * that was appended before the turn ended, only a machine crash can lose the unsynced ones. A caller
 * that must know an event survives a crash (before freeing a slot, say) awaits its promise; most
 * need not, since `close()` waits for all. Opening first cuts a torn last line left by a crash, so
 * new lines never glue onto a half-written one.
 */
export async function openJournalWriter(path: string, opts: JournalWriterOptions = {}): Promise<JournalWriter> {
  const maxBatch = opts.maxBatch ?? 4096;
  const maxDelayMs = opts.maxDelayMs ?? 50;
  await mkdir(dirname(path), { recursive: true });
  const handle = await open(path, 'a+');
  if ((await cutTornTail(handle)) === 0) await fsyncDir(dirname(path));

  let lines: string[] = [];
  let waiters: Waiter[] = [];
  // Lines handed to the kernel at the end of their turn, waiting for the window's fsync: a job's
  // `started` line (its pid) is in the file at once, so it survives a SIGKILL of orch.
  let written: Waiter[] = [];
  let writeSoon = false;
  let last: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let draining: Promise<void> | undefined;
  let failure: unknown;
  let batches = 0;
  // Set by flush(): write whatever is buffered now, without waiting for the window to end.
  let urgent = false;

  const unsynced = (): boolean => lines.length > 0 || written.length > 0;
  const fail = (err: unknown, also: Waiter[]): void => {
    failure ??= err;
    for (const w of [...also, ...written, ...waiters]) w.reject(err);
    written = [];
    waiters = [];
    lines = [];
  };
  /** Hands the buffered lines to the kernel (no fsync); false if that failed. */
  const writeOut = (): boolean => {
    if (lines.length === 0 || failure !== undefined) return failure === undefined;
    const text = lines.join('');
    const done = waiters;
    lines = [];
    waiters = [];
    try {
      writeFullySync(handle.fd, Buffer.from(text, 'utf8'));
    } catch (err) {
      fail(err, done);
      return false;
    }
    written.push(...done);
    return true;
  };
  const drain = async (): Promise<void> => {
    do {
      const began = Date.now();
      if (writeOut()) {
        const done = written;
        written = [];
        try {
          await handle.sync();
          batches++;
          for (const w of done) w.resolve();
        } catch (err) {
          fail(err, done);
        }
      }
      // What arrived during the fsync waits for the rest of its window (one fsync per window, not
      // per job: with jobs of a few ms an fsync would otherwise follow every one or two events),
      // unless a full batch or a flush asks for it now.
      if (unsynced() && !urgent && lines.length < maxBatch) {
        timer = setTimeout(() => void commit(), Math.max(0, maxDelayMs - (Date.now() - began)));
        break;
      }
    } while (unsynced());
    urgent = false;
    draining = undefined;
  };
  const commit = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    return (draining ??= drain());
  };

  const flush = async (): Promise<void> => {
    const upTo = last;
    if (unsynced()) {
      urgent = true;
      void commit();
    }
    await draining;
    await upTo;
  };

  return {
    get batches() { return batches; },
    append(event) {
      if (failure !== undefined) return Promise.reject(failure);
      lines.push(encodeJournalEvent(event, Date.now()));
      if (!writeSoon) {
        writeSoon = true;
        setImmediate(() => { writeSoon = false; writeOut(); });
      }
      const p = new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
      // Handled here so a caller that does not wait is not killed by an unhandled rejection; the
      // failure still reaches it through flush() and close().
      p.catch(() => {});
      last = p;
      // While a batch is being synced, newcomers simply wait for the drain loop to take them.
      if (lines.length >= maxBatch) void commit();
      else if (timer === undefined && draining === undefined) timer = setTimeout(() => void commit(), maxDelayMs);
      return p;
    },
    flush,
    async close() {
      try {
        await flush();
      } finally {
        clearTimeout(timer);
        await handle.close();
      }
    },
  };
}

/** Truncates whatever follows the last newline (the part of a line a crash left unfinished); the size left. */
async function cutTornTail(handle: FileHandle): Promise<number> {
  const size = (await handle.stat()).size;
  const block = Buffer.alloc(64 * 1024);
  let end = size;
  while (end > 0) {
    const from = Math.max(0, end - block.length);
    const { bytesRead } = await handle.read(block, 0, end - from, from);
    const nl = block.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (nl >= 0) { end = from + nl + 1; break; }
    end = from;
  }
  if (end < size) await handle.truncate(end);
  return end;
}
