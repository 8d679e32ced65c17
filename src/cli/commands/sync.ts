/**
 * `orch sync push|pull [SWEEP...] [REMOTE] [--data] [--dry-run]` and `orch archive SWEEP -o FILE`:
 * the project is the current directory, its settings come from <config dir>/orch.yaml.
 */
import { relative, resolve } from 'node:path';
import { loadSyncConfig, runArchive, runSync, type SyncDirection } from '../../sync/index.js';

export interface SyncArgs {
  direction: SyncDirection;
  args: string[];
  data: boolean;
  dryRun: boolean;
  configDir?: string;
}

export async function syncCommand(a: SyncArgs): Promise<number> {
  const projectRoot = process.cwd();
  return runSync({
    ...a, projectRoot,
    config: loadSyncConfig(resolve(projectRoot, a.configDir ?? 'config')),
    progress: process.stderr.isTTY === true,
    log: (line) => process.stderr.write(`${line}\n`),
  });
}

export async function archiveCommand(a: { sweep: string; out: string; excludeLogs: boolean }): Promise<number> {
  const projectRoot = process.cwd();
  const file = await runArchive({ ...a, projectRoot });
  process.stdout.write(`${relative(projectRoot, file).startsWith('..') ? file : relative(projectRoot, file)}\n`);
  return 0;
}
