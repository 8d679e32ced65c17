import type { Direction } from './direction.js';
import type { RunRecord, RunStatus } from '../store/types.js';

import type { Summary, WelchResult } from './stats.js';
import type { MetricDirection } from './direction.js';

/** A metric as read from metrics.json or a history line. */
export type { MetricValue } from '../store/metric-values.js';
import type { MetricValue } from '../store/metric-values.js';

/** Report settings: `config/report.yaml`, the sweep's `orch.report`, `report.*` overrides, over the defaults. */
export interface ReportConfig {
  question?: string;
  /** Dotted path into metrics.json, e.g. `test.accuracy`. */
  metric?: string;
  /** Extra metrics to table (dotted paths). */
  metrics: string[];
  /** Directions given in `report.metrics: {loss: min, accuracy: max}`. */
  directions: Record<string, Direction>;
  /** Override keys that define groups; default: every key that varies, minus repeat keys. */
  groupBy?: string[];
  repeatKeys: string[];
  alpha: number;
  /** `report.higher_is_better`: the main metric's direction, when set; else report.metrics or the name decide. */
  higherIsBetter?: boolean;
  /** Group selectors (`model=mlp`) the claim is tested against; default: every other group. */
  baselines: string[];
  /** Group selector of the group claimed best (`model=cnn`); default: the best group. */
  claim?: string;
  /** history.jsonl keys to plot; default: numeric keys found, at most four. */
  curves?: string[];
}

/** What the report shows of a job's run record: provenance, why it failed, a search's trial number. */
export type ReportedRun = Pick<RunRecord, 'orchVersion' | 'nodeVersion' | 'host' | 'reason' | 'exitCode' | 'signal'> & {
  git?: { commit?: string; dirty?: boolean };
  trial?: unknown;
};

/** Everything read from one job directory. Absent files are undefined, never errors. */
export interface JobData {
  num: number;
  dir: string;
  /** Sweep directory the job belongs to (reports can merge several sweeps). */
  sweepDir: string;
  overrides: string[];
  /** Parsed `key=value` of the overrides, keys without `+`/`++` prefixes. */
  params: Map<string, string>;
  status: RunStatus;
  run?: ReportedRun;
  durationSec?: number;
  metrics?: Record<string, unknown>;
  /** Flattened number, boolean and string leaves of metrics.json, dotted names. */
  flatMetrics: Map<string, MetricValue>;
  history: Array<Record<string, unknown>>;
  /** Last lines of stderr.log, for failed jobs only. */
  stderrTail?: string;
  /** Problems reading this job (unparsable JSON...) and the warnings of its run record, shown in the report. */
  problems: string[];
}

export interface LoadedSweep {
  dir: string;
  /** What the report shows of the plan: task, orch's command line, when, which launcher. */
  plan: { task: string; command?: string[]; createdAt: string; launcher?: Record<string, unknown>; sweeper?: Record<string, unknown> };
  jobs: JobData[];
}

export interface Group {
  /** Stable id like `model=cnn optimizer.lr=0.1`; `all` when nothing varies. */
  label: string;
  params: Map<string, string>;
  jobs: JobData[];
}

export interface MetricGroupRow {
  group: Group;
  summary?: Summary;
  /** Per-job values that went into the summary: the finite ones. */
  values: number[];
  /** `2 of 5 runs diverged (NaN)` when some runs' value is NaN or ±Infinity, left out of summary and tests. */
  diverged?: string;
  best: boolean;
}

/** A boolean metric (`converged`): counted per group, never averaged or tested. */
export interface BooleanTable {
  metric: string;
  rows: Array<{ group: Group; trues: number; falses: number }>;
}

export interface Comparison {
  a: string;
  b: string;
  welch?: WelchResult;
  /** Holm–Bonferroni adjusted p over the comparisons made together (NaN when untestable). */
  pAdj: number;
  /** `a` better than `b` at level alpha after the correction, in the metric's direction. */
  significant: boolean;
}

export interface MetricTable {
  metric: string;
  direction: MetricDirection;
  /** Undefined when the direction is unknown: then there is no best group and no test. */
  higherIsBetter?: boolean;
  rows: MetricGroupRow[];
  best?: string;
  /** Groups sharing the best mean exactly: no badge for any of them. */
  tie?: string[];
  /** Best group against every other group with data. */
  comparisons: Comparison[];
}

export interface CurveSeries {
  group: string;
  x: number[];
  mean: number[];
  std: number[];
  n: number[];
}

export interface Curve {
  key: string;
  xKey: string;
  series: CurveSeries[];
  /** Points whose value was NaN or ±Infinity (a diverging run), left out of the means. */
  nonFinite: number;
}

export interface ClaimResult {
  statement: string;
  criterion: string;
  holds: boolean | undefined;
  answer: string;
  /** `Rests on 2 of 3 runs of model=cnn and 3 of 3 of model=mlp.` */
  basis: string;
  /** Runs of the compared groups that failed, are unfinished or reported no value. */
  warning?: string;
  comparisons: Comparison[];
}
