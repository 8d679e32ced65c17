/**
 * Job numbers -> Slurm job arrays. Array task ids must stay below the cluster's MaxArraySize, so a
 * sweep is cut into blocks of MaxArraySize numbers: block k holds numbers [k*M, (k+1)*M) and runs
 * them as task ids `num - k*M`. The same rule serves resume (only the unfinished numbers, e.g.
 * `--array=3,7,9`): a number always lands in the same block with the same offset.
 */
export interface ArrayBlock {
  /** Added to $SLURM_ARRAY_TASK_ID to get the job number. */
  offset: number;
  nums: number[];
  /** The `--array` value, throttle included. */
  spec: string;
}

export function planArrays(nums: readonly number[], maxArraySize: number, throttle?: number): ArrayBlock[] {
  if (!Number.isInteger(maxArraySize) || maxArraySize < 1) throw new RangeError(`bad MaxArraySize ${maxArraySize}`);
  const byBlock = new Map<number, number[]>();
  for (const num of [...new Set(nums)].sort((a, b) => a - b)) {
    const block = Math.floor(num / maxArraySize);
    const list = byBlock.get(block) ?? [];
    list.push(num);
    byBlock.set(block, list);
  }
  return [...byBlock.entries()].map(([block, list]) => {
    const offset = block * maxArraySize;
    const ranges = compactRanges(list.map((n) => n - offset));
    return { offset, nums: list, spec: throttle ? `${ranges}%${throttle}` : ranges };
  });
}

/** [0,1,2,3,7,9,10] -> "0-3,7,9-10". Input sorted ascending, no duplicates. */
export function compactRanges(sorted: readonly number[]): string {
  const parts: string[] = [];
  let start = sorted[0];
  let prev = start;
  for (let i = 1; i <= sorted.length; i++) {
    const n = sorted[i];
    if (n !== undefined && prev !== undefined && n === prev + 1) { prev = n; continue; }
    if (start !== undefined && prev !== undefined) parts.push(start === prev ? `${start}` : `${start}-${prev}`);
    start = n;
    prev = n;
  }
  return parts.join(',');
}
