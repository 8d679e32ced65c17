/**
 * The contract between orch and a TypeScript task (`runs/<task>.ts`):
 *
 *   export default async function (cfg: JobConfig, ctx: TaskContext): Promise<Metrics | void>
 *
 * The returned object is written to `metrics.json`. Non-TypeScript tasks get the same facts through
 * the environment: ORCH_CONFIG, ORCH_OUTPUT_DIR, ORCH_JOB_NUM, ORCH_SWEEP_DIR (and ORCH_DEVICE).
 */
/** Numbers may be NaN or ±Infinity (a diverged run); booleans are counted, never averaged. */
export type MetricLeaf = number | boolean | string;
export interface MetricsObject { [key: string]: MetricLeaf | MetricsObject }
export type Metrics = MetricsObject;

export interface TaskContext {
  outputDir: string;
  jobNum: number;
  sweepDir: string;
  attempt: number;
  /** `cpu`, or `cuda:N` when the launcher gave the job a GPU. */
  device: string;
  logger: { info(msg: string): void; warn(msg: string): void; error(msg: string): void };
  /** Appends one JSON line to `history.jsonl`. */
  log(record: Record<string, unknown>): void;
  /** Registers a hook called before the job is preempted/requeued (e.g. to save a checkpoint). */
  onCheckpoint(hook: () => void | Promise<void>): void;
  /**
   * Aborted when orch asks the job to stop (the pruner, a timeout, Ctrl-C): pass it to what
   * accepts one (fetch, timers) or listen for 'abort'. A task that reads it (or calls
   * shouldStop) is left to wind down and return; one that never does is ended at once.
   */
  readonly signal: AbortSignal;
  /** True once orch asked the job to stop: check it between steps, save what you need, return. */
  shouldStop(): boolean;
}

export type TaskFunction<C = unknown> = (cfg: C, ctx: TaskContext) => Promise<Metrics | void> | Metrics | void;
