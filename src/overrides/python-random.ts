/**
 * Python's `random.Random(seed).shuffle(list)` bit for bit: MT19937 seeded the way CPython seeds
 * from an int (init_by_array over the 32-bit words of |seed|), `_randbelow` by rejection sampling
 * on `getrandbits`, and the same Fisher-Yates walk. So `shuffle(..., seed=N)` orders a sweep exactly
 * as `random.seed(N); random.shuffle(lst)` would in Python.
 */
const N = 624;
const M = 397;

export interface PyRandom {
  /** `random.getrandbits(k)` for 1 <= k <= 32. */
  getrandbits(k: number): number;
  /** `random.shuffle(items)`, in place. */
  shuffle<T>(items: T[]): T[];
}

export function createPyRandom(seed: number | bigint): PyRandom {
  const mt = new Uint32Array(N);
  let index = N;
  initByArray(mt, seedKey(seed));

  function genrandUint32(): number {
    if (index >= N) {
      twist(mt);
      index = 0;
    }
    let y = mt[index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }
  const getrandbits = (k: number): number => genrandUint32() >>> (32 - k);
  function randbelow(n: number): number {
    const k = 32 - Math.clz32(n);
    let r = getrandbits(k);
    while (r >= n) r = getrandbits(k);
    return r;
  }
  return {
    getrandbits,
    shuffle<T>(items: T[]): T[] {
      for (let i = items.length - 1; i >= 1; i--) {
        const j = randbelow(i + 1);
        const t = items[i]!;
        items[i] = items[j]!;
        items[j] = t;
      }
      return items;
    },
  };
}

/** CPython: the key is |seed| split into 32-bit words, least significant first; 0 gives [0]. */
function seedKey(seed: number | bigint): number[] {
  let n = BigInt(seed);
  if (n < 0n) n = -n;
  const key: number[] = [];
  do {
    key.push(Number(n & 0xffffffffn));
    n >>= 32n;
  } while (n > 0n);
  return key;
}

function initGenrand(mt: Uint32Array, s: number): void {
  mt[0] = s >>> 0;
  for (let i = 1; i < N; i++) {
    const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
    mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
  }
}

function initByArray(mt: Uint32Array, key: number[]): void {
  initGenrand(mt, 19650218);
  let i = 1;
  let j = 0;
  for (let k = Math.max(N, key.length); k > 0; k--) {
    const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
    mt[i] = ((mt[i]! ^ Math.imul(prev, 1664525)) + key[j]! + j) >>> 0;
    i++;
    j++;
    if (i >= N) { mt[0] = mt[N - 1]!; i = 1; }
    if (j >= key.length) j = 0;
  }
  for (let k = N - 1; k > 0; k--) {
    const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
    mt[i] = ((mt[i]! ^ Math.imul(prev, 1566083941)) - i) >>> 0;
    i++;
    if (i >= N) { mt[0] = mt[N - 1]!; i = 1; }
  }
  mt[0] = 0x80000000;
}

function twist(mt: Uint32Array): void {
  for (let kk = 0; kk < N; kk++) {
    const y = (mt[kk]! & 0x80000000) | (mt[(kk + 1) % N]! & 0x7fffffff);
    mt[kk] = mt[(kk + M) % N]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
  }
}
