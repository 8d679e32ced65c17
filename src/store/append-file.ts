import { writeSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

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
