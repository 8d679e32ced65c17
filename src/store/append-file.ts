import { writeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/**
 * write(2) may write less than asked (a signal, a full pipe, some network file systems): loop until
 * every byte is out, so a batch is never silently cut. One syscall in the usual case.
 */
export function writeFullySync(fd: number, buf: Uint8Array, position?: number): void {
  for (let done = 0; done < buf.length;) {
    done += writeSync(fd, buf, done, buf.length - done, position === undefined ? null : position + done);
  }
}

export async function writeFully(handle: FileHandle, buf: Uint8Array): Promise<void> {
  for (let done = 0; done < buf.length;) {
    done += (await handle.write(buf, done, buf.length - done, null)).bytesWritten;
  }
}

/**
 * A new file, or a rename, survives a machine crash only once its directory is synced too: done
 * once per sweep for the files that mark a plan complete or hold the journal.
 */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
