import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { fromPlain, toJson, toPlain, type CfgDict } from '../config/value.js';
import { writeFileAtomic } from './atomic.js';
import { StoreError } from './errors.js';
import { ORCH_META_DIR } from './types.js';

export const CONFIG_YAML = 'config.yaml';
export const CONFIG_JSON = 'config.json';
export const CONFIG_UNRESOLVED_YAML = 'config.unresolved.yaml';
export const OVERRIDES_YAML = 'overrides.yaml';
export const ORCH_YAML = 'orch.yaml';

export interface JobSnapshot {
  config: CfgDict;
  configUnresolved?: CfgDict;
  overrides: string[];
  orch: CfgDict;
}

export function metaDir(jobDir: string): string {
  return join(jobDir, ORCH_META_DIR);
}

/** Path of the resolved config in JSON, the file ORCH_CONFIG points to. */
export function configJsonPath(jobDir: string): string {
  return join(jobDir, ORCH_META_DIR, CONFIG_JSON);
}

/**
 * Writes the job's `.orch/` snapshot: what the task will see, frozen before anything runs, so that
 * editing a config file after launch cannot change a queued job and `orch rerun` composes nothing.
 */
export async function writeJobSnapshot(jobDir: string, snap: JobSnapshot): Promise<void> {
  const dir = metaDir(jobDir);
  await mkdir(dir, { recursive: true });
  const writes = [
    writeFileAtomic(join(dir, CONFIG_YAML), yamlOf(snap.config)),
    writeFileAtomic(join(dir, CONFIG_JSON), toJson(snap.config, 2) + '\n'),
    writeFileAtomic(join(dir, OVERRIDES_YAML), stringify(snap.overrides, { lineWidth: 0 })),
    writeFileAtomic(join(dir, ORCH_YAML), yamlOf(snap.orch)),
  ];
  if (snap.configUnresolved) writes.push(writeFileAtomic(join(dir, CONFIG_UNRESOLVED_YAML), yamlOf(snap.configUnresolved)));
  // Every write has ended when this returns, even if one failed: the planner then removes the
  // sweep, and a write still in flight would put files back into a directory being removed.
  const failed = (await Promise.allSettled(writes)).find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

function yamlOf(cfg: CfgDict): string {
  return cfg.size === 0 ? '{}\n' : stringify(toPlain(cfg), { lineWidth: 0 });
}

/** The resolved job config as the task receives it: plain JSON with non-finite floats decoded. */
export async function readJobConfig(jobDir: string): Promise<unknown> {
  const path = configJsonPath(jobDir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new StoreError('STORE_NO_SNAPSHOT', `${path}: the job's config snapshot is missing`, {
      hint: `Is ${jobDir} a job directory written by orch?`, cause: err,
    });
  }
  try {
    return toPlain(fromPlain(JSON.parse(text)));
  } catch (err) {
    throw new StoreError('STORE_BAD_SNAPSHOT', `${path}: not valid JSON (${(err as Error).message})`, { cause: err });
  }
}
