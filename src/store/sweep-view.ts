/**
 * One reader for every sweep a reader may be given: a plan record (`.orch/plan.json`, streamed)
 * or, read-only, a sweep of an earlier orch (`sweep.json`). Readers see its jobs as a stream and
 * each job's state from the journal where there is one.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { countJournal, type CountOptions, type JournalCounts } from './journal-counts.js';
import { journalPath } from './journal-format.js';
import { hasPlan, openPlan, type PlanReader } from './plan-record-reader.js';
import { planPaths } from './plan-record-format.js';
import { jobDirOf, loadSweep } from './sweep-file.js';
import { ORCH_META_DIR, RUN_FILE, SWEEP_FILE, type SweepFile } from './types.js';

export interface SweepEntry { num: number; overrides: string[]; overrideDirname: string; dir: string }

export interface SweepView {
  sweepDir: string;
  task: string;
  launcher: Record<string, unknown>;
  projectRoot?: string;
  createdAt: string;
  count: number;
  /** The plan record, when the sweep has one (not a legacy sweep.json). */
  plan?: PlanReader;
  jobs(): AsyncIterable<SweepEntry>;
  close(): Promise<void>;
}

/** True when `dir` is a sweep directory (a plan record or a legacy sweep.json). */
export function isSweepDir(dir: string): boolean {
  return existsSync(planPaths(dir).header) || existsSync(join(dir, SWEEP_FILE));
}

/** True when `dir` is a job directory (it has a run record or a snapshot). */
export function isJobDir(dir: string): boolean {
  return existsSync(join(dir, ORCH_META_DIR, RUN_FILE)) || existsSync(join(dir, ORCH_META_DIR, 'config.json'));
}

export async function openSweepView(dir: string): Promise<SweepView> {
  const sweepDir = resolve(dir);
  if (await hasPlan(sweepDir)) {
    const plan = await openPlan(sweepDir);
    const h = plan.header;
    return {
      sweepDir, task: h.task, launcher: h.launcher, projectRoot: h.projectRoot, createdAt: h.createdAt, count: plan.count, plan,
      async *jobs() {
        for await (const j of plan.jobs()) yield { num: j.num, overrides: j.overrides, overrideDirname: j.overrideDirname, dir: join(sweepDir, j.dir) };
      },
      close: () => plan.close(),
    };
  }
  const sweep: SweepFile = await loadSweep(sweepDir);
  return {
    sweepDir, task: sweep.task, launcher: sweep.launcher ?? { name: 'local' }, projectRoot: sweep.projectRoot, createdAt: sweep.createdAt, count: sweep.jobs.length,
    async *jobs() {
      for (const j of sweep.jobs) yield { num: j.num, overrides: j.overrides, overrideDirname: j.overrideDirname, dir: jobDirOf(sweepDir, sweep, j.dir) };
    },
    close: async () => {},
  };
}

/** The journal's compact fold, or undefined when the sweep has none yet (state is in the run records). */
export async function sweepCounts(view: SweepView, opts: CountOptions = {}): Promise<JournalCounts | undefined> {
  const path = journalPath(view.sweepDir);
  if (!view.plan || !existsSync(path)) return undefined;
  return countJournal(path, view.count, opts);
}
