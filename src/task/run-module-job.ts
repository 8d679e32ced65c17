import { readJobConfig } from '../store/snapshot.js';
import { createTaskContext, deviceFromEnv, type TaskContextHandle } from './context.js';
import { checkMetricsFile, metricsWarnings, writeMetrics } from './metrics.js';
import { captureOutput } from './output-capture.js';
import { warn } from '../warn.js';
import type { TaskFunction } from './types.js';

export interface ModuleJobRequest {
  jobDir: string;
  jobNum: number;
  sweepDir: string;
  attempt: number;
  /** Also show the task's output on the terminal (single run). */
  echo: boolean;
}

export interface ModuleJobResult {
  status: 'completed' | 'failed';
  reason?: string;
  /** Problems with the returned metrics: reported, never a failure of a job that returned. */
  warnings?: string[];
}

/**
 * Runs one job of a module task in this process: output to the job's logs, config from its
 * snapshot, the task's result validated and written to metrics.json. Never throws: whatever goes
 * wrong becomes a failed result whose reason is one line, with the stack in stderr.log.
 */
export async function runModuleJob(
  loadTask: () => Promise<TaskFunction>,
  req: ModuleJobRequest,
  onContext?: (handle: TaskContextHandle | undefined) => void,
): Promise<ModuleJobResult> {
  let restore: (() => void) | undefined;
  try {
    restore = captureOutput(req.jobDir, req.echo);
    const fn = await loadTask();
    const cfg = await readJobConfig(req.jobDir);
    const handle = createTaskContext({
      outputDir: req.jobDir, jobNum: req.jobNum, sweepDir: req.sweepDir, attempt: req.attempt, device: deviceFromEnv(),
    });
    onContext?.(handle);
    const result = await fn(cfg, handle.ctx);
    if (result === undefined || result === null) {
      // A task may write metrics.json itself, as a command task does: the same checks apply.
      const written = await checkMetricsFile(req.jobDir);
      return written.length ? { status: 'completed', warnings: written } : { status: 'completed' };
    }
    const warnings = metricsWarnings(result);
    for (const w of warnings) warn(`the task's result: ${w}`);
    // Kept as returned (an object with a list in it is still the task's result), but a bare value
    // is no metrics file at all.
    if (result !== null && typeof result === 'object' && !Array.isArray(result)) {
      const error = await writeMetrics(req.jobDir, result).then(() => undefined, (err: Error) => `${err.message}`);
      if (error) warnings.push(`metrics.json not written: ${error}`);
    }
    return warnings.length ? { status: 'completed', warnings } : { status: 'completed' };
  } catch (err) {
    const e = err as Error;
    const text = e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : `thrown value: ${String(err)}`;
    const hint = (e as { hint?: string })?.hint;
    if (restore) process.stderr.write(text + '\n' + (hint ? hint + '\n' : ''));
    return { status: 'failed', reason: e instanceof Error ? `${e.name}: ${e.message}` : `thrown value: ${String(err)}` };
  } finally {
    onContext?.(undefined);
    restore?.();
  }
}
