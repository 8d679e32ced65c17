import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every file below `dir` (hidden ones too) as relative path -> content, for comparing two trees. */
export function fileTree(dir: string, skip: (rel: string) => boolean = () => false): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (sub: string): void => {
    for (const e of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${e.name}` : e.name;
      if (skip(rel)) continue;
      if (e.isDirectory()) visit(rel);
      else out[rel] = readFileSync(join(dir, rel)).toString('base64');
    }
  };
  visit('');
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
