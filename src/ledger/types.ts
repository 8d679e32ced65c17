/**
 * The ledger: every run under some output roots, one row each, for `orch runs`. A row is what the
 * run store says about a job directory (`.orch/run.json`, `metrics.json`), flattened so that a
 * filter or a column needs no file of its own.
 */
export type MetricValue = number | string | boolean;

export interface Note {
  /** ISO time the note was written. */
  at: string;
  text: string;
}

export interface LedgerRow {
  /** The job directory, relative to its root (the run's id in `orch runs`). */
  id: string;
  /** Absolute root the row was found under. */
  root: string;
  /** The sweep directory relative to the root, absent for a single run. */
  sweep?: string;
  status: string;
  task: string;
  num: number;
  attempt: number;
  overrides: string[];
  /** The overrides as key -> value (`+`/`++` dropped, deletions left out), for filters and columns. */
  params: Record<string, string>;
  /**
   * When the run started, as milliseconds (what filters and sorts use) and as written. The index
   * keeps only the milliseconds of a well-formed time: a row read from it gets `startedAt` back from
   * them only when it is shown (withTimes), as making 100,000 date strings costs more than the rest.
   */
  startedMs?: number;
  startedAt?: string;
  endedMs?: number;
  endedAt?: string;
  durationSec?: number;
  commit?: string;
  dirty?: boolean;
  /** What the run computed: its config's hash and its code's (run.json configHash, git.codeState). */
  configHash?: string;
  codeState?: string;
  /** The run this one reused instead of running (orch.sweeper.skip_completed). */
  reusedFrom?: string;
  host?: string;
  /** Metrics with nested keys joined by dots (`test.accuracy`). */
  metrics: Record<string, MetricValue>;
  description?: string;
  hypothesis?: string;
  notes: Note[];
}

export interface LedgerSweep {
  /** The sweep directory relative to its root. */
  id: string;
  root: string;
  task: string;
  createdAt?: string;
  description?: string;
  hypothesis?: string;
  notes: Note[];
}

export interface Ledger {
  rows: LedgerRow[];
  sweeps: LedgerSweep[];
}
