/** Writes in chunks and waits for a slow reader (a pipe to `head`), so output never piles up in memory. */
export function chunkedWriter(out: NodeJS.WritableStream): { write(s: string): Promise<void>; end(): Promise<void> } {
  let buf = '';
  const push = async (): Promise<void> => {
    const text = buf;
    buf = '';
    if (text && !out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
  };
  return {
    async write(s) {
      buf += s;
      if (buf.length >= 1 << 16) await push();
    },
    end: push,
  };
}

