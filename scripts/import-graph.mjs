// The import structure of src/ (issue 17): `node scripts/import-graph.mjs [SRC_DIR] [--runtime]`.
// Prints the file-level import cycles (strongly connected groups; type imports count unless
// --runtime) and, per area (first folder of src/), the areas it imports with the number of imports.
// test/unit/layers.test.ts fails on any cycle and on the upward imports it lists.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const args = process.argv.slice(2);
const SRC = resolve(args.find((a) => !a.startsWith('--')) ?? new URL('../src', import.meta.url).pathname);
const runtimeOnly = args.includes('--runtime');
const files = (d) => readdirSync(d).flatMap((n) => { const p = join(d, n); return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : []; });
const all = files(SRC);
const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"](\.[^'"]+)['"]|import\s*\(\s*['"](\.[^'"]+)['"]/g;
const graph = new Map();
for (const f of all) {
  const out = new Set();
  for (const m of readFileSync(f, 'utf8').matchAll(IMPORT)) {
    if (runtimeOnly && m[1]) continue;
    const base = resolve(dirname(f), m[2] ?? m[3]).replace(/\.js$/, '');
    const t = [`${base}.ts`, join(base, 'index.ts')].find(existsSync);
    if (t) out.add(t);
  }
  graph.set(f, [...out]);
}

// Tarjan's strongly connected components.
let next = 0;
const index = new Map(), low = new Map(), stack = [], onStack = new Set(), groups = [];
function visit(v) {
  index.set(v, next); low.set(v, next++); stack.push(v); onStack.add(v);
  for (const w of graph.get(v)) {
    if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v), low.get(w))); } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
  }
  if (low.get(v) !== index.get(v)) return;
  const group = [];
  let w;
  do { w = stack.pop(); onStack.delete(w); group.push(w); } while (w !== v);
  if (group.length > 1 || graph.get(v).includes(v)) groups.push(group);
}
for (const v of all) if (!index.has(v)) visit(v);

const edges = [...graph.values()].reduce((n, e) => n + e.length, 0);
console.log(`${all.length} files, ${edges} imports${runtimeOnly ? ' (runtime only)' : ''}, ${groups.length} import cycles`);
for (const g of groups) console.log(`  cycle of ${g.length}: ${g.map((f) => relative(SRC, f)).sort().join(', ')}`);

const areaOf = (f) => { const r = relative(SRC, f).split('/'); return r.length === 1 ? '(root)' : r[0]; };
const areas = new Map();
for (const [f, ts] of graph) for (const t of ts) {
  const [a, b] = [areaOf(f), areaOf(t)];
  if (a === b) continue;
  const m = areas.get(a) ?? new Map();
  m.set(b, (m.get(b) ?? 0) + 1);
  areas.set(a, m);
}
console.log('area imports (area -> area:count):');
for (const a of [...areas.keys()].sort()) console.log(`  ${a.padEnd(10)} -> ${[...areas.get(a)].sort().map(([b, n]) => `${b}:${n}`).join(' ')}`);
