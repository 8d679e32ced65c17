import { selectPath, splitKey } from '../config/key-path.js';
import type { ResultDefault } from '../config/defaults-list.js';
import type { ConfigRepository } from '../config/repository.js';
import type { Override } from '../overrides/types.js';
import { lineOfKey } from './locate.js';

/**
 * Where the value at a key of a job came from, found after the fact (composition records no
 * positions, so finding it costs nothing unless a value is wrong): the last override that set the key
 * or one of its parents, else the last config of the defaults list that has the key, with its line.
 */
export function sourceOf(
  repo: ConfigRepository,
  key: string,
  overrides: readonly Override[],
  defaults: readonly ResultDefault[],
  display: (file: string) => string,
): string | undefined {
  for (let i = overrides.length - 1; i >= 0; i--) {
    const o = overrides[i]!;
    if (o.kind !== 'delete' && within(key, o.key)) return `override '${o.input}'`;
  }
  for (let i = defaults.length - 1; i >= 0; i--) {
    const d = defaults[i]!;
    if (!within(key, d.package)) continue;
    const rel = d.package === '' ? key : key.slice(d.package.length + 1);
    const content = repo.loadConfig(d.configPath)?.content;
    if (content === undefined || (rel !== '' && selectPath(content, rel) === undefined)) continue;
    const file = repo.sources.find((s) => s.isConfig(d.configPath))?.filePath?.(d.configPath);
    if (file === undefined) return `config '${d.configPath}'`;
    const line = lineOfKey(file, rel === '' ? [] : splitKey(rel));
    return `${display(file)}${line === undefined ? '' : `:${line}`}`;
  }
  return undefined;
}

/** Whether `key` is `prefix` or below it (`a.b[0]` is within `a.b`). */
function within(key: string, prefix: string): boolean {
  return prefix === '' || key === prefix || key.startsWith(`${prefix}.`) || key.startsWith(`${prefix}[`);
}
