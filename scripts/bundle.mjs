// Bundles the CLI into two CommonJS files in dist/bundle/. Why: Node resolves, links and compiles
// each ES module separately (with ~150 modules that dominated a cold start), and Node 20 keeps no
// code cache for ES modules; a CommonJS file runs from orch's own V8 code cache (code-cache.ts).
import { build } from 'esbuild';
import { chmodSync, existsSync, renameSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

// Built beside the live bundle and swapped in at the end, so an orch that is running (a test, a
// sweep) never finds dist/bundle half-written or missing while a build is under way.
const finalDir = new URL('../dist/bundle', import.meta.url).pathname;
const outdir = `${finalDir}.building-${process.pid}`;
rmSync(outdir, { recursive: true, force: true });

/**
 * Packages whose module body is slow and whose default export (a function) the CLI rarely calls:
 * imported, they run that body only at the first call. string-width builds Intl.Segmenters and
 * Unicode-property regular expressions (~17 ms, three copies under yargs, cliui and wrap-ansi),
 * and yargs imports it at start-up although only help and error output measure text.
 */
const LAZY_DEFAULT_EXPORTS = ['string-width'];
const lazyDefaultExports = {
  name: 'lazy-default-exports',
  setup(b) {
    const filter = new RegExp(`^(${LAZY_DEFAULT_EXPORTS.join('|')})$`);
    b.onResolve({ filter }, async (args) => {
      if (args.pluginData === 'real') return undefined;
      const real = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'real' });
      if (real.errors.length > 0) return { errors: real.errors };
      return { path: real.path, namespace: 'lazy-default-export' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-default-export' }, (args) => ({
      resolveDir: dirname(args.path),
      contents: `let real;\nexport default function lazyDefault(...args) {\n  real ??= require(${JSON.stringify(args.path)}).default;\n  return real(...args);\n}\n`,
    }));
  },
};
/**
 * yargs' factory calls `.version()` on every instance, which guesses orch's version by walking up
 * from the bundle's node_modules (from the cwd when there is none: a clone, a global install)
 * reading each directory until one holds a package.json: 40 ms per command in a project under a
 * /tmp of 60,000 entries. main.ts sets the version itself (`.version(ORCH_VERSION)`), so that call
 * is taken out; the build fails if yargs no longer makes it, so an upgrade cannot hide the change.
 */
const YARGS_FACTORY = /[\\/]yargs[\\/]build[\\/]lib[\\/]yargs-factory\.js$/;
const noVersionGuess = {
  name: 'no-version-guess',
  setup(b) {
    b.onLoad({ filter: YARGS_FACTORY }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      const call = '    yargs.version();\n';
      if (!text.includes(call)) return { errors: [{ text: `${args.path}: no \`yargs.version()\` call to take out (yargs changed: see scripts/bundle.mjs)` }] };
      return { contents: text.replace(call, ''), loader: 'js' };
    });
  },
};
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // onnxruntime-node and tsx are loaded by tasks, never by the CLI itself; keep native code out.
  external: ['onnxruntime-node', 'tsx', 'tsx/*', 'playwright-core'],
  define: { 'import.meta.url': '__orchImportMetaUrl' },
  logLevel: 'warning',
  plugins: [lazyDefaultExports, noVersionGuess],
};
// The whole CLI (src/cli/main.ts), run by orch.cjs for every command but `orch compose`.
await build({
  ...common,
  entryPoints: [new URL('../src/cli/main.ts', import.meta.url).pathname],
  outfile: `${outdir}/cli.cjs`,
  banner: { js: "const __orchImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});

// The `orch` binary (package.json "bin"): src/cli/bin.ts, which runs `orch compose` itself (held
// to node's start-up time) and cli.cjs for everything else.
const bin = `${outdir}/orch.cjs`;
await build({
  ...common,
  entryPoints: [new URL('../src/cli/bin.ts', import.meta.url).pathname],
  outfile: bin,
  banner: { js: "#!/usr/bin/env node\nconst __orchImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});
chmodSync(bin, 0o755);

// The planning worker thread (src/run/plan-workers/worker.ts), which cli.cjs starts for a large grid.
await build({
  ...common,
  entryPoints: [new URL('../src/run/plan-workers/worker.ts', import.meta.url).pathname],
  outfile: `${outdir}/plan-worker.cjs`,
  banner: { js: "const __orchImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});
const oldDir = `${finalDir}.old-${process.pid}`;
if (existsSync(finalDir)) renameSync(finalDir, oldDir);
renameSync(outdir, finalDir);
rmSync(oldDir, { recursive: true, force: true });
