/**
 * Seeded PRNG (xoshiro128**) whose whole state is four uint32s, so a checkpoint can store it and a
 * resumed job draws exactly the numbers the uninterrupted job would have drawn. Independent streams
 * (split, init, shuffle) are derived from (seed, stream name) so that, e.g., changing the model does
 * not change the validation split.
 */
export type RngState = [number, number, number, number];

export interface Rng {
  nextUint32(): number;
  /** Uniform in [0, 1). */
  nextFloat(): number;
  /** Standard normal (Box-Muller, no cached spare so the state stays four words). */
  normal(): number;
  /** Uniform integer in [0, n). */
  nextInt(n: number): number;
  shuffle<T>(items: T[] | Uint32Array): void;
  getState(): RngState;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function createRng(seed: number, stream = ''): Rng {
  const mix = splitmix32((Math.imul(seed >>> 0, 0x9e3779b1) ^ fnv1a(stream)) >>> 0);
  return createRngFromState([mix(), mix(), mix(), mix()]);
}

export function createRngFromState(state: RngState): Rng {
  const s = Uint32Array.from(state);
  if (s.every((x) => x === 0)) s[0] = 1; // the all-zero state is a fixed point of xoshiro
  const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;
  const rng: Rng = {
    nextUint32() {
      const result = Math.imul(rotl(Math.imul(s[1]!, 5) >>> 0, 7), 9) >>> 0;
      const t = (s[1]! << 9) >>> 0;
      s[2]! ^= s[0]!;
      s[3]! ^= s[1]!;
      s[1]! ^= s[2]!;
      s[0]! ^= s[3]!;
      s[2]! ^= t;
      s[3] = rotl(s[3]!, 11);
      return result;
    },
    nextFloat() {
      return rng.nextUint32() / 4294967296;
    },
    normal() {
      const u1 = 1 - rng.nextFloat(); // (0, 1]: log(0) would be -Infinity
      const u2 = rng.nextFloat();
      return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    },
    nextInt(n) {
      return Math.floor(rng.nextFloat() * n);
    },
    shuffle(items) {
      for (let i = items.length - 1; i > 0; i--) {
        const j = rng.nextInt(i + 1);
        const tmp = items[i]!;
        items[i] = items[j]!;
        items[j] = tmp;
      }
    },
    getState() {
      return [s[0]!, s[1]!, s[2]!, s[3]!];
    },
  };
  return rng;
}
