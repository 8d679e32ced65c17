/**
 * GPU slots: each GPU takes at most `perGpu` jobs at once. acquire() hands out the least-loaded GPU
 * (lowest index on ties) and waits, first come first served, when every GPU is full.
 */
export interface SlotAllocator {
  acquire(): Promise<string>;
  /** A GPU now, or undefined when all are full (never waits). */
  tryAcquire(): string | undefined;
  release(gpu: string): void;
  /** Jobs currently holding each GPU. */
  load(): Map<string, number>;
}

export function createSlotAllocator(gpus: readonly string[], perGpu: number): SlotAllocator {
  if (gpus.length === 0) throw new RangeError('no GPUs to allocate');
  if (!Number.isInteger(perGpu) || perGpu < 1) throw new RangeError(`jobs per GPU must be a positive integer, got ${perGpu}`);
  const inUse = new Map(gpus.map((g) => [g, 0]));
  const waiting: Array<(gpu: string) => void> = [];

  function pick(): string | undefined {
    let best: string | undefined;
    for (const [gpu, n] of inUse) if (n < perGpu && (best === undefined || n < inUse.get(best)!)) best = gpu;
    if (best !== undefined) inUse.set(best, inUse.get(best)! + 1);
    return best;
  }

  return {
    tryAcquire: pick,
    acquire() {
      const gpu = pick();
      return gpu !== undefined ? Promise.resolve(gpu) : new Promise((resolve) => waiting.push(resolve));
    },
    release(gpu) {
      const n = inUse.get(gpu);
      if (n === undefined || n === 0) throw new Error(`release of GPU ${gpu}, which holds no job`);
      const next = waiting.shift();
      // Hand the slot straight to the next waiter so nobody can overtake it.
      if (next) next(gpu);
      else inUse.set(gpu, n - 1);
    },
    load: () => new Map(inUse),
  };
}
