/**
 * The `orch.sync` settings of a project, read from `<config dir>/orch.yaml` (`orch: {sync: {...}}`).
 * A file of its own rather than a task's primary config: sync composes no task, and one place for
 * project-wide `orch.*` settings is easy to find.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { readConfigText } from '../config/read-config-file.js';
import { didYouMean, sentences } from '../errors.js';
import { SyncError } from './errors.js';

export const PROJECT_ORCH_CONFIG = 'orch.yaml';

export interface SyncConfig {
  /** rclone remote of `orch.sync.remote`, e.g. `backup:orch/project-x`. */
  remote?: string;
  /** Extra rclone flags (`orch.sync.rclone_flags`), e.g. `[--transfers, '16']`. */
  rcloneFlags: string[];
  /** Where the settings came from, for messages. */
  file: string;
}

const KEYS = ['remote', 'rclone_flags'];

export function loadSyncConfig(configDir: string): SyncConfig {
  const file = join(configDir, PROJECT_ORCH_CONFIG);
  if (!existsSync(file)) return { rcloneFlags: [], file };
  let doc: unknown;
  try {
    doc = YAML.parse(readConfigText(file));
  } catch (err) {
    if (err instanceof SyncError || !(err instanceof YAML.YAMLError)) throw err;
    throw new SyncError({ code: 'SYNC_BAD_CONFIG', message: `${file}: ${err.message}` });
  }
  return parseSyncConfig(doc, file);
}

/** The `orch.sync` node of a parsed orch.yaml, checked key by key. */
export function parseSyncConfig(doc: unknown, file: string): SyncConfig {
  const orchNode = mapping(mapping(doc, file, '(top level)')?.orch, file, 'orch');
  const node = mapping(orchNode?.sync, file, 'orch.sync');
  const cfg: SyncConfig = { rcloneFlags: [], file };
  for (const [key, value] of Object.entries(node ?? {})) {
    const where = `${file}: orch.sync.${key}`;
    if (key === 'remote') {
      if (typeof value !== 'string' || value.trim() === '') throw bad(where, 'must be an rclone remote such as backup:orch/project (a non-empty string)');
      cfg.remote = value;
    } else if (key === 'rclone_flags') {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' && typeof v !== 'number')) {
        throw bad(where, "must be a list of rclone flags, e.g. [--transfers, '16']");
      }
      cfg.rcloneFlags = value.map(String);
    } else {
      throw new SyncError({ code: 'SYNC_BAD_CONFIG', message: `${where}: unknown key`, hint: sentences(didYouMean(key, KEYS), `Valid keys: ${KEYS.join(', ')}.`) });
    }
  }
  return cfg;
}

function mapping(v: unknown, file: string, where: string): Record<string, unknown> | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw bad(`${file}: ${where}`, 'must be a mapping');
  return v as Record<string, unknown>;
}

function bad(where: string, what: string): SyncError {
  return new SyncError({ code: 'SYNC_BAD_CONFIG', message: `${where} ${what}`, hint: 'Example:\norch:\n  sync:\n    remote: backup:orch/my-project' });
}
