import { slurmPreflight } from './preflight.js';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IO_CONCURRENCY, mapLimit } from '../../concurrency.js';
import type { PlannedJob } from '../../plan/types.js';
import type { JobHandle, JobSource, JobState, LaunchContext, Launcher } from '../types.js';
import { readGitFacts } from '../../store/git.js';
import { initRunRecords } from '../local/init-records.js';
import { slurmError } from './errors.js';
import { writeJobSpecs } from './job-spec.js';
import { createPollMemory, pollJobs, type TrackedJob } from './poll.js';
import { DEFAULT_MAX_ARRAY_SIZE, isGpuSettings, renderScripts } from './render.js';
import { isTerminal, readRunRecord, updateRunRecord } from './run-record.js';
import { endFacts } from '../../run/late-finishes.js';
import { parseSlurmSettings, type SlurmSettings } from './settings.js';
import { submitSteadily } from './steady-submit.js';
import { queuedOfEarlierRuns, retireTask } from './earlier-tasks.js';
import { createSlurmCommands, type SlurmCommands } from './slurm-cli.js';
import { terminalStatus } from './slurm-state.js';
import { latestTaskIds, readSlurmRecord, slurmDirOf, writeSlurmRecord, type SlurmSubmission, type SlurmSweepRecord } from './sweep-record.js';
import { maxOf } from '../../min-max.js';

/** How long after the batch shell's own KILL stopJob waits before it asks Slurm to KILL the task. */
const STOP_MARGIN_MS = 5000;
/** How long a cancelled task of an earlier run may take to leave the queue beyond its kill grace. */
const RETIRE_WAIT_MS = 60_000;
/** Trials at once of a search on Slurm when orch.launcher.array_parallelism is not set. */
export const DEFAULT_SEARCH_SLOTS = 4;

export interface SlurmLauncherDeps {
  commands?: SlurmCommands;
  /** Overrides the cluster's MaxArraySize (tests of the split). */
  maxArraySize?: number;
  unseenGraceMs?: number;
  /** Time between stopJob's TERM and its KILL through Slurm (default kill_grace_sec + 5 s). */
  stopGraceMs?: number;
}

export interface SlurmLauncher extends Launcher {
  /** Stops one running job (a prune): its array task gets TERM, then KILL after the grace period. */
  stopJob(num: number): Promise<void>;
  /** Slurm array job ids submitted by this launcher. */
  readonly arrayJobIds: string[];
}

/**
 * `orch.launcher.name: slurm` / `slurmgpu`: one Slurm job array per sweep (several when the sweep is
 * larger than MaxArraySize). submit() returns as soon as sbatch has accepted the arrays, so
 * `--no-wait` is submit-and-exit; poll() works from the run store plus the scheduler. A search
 * (adaptive source) is submitted one trial at a time as slots free instead (steady-submit.ts).
 */
export function createSlurmLauncher(factorySettings: Record<string, unknown> = {}, deps: SlurmLauncherDeps = {}): SlurmLauncher {
  const commands = deps.commands ?? createSlurmCommands();
  const memory = createPollMemory();
  const tracked = new Map<number, TrackedJob & { sweepDir: string }>();
  const lastStatus = new Map<number, string>();
  const arrayJobIds: string[] = [];
  let ctxRef: LaunchContext | undefined;
  let cancelOnStop: (() => void) | undefined;
  let stopTaking: ((reason: string) => void) | undefined;
  let stops = 0;
  let name = String(factorySettings.name ?? 'slurm');
  // Until submit() parses the settings: the factory's, already checked by the registry.
  let killGraceMs = (Number(factorySettings.kill_grace_sec) > 0 ? Number(factorySettings.kill_grace_sec) : 10) * 1000;

  let clusterArraySize: number | undefined;
  async function maxArraySize(configured?: number): Promise<number> {
    if (deps.maxArraySize ?? configured) return (deps.maxArraySize ?? configured)!;
    // Asked once: a search submits once per trial.
    if (clusterArraySize === undefined) {
      const size = Number((await commands.config()).get('MaxArraySize'));
      clusterArraySize = Number.isInteger(size) && size > 0 ? size : DEFAULT_MAX_ARRAY_SIZE;
    }
    return clusterArraySize;
  }

  async function pollHandles(handles: JobHandle[]): Promise<JobState[]> {
    const jobs = handles.map((h) => tracked.get(h.num)).filter((j): j is TrackedJob & { sweepDir: string } => j !== undefined);
    if (jobs.length === 0) return handles.map((h) => ({ num: h.num, status: 'pending' }));
    const states = await pollJobs(jobs, {
      commands, slurmDir: slurmDirOf(jobs[0]!.sweepDir), launcherName: name, memory, unseenGraceMs: deps.unseenGraceMs,
    });
    for (const s of states) {
      if (lastStatus.get(s.num) === s.status) continue;
      lastStatus.set(s.num, s.status);
      const job = tracked.get(s.num)!;
      const rec = await readRunRecord(job.outputDir);
      // At its end, what the journal carries for readers (the job's node wrote its metrics.json).
      const facts = isTerminal(s.status) ? { durationSec: rec?.durationSec, exitCode: rec?.exitCode, ...(await endFacts(job.outputDir, rec)) } : {};
      ctxRef?.onJobEvent?.({ num: s.num, status: s.status, attempt: rec?.attempt ?? 1, outputDir: job.outputDir, reason: s.reason, ...facts });
    }
    return states;
  }

  async function submitJobs(jobs: SubmittedJob[], byIndex: boolean, ctx: LaunchContext, settings: SlurmSettings, raw: Record<string, unknown>): Promise<JobHandle[]> {
    if (jobs.length === 0) return [];
    const slurmDir = slurmDirOf(ctx.sweepDir);
    await Promise.all([...(byIndex ? [] : ['jobs']), 'exit', 'logs'].map((d) => mkdir(join(slurmDir, d), { recursive: true })));
    const scripts = renderScripts(jobs, raw, {
      sweepDir: ctx.sweepDir, task: ctx.task, projectRoot: ctx.projectRoot,
      maxArraySize: await maxArraySize(settings.maxArraySize), selfDispatch: byIndex, provenance: ctx.provenance,
    });
    if (!byIndex) {
      const built = jobs as PlannedJob[];
      await writeJobSpecsFor(slurmDir, built, isGpuSettings(settings));
      // Pending records first (attempt counting across resumes is the store's rule), job ids after sbatch.
      await initRunRecords(built, { task: ctx.task, launcher: settings.name, provenance: ctx.provenance, git: ctx.git !== undefined ? ctx.git ?? undefined : await readGitFacts(ctx.projectRoot).catch(() => undefined) });
    }

    const previous = await readSlurmRecord(ctx.sweepDir);
    const firstScript = await nextScriptNumber(slurmDir);
    const submitted: SlurmSubmission[] = [];
    // A record that ended before this submission is an earlier attempt's (poll.ts).
    const submittedAtMs = Date.now();
    for (const [i, { block, script }] of scripts.entries()) {
      const scriptPath = join(slurmDir, `array-${firstScript + i}.sbatch`);
      await writeFile(scriptPath, script, { mode: 0o755 });
      try {
        const arrayJobId = await commands.sbatch(scriptPath, ctx.sweepDir);
        submitted.push({ arrayJobId, offset: block.offset, nums: block.nums, array: block.spec, script: scriptPath, submittedAt: new Date().toISOString() });
      } catch (err) {
        // Nothing half-submitted: take back the arrays that did go in.
        await commands.scancel(submitted.map((s) => s.arrayJobId)).catch(() => undefined);
        if (submitted.length > 0 && err instanceof Error) {
          err.message += ` (array ${i + 1} of ${scripts.length}; cancelled the ${submitted.length} array(s) already submitted: ${submitted.map((s) => s.arrayJobId).join(', ')})`;
        }
        throw err;
      }
    }

    const record: SlurmSweepRecord = previous ?? { version: 1, launcher: settings.name, cancelOnInterrupt: settings.cancelOnInterrupt, submissions: [], jobs: {} };
    record.submissions.push(...submitted);
    record.cancelOnInterrupt = settings.cancelOnInterrupt;
    for (const job of jobs) record.jobs[job.num] = { outputDir: job.outputDir, argv: job.argv, overrides: job.overrides };
    await writeSlurmRecord(ctx.sweepDir, record);

    const ids = latestTaskIds(record);
    arrayJobIds.push(...submitted.map((s) => s.arrayJobId));
    // A record that ended before this submission is an earlier attempt's (poll.ts).
    const handles = jobs.map((job) => {
      const taskId = ids.get(job.num)!;
      tracked.set(job.num, { num: job.num, outputDir: job.outputDir, argv: job.argv, overrides: job.overrides, task: ctx.task, taskId, sweepDir: ctx.sweepDir, sentAtMs: submittedAtMs });
      lastStatus.delete(job.num);
      return { num: job.num, outputDir: job.outputDir, externalId: taskId };
    });
    if (!byIndex) await mapLimit(jobs, IO_CONCURRENCY, (job) => updateRunRecord(job.outputDir, { ...job, task: ctx.task },
      { status: 'pending', launcher: { name: settings.name, jobId: ids.get(job.num) } }, { onlyIfPending: true }));
    // Every array this launcher submitted (a search submits one per trial).
    cancelOnStop = () => {
      if (settings.cancelOnInterrupt) void commands.scancel([...arrayJobIds]).catch(() => undefined);
    };
    if (stops > 0) cancelOnStop();
    return handles;
  }

  return {
    get name() { return name; },
    arrayJobIds,

    detachable: true,
    adaptive: true,
    preflight: (ctx) => slurmPreflight(commands, { ...factorySettings, ...ctx.settings }),

    async submit(source: JobSource, ctx: LaunchContext): Promise<JobHandle[]> {
      ctxRef = ctx;
      // The registry strips `name` from the settings; the factory's (slurm or slurmgpu) fills it in.
      const raw = { ...factorySettings, ...ctx.settings };
      const settings = parseSlurmSettings(raw);
      name = settings.name;
      killGraceMs = settings.killGraceSec * 1000;
      // A plan's jobs dispatch themselves in their array task, found by number: only their numbers
      // are taken here and nothing is written per job. Jobs built elsewhere (a rerun, a test) are
      // dispatched first and carried to the node in a spec file each.
      const byIndex = source.nextUndispatched !== undefined;
      const takeOne = (): Promise<SubmittedJob | undefined> => byIndex
        ? source.nextUndispatched!().then((job) => job && { ...job, argv: [] })
        : source.next();
      if (!source.adaptive) {
        const jobs: SubmittedJob[] = [];
        for (let job = await takeOne(); job; job = await takeOne()) jobs.push(job);
        return submitJobs(jobs, byIndex, ctx, settings, raw);
      }
      // A search: one trial per submission as slots free (contract F), never one array at the end.
      let halt: () => void = () => {};
      const stopped = new Promise<void>((r) => { halt = r; });
      stopTaking = (reason) => { source.close(reason); halt(); };
      if (stops > 0) stopTaking('interrupted');
      const stillQueued = await queuedOfEarlierRuns(commands, ctx.sweepDir);
      return submitSteadily({
        slots: settings.arrayParallelism ?? DEFAULT_SEARCH_SLOTS,
        pollMs: settings.pollInterval * 1000,
        take: takeOne,
        submit: async (job) => {
          await retireTask(commands, stillQueued.get(job.num), killGraceMs + RETIRE_WAIT_MS);
          return (await submitJobs([job], byIndex, ctx, settings, raw))[0]!;
        },
        poll: (handles) => pollHandles(handles),
        stopped,
      });
    },

    poll: (handles) => pollHandles(handles),

    stop(signal) {
      // Slurm signals its tasks itself; a second stop has nothing more to kill.
      if (stops++ > 0) return;
      stopTaking?.(`interrupted by ${signal}`);
      cancelOnStop?.();
    },

    async stopJob(num: number) {
      const job = tracked.get(num);
      if (!job) return;
      // TERM to the task's shell and the job under it (a job may save itself); the batch shell KILLs
      // the job's group once kill_grace_sec is over, and Slurm KILLs what is left a moment later.
      await commands.signal(job.taskId, 'TERM');
      const deadline = Date.now() + (deps.stopGraceMs ?? killGraceMs + STOP_MARGIN_MS);
      const queued = async () => (await commands.squeue([job.taskId.split('_')[0]!])).some((t) => t.id === job.taskId && !terminalStatus(t.state));
      while (Date.now() < deadline && await queued()) await new Promise((r) => setTimeout(r, 200));
      if (await queued()) {
        await commands.signal(job.taskId, 'KILL');
        await commands.scancel([job.taskId]);
      }
    },

    renderDryRun: async (jobs, ctx) => renderScripts(jobs, { ...factorySettings, ...ctx.settings }, { sweepDir: ctx.sweepDir, task: ctx.task, projectRoot: ctx.projectRoot })
      .map((s, i, all) => `# ---- batch script ${i + 1}/${all.length} ----\n${s.script}\n`).join(''),
    activeJobs: (sweepDir) => activeSlurmJobs(sweepDir),
    refresh: async (sweepDir, opts) => void (await pollSlurmSweep(sweepDir, { skip: opts?.finished })),
  };
}

/** A job handed to Slurm: dispatched here (argv known) or by its array task (argv empty until then). */
type SubmittedJob = { num: number; outputDir: string; overrides: string[]; argv: string[] };

async function writeJobSpecsFor(slurmDir: string, jobs: PlannedJob[], gpu: boolean): Promise<void> {
  // On a GPU allocation the job's device is the one Slurm gave it (cuda:0 inside the task).
  await writeJobSpecs(slurmDir, jobs, gpu ? ['ORCH_DEVICE', 'CUDA_VISIBLE_DEVICES'] : []);
}

async function nextScriptNumber(slurmDir: string): Promise<number> {
  const names = await readdir(slurmDir).catch(() => [] as string[]);
  const nums = names.map((n) => /^array-(\d+)\.sbatch$/.exec(n)?.[1]).filter((x): x is string => !!x).map(Number);
  return nums.length === 0 ? 0 : maxOf(nums) + 1;
}

/** For `orch status` after `--no-wait`: the sweep's states from its run store, slurm.json and the scheduler. */
export async function pollSlurmSweep(sweepDir: string, deps: { commands?: SlurmCommands; skip?: (num: number) => boolean } = {}): Promise<JobState[]> {
  const record = await readSlurmRecord(sweepDir);
  if (!record) throw slurmError({ code: 'SLURM_NO_SWEEP', message: `${sweepDir}: no slurm.json, so this sweep was not launched on Slurm` });
  const ids = latestTaskIds(record);
  const submitted = new Map(record.submissions.flatMap((s) => s.nums.map((n) => [n, Date.parse(s.submittedAt)] as const)));
  const jobs: TrackedJob[] = Object.entries(record.jobs)
    .map(([num, j]) => ({ num: Number(num), ...j, taskId: ids.get(Number(num))!, submittedAtMs: submitted.get(Number(num)) }))
    .filter((j) => j.taskId !== undefined && !deps.skip?.(j.num)).sort((a, b) => a.num - b.num);
  return pollJobs(jobs, { commands: deps.commands ?? createSlurmCommands(), slurmDir: slurmDirOf(sweepDir), launcherName: record.launcher, memory: createPollMemory() });
}

/** `orch cancel` of a Slurm sweep: every array it submitted. */
export async function cancelSlurmSweep(sweepDir: string, deps: { commands?: SlurmCommands } = {}): Promise<string[]> {
  const record = await readSlurmRecord(sweepDir);
  if (!record) throw slurmError({ code: 'SLURM_NO_SWEEP', message: `${sweepDir}: no slurm.json, so this sweep was not launched on Slurm` });
  const ids = [...new Set(record.submissions.map((s) => s.arrayJobId))];
  await (deps.commands ?? createSlurmCommands()).scancel(ids);
  return ids;
}

/**
 * For `orch resume` of a Slurm sweep: first settles jobs that died silently (as pollSlurmSweep),
 * then returns the numbers still queued or running in Slurm, which must not be submitted again.
 */
export async function activeSlurmJobs(sweepDir: string, deps: { commands?: SlurmCommands } = {}): Promise<Set<number>> {
  const states = await pollSlurmSweep(sweepDir, deps);
  return new Set(states.filter((s) => s.status === 'pending' || s.status === 'running').map((s) => s.num));
}
