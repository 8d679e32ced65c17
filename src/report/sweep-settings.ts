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

/** The first of `jobDirs` (in job order) with an orch.yaml decides; undefined when it sets no `report`. */
export async function sweepReportSettings(jobDirs: Iterable<string>): Promise<SweepReportSettings | undefined> {
  for (const dir of jobDirs) {
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
