/**
 * Tasks of an earlier run of a sweep that Slurm still holds, for a resumed search: a trial the
 * study proposes again runs afresh, so its old task (orch died, or left it with
 * cancel_on_interrupt=false) goes first, and two copies never write one directory.
 */
import { slurmError } from './errors.js';
import type { SlurmCommands } from './slurm-cli.js';
import { terminalStatus } from './slurm-state.js';
import { latestTaskIds, readSlurmRecord } from './sweep-record.js';

/** Latest task id of each job number whose task is still queued or running. */
export async function queuedOfEarlierRuns(commands: SlurmCommands, sweepDir: string): Promise<Map<number, string>> {
  const record = await readSlurmRecord(sweepDir);
  if (!record) return new Map();
  const ids = latestTaskIds(record);
  const queued = await commands.squeue([...new Set(record.submissions.map((s) => s.arrayJobId))]);
  const live = new Set(queued.filter((t) => !terminalStatus(t.state)).map((t) => t.id));
  return new Map([...ids].filter(([, id]) => live.has(id)));
}

/** Cancels the task and waits (at most `waitMs`) until it has left the queue. */
export async function retireTask(commands: SlurmCommands, taskId: string | undefined, waitMs: number): Promise<void> {
  if (!taskId) return;
  await commands.scancel([taskId]);
  const arrayId = taskId.split('_')[0]!;
  const deadline = Date.now() + waitMs;
  while ((await commands.squeue([arrayId])).some((t) => t.id === taskId && !terminalStatus(t.state))) {
    if (Date.now() > deadline) {
      throw slurmError({
        code: 'SLURM_STILL_RUNNING', message: `Slurm task ${taskId} of an earlier run was cancelled but is still in the queue, so its trial cannot run again yet`,
        hint: `Wait for it to leave squeue (or scancel --signal=KILL ${taskId}), then orch resume again.`,
      });
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
