import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// The layers of issue 17: what each area of src/ may not import, so a rule keeps one home and the
// lower floors never reach up. Read from the TypeScript sources (dist/test/unit -> repo root).
const SRC = resolve(new URL('../../../src', import.meta.url).pathname);

const FORBIDDEN: Record<string, readonly string[]> = {
  value: ['config', 'overrides', 'sweep', 'plan', 'store', 'task', 'launchers', 'cli', 'run', 'schema', 'report'],
  overrides: ['config', 'sweep', 'plan', 'store', 'task', 'launchers', 'cli', 'run', 'schema', 'report'],
  sweep: ['config', 'plan', 'store', 'launchers', 'cli', 'run'],
  config: ['sweep', 'plan', 'launchers', 'cli', 'run'],
  store: ['config', 'plan', 'launchers', 'cli', 'run'],
};

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const areaOf = (file: string): string => relative(SRC, file).split('/')[0]!;

test('no area of src/ imports a layer it must stay below', () => {
  const bad: string[] = [];
  for (const file of tsFiles(SRC)) {
    const from = areaOf(file);
    const forbidden = FORBIDDEN[from];
    if (!forbidden) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.[^'"]+)['"]/g)) {
      const to = areaOf(resolve(dirname(file), m[1]!));
      if (forbidden.includes(to)) bad.push(`${relative(SRC, file)} imports ${m[1]}`);
    }
  }
  assert.deepEqual(bad, []);
});
