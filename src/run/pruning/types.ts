import type { RunStatus } from '../../store/types.js';

/** One intermediate value of a running job: a line of its history.jsonl with a whole `step`. */
export interface PruneReport { num: number; step: number; values: Record<string, unknown> }

export type PruneDecision = 'continue' | 'prune';

/**
 * What `runSweep` asks while jobs run (contract B): `decide` for every report of a running job, in
 * the order the job wrote them. `ended` tells it a job is over, with the reports it made after the
 * last one `decide` saw (read at its end), so a grid pruner can compare against complete curves.
 */
export interface Pruning {
  decide(report: PruneReport): PruneDecision;
  ended?(num: number, status: RunStatus, late: readonly PruneReport[]): void;
  /** The key whose value the decision was about: written into prune.json and the journal. */
  metric?: string;
}
