/**
 * The report settings a sweep carries: `orch.report` of its jobs' resolved `orch` node (from the
 * task's primary config or an experiment), so a project with several tasks answers each sweep's own
 * question. Read from the first job that has its `orch.yaml`: a sweep's settings are the same in
 * every job, as Hydra takes sweep-level settings from the sweep's own composition.
 */
import { join } from 'node:path';
import YAML from 'yaml';
import { ORCH_YAML } from '../store/snapshot.js';
import { ORCH_META_DIR } from '../store/types.js';
import { readTextIfExists } from '../store/json-file.js';
import type { SweepReportSettings } from './config.js';

/**
 * Job dirs tried for an orch.yaml. Every job carries the same settings, so the first dispatched job
 * answers; the bound keeps a sweep of undispatched jobs (no dirs yet) from costing a failed open per job.
 */
const MAX_TRIES = 8;

/** The first of `jobs` (in job order, pending ones skipped) with an orch.yaml decides; undefined when it sets no `report`. */
export async function sweepReportSettings(jobs: Iterable<{ readonly dir: string; readonly status: string }>): Promise<SweepReportSettings | undefined> {
  let tries = 0;
  for (const { dir, status } of jobs) {
    if (status === 'pending') continue; // not dispatched: no dir yet
    if (tries++ === MAX_TRIES) break;
    const file = join(dir, ORCH_META_DIR, ORCH_YAML);
    const text = await readTextIfExists(file);
    if (text === undefined) continue;
    let report: unknown;
    try {
      report = (YAML.parse(text) as { report?: unknown } | null)?.report;
    } catch {
      return undefined; // the job's own record says what is wrong with it; the report goes on without
    }
    return report !== null && typeof report === 'object' && !Array.isArray(report)
      ? { settings: report as Record<string, unknown>, where: file }
      : undefined;
  }
  return undefined;
}
