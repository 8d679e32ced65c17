import { open, readFile } from 'node:fs/promises';

/**
 * Maps `items` through `fn` with at most `limit` calls in flight. Reading thousands of job dirs one
 * by one leaves the disk idle between calls; all at once exhausts file descriptors.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** File contents as UTF-8, or undefined when the file does not exist. */
export async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw err;
  }
}

/** The last `maxLines` lines of a file, reading at most its last `maxBytes`; undefined when absent. */
export async function readTail(path: string, maxLines = 20, maxBytes = 16384): Promise<string | undefined> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const { size } = await fh.stat();
    const len = Math.min(size, maxBytes);
    const buf = Buffer.alloc(len);
    await fh.read(buf, 0, len, size - len);
    const lines = buf.toString('utf8').replace(/\s+$/, '').split('\n');
    // A cut first line is a fragment; drop it unless the whole file fit.
    if (len < size) lines.shift();
    return lines.slice(-maxLines).join('\n');
  } finally {
    await fh.close();
  }
}
