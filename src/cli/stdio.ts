/**
 * orch's own output may go to a reader that leaves before orch is done: `orch status | head`,
 * `orch train -m ... | head -3`, a closed terminal, a dropped ssh session. A write to it then fails
 * (EPIPE, or EIO for a terminal) and, unhandled, the error would end orch with a stack trace in
 * the middle of a sweep. Output is only a view: the sweep's results are in its files. So the first
 * error on a stream ends orch's writing to it, and everything else goes on as if it were read.
 */
// On the stream itself: the CommonJS entry and the ES-module CLI are separate bundles.
const GUARDED = Symbol.for('orch.stdio-guarded');

export function guardStdio(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams as Array<NodeJS.WriteStream & { [GUARDED]?: true }>) {
    if (stream[GUARDED]) continue;
    stream[GUARDED] = true;
    stream.on('error', () => silence(stream));
  }
}

/** Later writes are dropped at once (with their callback called), never queued on a dead stream. */
function silence(stream: NodeJS.WriteStream): void {
  stream.write = ((_chunk: unknown, encoding?: unknown, callback?: unknown) => {
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
    return true;
  }) as NodeJS.WriteStream['write'];
}
