import { rmSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { fromPlain, toJson, toPlain, toTaskConfig, type CfgDict } from '../value/value.js';
import { mkdirs, mkdirsSync, settleAll, writeFileAtomic, writeFileAtomicSync, writeNewFileSync } from './atomic.js';
import { StoreError } from './errors.js';
import { notJson, readJsonIfExists } from './json-file.js';
import { parseTaskJson } from './task-json.js';
import { plainYaml } from './plain-yaml.js';
import { ORCH_META_DIR } from './types.js';
import type { UnresolvedValue } from './types.js';
import { withUnreadableValues } from '../task/unresolved-values.js';

export const CONFIG_YAML = 'config.yaml';
export const CONFIG_JSON = 'config.json';
export const CONFIG_UNRESOLVED_YAML = 'config.unresolved.yaml';
export const OVERRIDES_YAML = 'overrides.yaml';
export const ORCH_YAML = 'orch.yaml';
/** Values of config.json kept as written (lazy resolution): what reading each one raises. */
export const UNRESOLVED_JSON = 'unresolved.json';

export interface JobSnapshot {
  config: CfgDict;
  configUnresolved?: CfgDict;
  overrides: string[];
  orch: CfgDict;
  unresolved?: readonly UnresolvedValue[];
}

export function metaDir(jobDir: string): string {
  return join(jobDir, ORCH_META_DIR);
}

/** Path of the resolved config in JSON, the file ORCH_CONFIG points to. */
export function configJsonPath(jobDir: string): string {
  return join(jobDir, ORCH_META_DIR, CONFIG_JSON);
}

/**
 * Writes the job's `.orch/` snapshot: what the task will see, written when the job is dispatched,
 * so that `orch rerun` composes nothing. Not fsynced: a sweep's snapshot is a function of its
 * frozen config tree and plan line and is written again whenever the job is dispatched again
 * (resume), so a machine crash costs nothing a fsync per file would have saved. `fsync` is for a
 * single run, whose snapshot is all there is.
 *
 * A sweep's job (`lean`) gets only the files nothing else already holds: config.json (the task
 * reads it) and orch.yaml (the job's dirs as made). Its overrides are in run.json and the plan
 * line, config.yaml would say what config.json says, and the unresolved config is the frozen
 * config tree composed with those overrides: on a shared file system each file of 100,000 jobs
 * costs, so a single run alone gets all five.
 */
export async function writeJobSnapshot(jobDir: string, snap: JobSnapshot, opts: { fsync?: boolean; lean?: boolean; fresh?: boolean } = {}): Promise<void> {
  const dir = metaDir(jobDir);
  if (opts.lean && !opts.fsync) return writeLeanSnapshot(dir, snap, opts.fresh === true);
  await mkdirs(dir);
  const o = { fsync: opts.fsync ?? false };
  const writes = [
    writeFileAtomic(join(dir, CONFIG_JSON), toJson(snap.config, 2, 'python') + '\n', o),
    writeFileAtomic(join(dir, ORCH_YAML), yamlOf(snap.orch), o),
  ];
  if (!opts.lean) {
    writes.push(writeFileAtomic(join(dir, CONFIG_YAML), yamlOf(snap.config), o));
    writes.push(writeFileAtomic(join(dir, OVERRIDES_YAML), stringify(snap.overrides, { lineWidth: 0 }), o));
    if (snap.configUnresolved) writes.push(writeFileAtomic(join(dir, CONFIG_UNRESOLVED_YAML), yamlOf(snap.configUnresolved), o));
  }
  // Only when some value is kept (most jobs have none: no file); a dispatch again removes a stale
  // list, which a dir made just now (`fresh`) cannot hold: no unlink per job on the common path.
  if (snap.unresolved && snap.unresolved.length > 0) {
    writes.push(writeFileAtomic(join(dir, UNRESOLVED_JSON), JSON.stringify({ version: 1, values: snap.unresolved }, null, 2) + '\n', o));
  } else if (!opts.fresh) {
    writes.push(rm(join(dir, UNRESOLVED_JSON), { force: true }));
  }
  await settleAll(writes);
}

/**
 * A sweep job's two files, on the calling thread: this runs once per dispatched job, and a few
 * small unsynced writes cost far less CPU as syscalls than as promises through the thread pool.
 */
function writeLeanSnapshot(dir: string, snap: JobSnapshot, fresh: boolean): void {
  mkdirsSync(dir);
  // In a job dir made by this dispatch nothing reads the files before the job starts: no renames.
  const write = fresh ? writeNewFileSync : (path: string, data: string) => writeFileAtomicSync(path, data, { fsync: false });
  write(join(dir, CONFIG_JSON), toJson(snap.config, 2, 'python') + '\n');
  write(join(dir, ORCH_YAML), yamlOf(snap.orch));
  if (snap.unresolved && snap.unresolved.length > 0) {
    write(join(dir, UNRESOLVED_JSON), JSON.stringify({ version: 1, values: snap.unresolved }, null, 2) + '\n');
  } else if (!fresh) {
    rmSync(join(dir, UNRESOLVED_JSON), { force: true });
  }
}

function yamlOf(cfg: CfgDict): string {
  return cfg.size === 0 ? '{}\n' : plainYaml(toPlain(cfg));
}

/**
 * The resolved job config as a TypeScript task receives it: objects without inherited keys,
 * `NaN`/`Infinity` as real numbers (and the `{"$float": ...}` that earlier versions of orch wrote, decoded too).
 */
export async function readJobConfig(jobDir: string): Promise<unknown> {
  const path = configJsonPath(jobDir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new StoreError({
      code: 'STORE_NO_SNAPSHOT', message: `${path}: the job's config snapshot is missing`,
      hint: `Is ${jobDir} a job directory written by orch?`,
      cause: err,
    });
  }
  const config = toTaskConfig(fromPlain(parseTaskJson(text, path)));
  const unresolved = await readJsonIfExists(join(metaDir(jobDir), UNRESOLVED_JSON), notJson).then((v) => (v as { values?: UnresolvedValue[] } | undefined)?.values ?? [], () => []);
  return withUnreadableValues(config, unresolved);
}
