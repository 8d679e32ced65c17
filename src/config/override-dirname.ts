import type { Override } from '../overrides/types.js';

export interface OverrideDirnameSettings {
  kvSep: string;
  itemSep: string;
  excludeKeys: readonly string[];
}

/**
 * `orch.job.override_dirname` (Hydra's get_overrides_dirname): the overrides' text as given, minus
 * excluded keys, sorted as plain strings, joined by `itemSep`; every `=` then becomes `kvSep`.
 */
export function overrideDirname(overrides: readonly Override[], s: OverrideDirnameSettings): string {
  const lines = overrides.filter((o) => !s.excludeKeys.includes(o.key)).map((o) => o.input);
  lines.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return lines.join(s.itemSep).replace(/=/g, () => s.kvSep);
}
