/** What a pruner reads of a trial: its state and the intermediate values it reported, by step. */
export interface PrunerTrial {
  number: number;
  state: 'running' | 'completed' | 'pruned' | 'failed';
  intermediate: ReadonlyMap<number, number>;
}

export type PruneDirection = 'minimize' | 'maximize';

export function lastStep(t: PrunerTrial): number | undefined {
  let last: number | undefined;
  for (const s of t.intermediate.keys()) if (last === undefined || s > last) last = s;
  return last;
}
