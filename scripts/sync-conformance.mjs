#!/usr/bin/env node
// The tests read the conformance corpus from the copy in test/fixtures/conformance, so a clone needs
// nothing beside it. This script refreshes that copy from ../shared/conformance (README.md + cases/)
// and, with --check, only says whether the copy differs from it.
//
//   node scripts/sync-conformance.mjs            copy ../shared/conformance into test/fixtures/conformance
//   node scripts/sync-conformance.mjs --check    exit 1 and list the differences when the copy is stale;
//                                                exit 0 when they agree or there is no ../shared here
//   --from DIR --to DIR                          other folders (the tests use these)
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** What the copy holds of the corpus; the manifest is the copy's own record of its cases. */
const PARTS = ['README.md', 'cases'];
const MANIFEST = 'manifest.json';
const SHOWN = 20;

function parseArgs(argv) {
  const opts = { from: resolve(ROOT, '..', 'shared', 'conformance'), to: join(ROOT, 'test', 'fixtures', 'conformance'), check: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--check') opts.check = true;
    else if ((a === '--from' || a === '--to') && argv[i + 1] !== undefined) opts[a.slice(2)] = resolve(argv[++i]);
    else usage(`unknown argument '${a}'`);
  }
  return opts;
}

function usage(problem) {
  process.stderr.write(`sync-conformance: ${problem}\nusage: node scripts/sync-conformance.mjs [--check] [--from DIR] [--to DIR]\n`);
  process.exit(2);
}

/** Relative paths of every file under the corpus parts of `dir`, sorted. */
function corpusFiles(dir) {
  const out = [];
  const walk = (rel) => {
    const abs = join(dir, rel);
    if (!existsSync(abs)) return;
    if (statSync(abs).isDirectory()) for (const name of readdirSync(abs)) walk(join(rel, name));
    else out.push(rel);
  };
  PARTS.forEach(walk);
  return out.sort();
}

function caseNames(dir) {
  const cases = join(dir, 'cases');
  return existsSync(cases) ? readdirSync(cases).filter((n) => statSync(join(cases, n)).isDirectory()).sort() : [];
}

/** Files only in `from`, only in `to`, and in both with different bytes. */
function differences(from, to) {
  const a = corpusFiles(from);
  const b = corpusFiles(to);
  const inB = new Set(b);
  const inA = new Set(a);
  return {
    added: a.filter((f) => !inB.has(f)),
    removed: b.filter((f) => !inA.has(f)),
    changed: a.filter((f) => inB.has(f) && !readFileSync(join(from, f)).equals(readFileSync(join(to, f)))),
  };
}

/** Builds the new copy beside the old one and swaps it in, so a failed sync leaves the old copy whole. */
function sync(from, to) {
  const fresh = `${to}.sync-${process.pid}`;
  rmSync(fresh, { recursive: true, force: true });
  mkdirSync(fresh, { recursive: true });
  for (const part of PARTS) cpSync(join(from, part), join(fresh, part), { recursive: true });
  const manifest = { source: '../shared/conformance', cases: caseNames(fresh) };
  writeFileSync(join(fresh, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  const old = `${to}.old-${process.pid}`;
  if (existsSync(to)) renameSync(to, old);
  renameSync(fresh, to);
  rmSync(old, { recursive: true, force: true });
  return manifest.cases.length;
}

function report(d) {
  const lines = [];
  for (const [what, files] of [['only in ../shared', d.added], ['only in the copy', d.removed], ['changed', d.changed]]) {
    if (files.length === 0) continue;
    lines.push(`  ${what} (${files.length}):`, ...files.slice(0, SHOWN).map((f) => `    ${f}`));
    if (files.length > SHOWN) lines.push(`    ... and ${files.length - SHOWN} more`);
  }
  return lines.join('\n');
}

function main() {
  const { from, to, check } = parseArgs(process.argv.slice(2));
  const shown = (p) => relative(process.cwd(), p) || '.';
  if (!existsSync(join(from, 'cases'))) {
    if (check) {
      console.log(`sync-conformance: no corpus at ${shown(from)}; nothing to compare the copy with`);
      return 0;
    }
    usage(`no corpus at ${shown(from)} (expected README.md and cases/ there)`);
  }
  if (check) {
    const d = differences(from, to);
    if (d.added.length + d.removed.length + d.changed.length === 0) {
      console.log(`sync-conformance: ${shown(to)} is the same as ${shown(from)} (${caseNames(to).length} cases)`);
      return 0;
    }
    console.log(`sync-conformance: ${shown(to)} differs from ${shown(from)}:\n${report(d)}\nRefresh it with: node scripts/sync-conformance.mjs`);
    return 1;
  }
  const n = sync(from, to);
  console.log(`sync-conformance: copied ${n} cases from ${shown(from)} to ${shown(to)}`);
  return 0;
}

process.exitCode = main();
