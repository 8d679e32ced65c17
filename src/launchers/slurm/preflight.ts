/**
 * What the Slurm launchers check before a sweep writes anything: that Slurm answers here
 * (`sinfo`: installed, controller reachable) and that a configured partition exists. sbatch would say
 * the same, but only after the plan is on disk, leaving an "N pending" sweep behind.
 */
import { didYouMean, sentences } from '../../errors.js';
import { slurmError } from './errors.js';
import { parseSlurmSettings } from './settings.js';
import type { SlurmCommands } from './slurm-cli.js';

export async function slurmPreflight(commands: Pick<SlurmCommands, 'partitions'>, raw: Record<string, unknown>): Promise<void> {
  const settings = parseSlurmSettings(raw);
  const known = await commands.partitions();
  const wanted = settings.partition;
  if (wanted === undefined) return;
  // `--partition=a,b` lets Slurm pick among several.
  for (const partition of wanted.split(',').map((p) => p.trim()).filter(Boolean)) {
    if (known.includes(partition)) continue;
    throw slurmError({
      code: 'SLURM_UNKNOWN_PARTITION', message: `orch.launcher.partition: '${partition}' is not a partition of this cluster`,
      hint: sentences(`Partitions here: ${known.join(', ') || '(none found)'}.`, didYouMean(partition, known), 'Set orch.launcher.partition=NAME.'),
    });
  }
}
