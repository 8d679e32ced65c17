import type { PlannedJob } from '../../plan/types.js';
import { readGitFacts } from '../../store/git.js';
import { updateRunRecord } from '../../store/run-record.js';
import { isTerminal } from '../../store/run-record.js';
import type { JobEvent, JobSource, LaunchContext, Launcher } from '../types.js';
import { sourceOfJobs } from '../job-source.js';
import { createLocalLauncher, type LocalLauncher } from '../local/local-launcher.js';
import { createStopper, pollRunRecords } from '../local/stopper.js';
import { detectGpus } from './detect.js';
import { parseGpuSettings } from './settings.js';
import { createSlotAllocator } from './slots.js';
import { OrchError } from '../../errors.js';

export interface GpuLauncherDeps {
  detect?: () => Promise<{ gpus: string[]; how: string }>;
  createLocal?: (settings: Record<string, unknown>) => LocalLauncher;
}

/**
 * `orch.launcher.name: gpu`: the local launcher with one GPU slot per job. The next job is taken
 * from the source only when a slot is free; it runs in a one-job local launcher (so timeouts,
 * retries, logs and run.json are the local launcher's) with CUDA_VISIBLE_DEVICES set to its GPU.
 * Inside the job that GPU is the only one visible, so ORCH_DEVICE is cuda:0; ORCH_GPU names the
 * physical GPU.
 */
export function createGpuLauncher(factorySettings: Record<string, unknown> = {}, deps: GpuLauncherDeps = {}): Launcher {
  const detectOnce = deps.detect ?? (() => detectGpus());
  // preflight and submit ask once: nvidia-smi takes a while, and both must see the same GPUs.
  let detected: Promise<{ gpus: string[]; how: string }> | undefined;
  const detect = () => (detected ??= detectOnce());
  const findGpus = async (raw: Record<string, unknown>) => {
    const settings = parseGpuSettings(raw);
    const found = settings.gpus ? { gpus: settings.gpus, how: 'orch.launcher.gpus' } : await detect();
    if (found.gpus.length === 0) {
      throw new OrchError({
        code: 'GPU_NONE', message: `orch.launcher.gpus is not set and no GPU was found (${found.how})`,
        hint: 'Name the GPUs (orch.launcher.gpus=[0,1]) or run on CPUs with +launcher=local.',
      });
    }
    return { settings, found };
  };
  const createLocal = deps.createLocal ?? createLocalLauncher;
  const lanes = new Set<LocalLauncher>();
  /** The lane running each job: stopping one job is its local launcher's (one implementation). */
  const laneOf = new Map<number, LocalLauncher>();
  let source: JobSource | undefined;
  const stopper = createStopper((signal) => { for (const lane of lanes) lane.stop(signal); }, (reason) => source?.close(reason));

  return {
    name: 'gpu',
    adaptive: true,
    async preflight(ctx) { await findGpus({ ...factorySettings, ...ctx.settings }); },
    async submit(jobs: JobSource, ctx: LaunchContext) {
      const { settings, found } = await findGpus({ ...factorySettings, ...ctx.settings });
      source = jobs;
      if (stopper.reason) jobs.close(stopper.reason);
      const slots = createSlotAllocator(found.gpus, settings.jobsPerGpu);
      const git = ctx.git !== undefined ? ctx.git ?? undefined : await readGitFacts(ctx.projectRoot).catch(() => undefined);
      const emit = (e: JobEvent) => ctx.onJobEvent?.(e);

      const runOn = async (job: PlannedJob, gpu: string): Promise<void> => {
        const lane = createLocal({ ...settings.local, fail_fast: false, n_jobs: 1 });
        lanes.add(lane);
        laneOf.set(job.num, lane);
        const ended = new Promise<JobEvent>((resolve) => {
          const onJobEvent = (e: JobEvent) => { emit(e); if (isTerminal(e.status)) resolve(e); };
          const env = { ...job.env, CUDA_VISIBLE_DEVICES: gpu, ORCH_DEVICE: 'cuda:0', ORCH_GPU: gpu };
          void lane.submit(sourceOfJobs([{ ...job, env }]), { ...ctx, onJobEvent, git: git ?? null });
        });
        const end = await ended;
        lanes.delete(lane);
        laneOf.delete(job.num);
        // The slot is freed after this write, so writes in flight never outnumber the GPU slots.
        await updateRunRecord(job.outputDir, { launcher: { name: 'gpu' }, device: `cuda:${gpu}` }, { journaled: ctx.journaled }).catch(() => undefined);
        slots.release(gpu);
        if ((end.status === 'failed' || end.status === 'timeout') && settings.failFast) {
          stopper.halt(`fail_fast after job ${job.num} ${end.status}`, settings.failFast === 'cancel' ? 'SIGTERM' : undefined);
        }
      };

      const dispatch = async () => {
        const running: Promise<void>[] = [];
        while (!stopper.reason) {
          const gpu = await slots.acquire();
          const job = stopper.reason ? undefined : await jobs.next();
          if (!job) { slots.release(gpu); break; }
          running.push(runOn(job, gpu));
        }
        await Promise.all(running);
      };
      void dispatch();
      return [];
    },
    poll: pollRunRecords,
    stop: (signal) => stopper.stop(signal),
    stopJob: async (num) => { await laneOf.get(num)?.stopJob?.(num); },
  };
}
