/** Where text goes: a sweep's progress and summary (stderr), the spawner helper's requests (its stdin). */
export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface BatchedOutput extends Output {
  write(text: string): boolean;
  /** Writes what is held now. */
  flush(): void;
  /** Flushes, and no longer flushes at process exit. */
  close(): void;
}

/** Held text beyond this is written at once. */
const MAX_HELD = 1 << 16;

/**
 * Text written in one turn of the event loop goes out in one write. A sweep of 10,000 short jobs
 * prints 20,000 progress lines, most of them in bursts (the spawner reports a job's end and the
 * next one's start together): one write(2) per line cost orch a syscall and woke whoever reads
 * the pipe (a CI log, a test) once per line; the requests of a lane that hands the spawner a
 * chain of jobs come in bursts too. Held text is flushed at the end of the turn, before
 * the process exits, and on close, so nothing is lost and the order of these lines is kept.
 */
export function batchLines(out: Output): BatchedOutput {
  let held = '';
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (held === '') return;
    const text = held;
    held = '';
    out.write(text);
  };
  process.on('exit', flush);
  return {
    isTTY: out.isTTY,
    write(text) {
      held += text;
      if (held.length >= MAX_HELD) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
      return true;
    },
    flush,
    close() {
      flush();
      process.off('exit', flush);
    },
  };
}
