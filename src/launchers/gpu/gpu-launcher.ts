import { IO_CONCURRENCY, mapLimit } from '../../concurrency.js';
import type { PlannedJob } from '../../plan/types.js';
import { readGitFacts } from '../../store/git.js';
import { readRunRecord, updateRunRecord } from '../../store/run-record.js';
import { isTerminal } from '../../store/run-record.js';
import type { JobEvent, JobHandle, JobState, LaunchContext, Launcher } from '../types.js';
import { initRunRecords } from '../local/init-records.js';
import { createLocalLauncher, type LocalLauncher } from '../local/local-launcher.js';
import { detectGpus } from './detect.js';
import { GpuLauncherError, parseGpuSettings } from './settings.js';
import { createSlotAllocator } from './slots.js';

export interface GpuLauncherDeps {
  detect?: () => Promise<{ gpus: string[]; how: string }>;
  createLocal?: (settings: Record<string, unknown>) => LocalLauncher;
}

/**
 * `orch.launcher.name: gpu`: the local launcher with one GPU slot per job. A job starts only when a
 * slot is free; it runs in a one-job local launcher (so timeouts, retries, logs and run.json are
 * the local launcher's) with CUDA_VISIBLE_DEVICES set to its GPU. Inside the job that GPU is the
 * only one visible, so ORCH_DEVICE is cuda:0; ORCH_GPU names the physical GPU.
 */
export function createGpuLauncher(factorySettings: Record<string, unknown> = {}, deps: GpuLauncherDeps = {}): LocalLauncher {
  const detect = deps.detect ?? (() => detectGpus());
  const createLocal = deps.createLocal ?? createLocalLauncher;
  const lanes = new Set<LocalLauncher>();
  let stopReason: string | undefined;

  function stop(reason: string, signal: NodeJS.Signals | undefined): void {
    stopReason ??= reason;
    if (signal) for (const lane of lanes) lane.interrupt(signal);
  }

  return {
    name: 'gpu',
    async submit(jobs: PlannedJob[], ctx: LaunchContext): Promise<JobHandle[]> {
      const raw = { ...factorySettings, ...ctx.settings };
      const settings = parseGpuSettings(raw);
      const found = settings.gpus ? { gpus: settings.gpus, how: 'orch.launcher.gpus' } : await detect();
      if (found.gpus.length === 0) {
        throw new GpuLauncherError('GPU_NONE', `orch.launcher.gpus is not set and no GPU was found (${found.how})`, {
          hint: 'Name the GPUs (orch.launcher.gpus=[0,1]) or run on CPUs with +launcher=local.',
        });
      }
      const slots = createSlotAllocator(found.gpus, settings.jobsPerGpu);
      const git = ctx.git !== undefined ? ctx.git ?? undefined : await readGitFacts(ctx.projectRoot).catch(() => undefined);
      await initRunRecords(jobs, { task: ctx.task, launcher: 'gpu', git });
      const emit = (e: JobEvent) => ctx.onJobEvent?.(e);

      const notStarted = async (job: PlannedJob) => {
        await updateRunRecord(job.outputDir, { status: 'cancelled', reason: `not started: ${stopReason}` });
        emit({ num: job.num, status: 'cancelled', attempt: 1, outputDir: job.outputDir, reason: `not started: ${stopReason}` });
      };

      const runOn = async (job: PlannedJob, gpu: string): Promise<void> => {
        const lane = createLocal({ ...settings.local, fail_fast: false, n_jobs: 1 });
        lanes.add(lane);
        const ended = new Promise<JobEvent>((resolve) => {
          const onJobEvent = (e: JobEvent) => { emit(e); if (isTerminal(e.status)) resolve(e); };
          const env = { ...job.env, CUDA_VISIBLE_DEVICES: gpu, ORCH_DEVICE: 'cuda:0', ORCH_GPU: gpu };
          void lane.submit([{ ...job, env }], { ...ctx, onJobEvent, signal: undefined, git: git ?? null });
        });
        const end = await ended;
        lanes.delete(lane);
        // The slot is freed after this write, so writes in flight never outnumber the GPU slots.
        await updateRunRecord(job.outputDir, { launcher: { name: 'gpu' }, device: `cuda:${gpu}` }).catch(() => undefined);
        slots.release(gpu);
        if ((end.status === 'failed' || end.status === 'timeout') && settings.failFast) {
          stop(`fail_fast after job ${job.num} ${end.status}`, settings.failFast === 'cancel' ? 'SIGTERM' : undefined);
        }
      };

      const dispatch = async () => {
        const running: Promise<void>[] = [];
        for (const job of jobs) {
          if (stopReason) { await notStarted(job); continue; }
          const gpu = await slots.acquire();
          if (stopReason) { slots.release(gpu); await notStarted(job); continue; }
          running.push(runOn(job, gpu));
        }
        await Promise.all(running);
      };
      void dispatch();
      if (ctx.signal) {
        const onAbort = () => stop(`interrupted (${String(ctx.signal!.reason ?? 'abort')})`, 'SIGTERM');
        if (ctx.signal.aborted) onAbort(); else ctx.signal.addEventListener('abort', onAbort, { once: true });
      }
      return jobs.map((j) => ({ num: j.num, outputDir: j.outputDir }));
    },
    async poll(handles: JobHandle[]): Promise<JobState[]> {
      return mapLimit(handles, IO_CONCURRENCY, async (h) => {
        const rec = await readRunRecord(h.outputDir).catch(() => undefined);
        return { num: h.num, status: rec?.status ?? 'pending', reason: rec?.reason };
      });
    },
    async cancel() {
      stop('cancelled', 'SIGTERM');
    },
    interrupt(signal: NodeJS.Signals) {
      stop(`interrupted by ${signal}`, signal);
    },
  };
}
