/**
 * Bounded concurrency for per-job file I/O. A sweep has as many jobs as the user asks for, while a
 * process has a fixed number of file descriptors (`ulimit -n`, often 1024): anything that touches
 * every job's files must keep only a bounded number of them open at once.
 */

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

/** Job files open at once where orch touches every job of a sweep (status, resume, poll, submit). */
export const IO_CONCURRENCY = 32;

/** A promise with its resolve and reject at hand, for a result that arrives through a callback (a child's reply, a worker's message). */
export function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}
