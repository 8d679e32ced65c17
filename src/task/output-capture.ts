import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { STDERR_FILE, STDOUT_FILE } from '../store/types.js';

type Write = typeof process.stdout.write;

/**
 * Sends everything this process writes through process.stdout/stderr to the job's stdout.log and
 * stderr.log (appending: a retry keeps the earlier attempt's output), and also to the original
 * streams when `echo` is set (a single interactive run). Returns the function that undoes it.
 * Output written below Node's streams (native code, inherited child processes) is not captured.
 */
export function captureOutput(jobDir: string, echo: boolean): () => void {
  const outFd = openSync(join(jobDir, STDOUT_FILE), 'a');
  const errFd = openSync(join(jobDir, STDERR_FILE), 'a');
  const origOut = process.stdout.write;
  const origErr = process.stderr.write;
  process.stdout.write = redirect(outFd, echo ? origOut.bind(process.stdout) : undefined);
  process.stderr.write = redirect(errFd, echo ? origErr.bind(process.stderr) : undefined);
  return () => {
    process.stdout.write = origOut;
    process.stderr.write = origErr;
    closeSync(outFd);
    closeSync(errFd);
  };
}

function redirect(fd: number, echo: Write | undefined): Write {
  return function write(chunk: unknown, encodingOrCb?: unknown, cb?: unknown): boolean {
    const data = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array);
    try {
      writeSync(fd, data as string);
    } catch {
      // the log file vanished or the disk is full: the task's output is lost, the task goes on
    }
    if (echo) echo(data as string);
    const done = typeof encodingOrCb === 'function' ? encodingOrCb : cb;
    if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
    return true;
  } as Write;
}
