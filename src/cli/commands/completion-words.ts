/**
 * orch's own words for tab completion: every `orch.*` setting (the base config's keys, each launcher
 * preset's keys under `orch.launcher.`, the sweeper keys) and the groups of orch's own config source
 * (`+launcher=`, `+sweeper=`), taken from the same files composition reads so they never drift.
 */
import { existsSync } from 'node:fs';
import { createBuiltinSource } from '../../config/builtin.js';
import { createFileSource } from '../../config/config-source.js';
import { ORCH_BASE_CONFIG_PATH, ORCH_NODE } from '../../config/orch-defaults.js';
import { isDict, type CfgDict } from '../../value/value.js';
import { SWEEPER_KEYS } from '../../config/sweeper-settings.js';
import { BUILTIN_CONFIG_DIR } from '../../orch-root.js';

/** Filled by orch, never set by a user. */
const NOT_SETTINGS = new Set(['runtime', 'overrides']);

export function orchCompletionWords(): { words: string[]; groups: string[] } {
  const words = new Set<string>();
  const base = createBuiltinSource().load(ORCH_BASE_CONFIG_PATH).content as CfgDict;
  for (const [k, v] of base) if (!NOT_SETTINGS.has(k)) addKeys(words, `${ORCH_NODE}.${k}`, v);
  for (const k of SWEEPER_KEYS) words.add(`${ORCH_NODE}.sweeper.${k}`);
  const groups: string[] = [];
  if (existsSync(BUILTIN_CONFIG_DIR)) {
    const source = createFileSource(BUILTIN_CONFIG_DIR);
    groups.push(...source.list('', 'group'));
    for (const option of source.list('launcher', 'config')) {
      const content = source.load(`launcher/${option}`).content;
      if (isDict(content)) for (const k of content.keys()) words.add(`${ORCH_NODE}.launcher.${k}`);
    }
  }
  return { words: [...words].sort(), groups };
}

function addKeys(out: Set<string>, path: string, v: unknown): void {
  if (isDict(v) && v.size > 0) for (const [k, child] of v) addKeys(out, `${path}.${k}`, child);
  else out.add(path);
}
