import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
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

/** Relative import specifiers of a file, `import type` and `export ... from` included. */
const importsOf = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.[^'"]+)['"]/g)].map((m) => m[1]!);

/** The source file an import names (`./x.js` is `./x.ts`, a directory its `index.ts`), if in src/. */
function targetOf(file: string, spec: string): string | undefined {
  const base = resolve(dirname(file), spec).replace(/\.js$/, '');
  return [`${base}.ts`, join(base, 'index.ts')].find(existsSync);
}

/** One import cycle per strongly connected group of files, as `a.ts -> b.ts -> a.ts`. */
function importCycles(files: readonly string[], edges: (file: string) => readonly string[]): string[] {
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string): void => {
    state.set(f, 'open');
    stack.push(f);
    for (const t of edges(f)) {
      if (state.get(t) === 'open') cycles.push([...stack.slice(stack.indexOf(t)), t].map((x) => relative(SRC, x)).join(' -> '));
      else if (!state.has(t)) visit(t);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return cycles;
}

test('no area of src/ imports a layer it must stay below', () => {
  const bad: string[] = [];
  for (const file of tsFiles(SRC)) {
    const from = areaOf(file);
    const forbidden = FORBIDDEN[from];
    if (!forbidden) continue;
    for (const spec of importsOf(file)) {
      if (forbidden.includes(areaOf(resolve(dirname(file), spec)))) bad.push(`${relative(SRC, file)} imports ${spec}`);
    }
  }
  assert.deepEqual(bad, []);
});

// A cycle (even of type imports only) means two modules each own part of one concept; type-only
// imports count, because the structure a reader follows is the same.
test('no import cycle anywhere in src/', () => {
  const files = tsFiles(SRC);
  const edges = new Map(files.map((f) => [f, importsOf(f).flatMap((s) => targetOf(f, s) ?? [])]));
  assert.deepEqual(importCycles(files, (f) => edges.get(f) ?? []), []);
});

// Math.max(...xs) throws RangeError past ~100,000 values: src/min-max.ts has minOf / maxOf. The
// lexer's is over a fixed list of three matchers.
test('no spread of a collection into Math.min / Math.max in src/', () => {
  const bad = tsFiles(SRC)
    .filter((f) => !f.endsWith('interpolation/lexer.ts'))
    .flatMap((f) => readFileSync(f, 'utf8').split('\n').map((line, i) => [f, i + 1, line] as const))
    .filter(([, , line]) => /Math\.(min|max)\(\.\.\./.test(line) && !/^\s*(\*|\/\/|\/\*)/.test(line))
    .map(([f, n]) => `${relative(SRC, f)}:${n}`);
  assert.deepEqual(bad, []);
});
