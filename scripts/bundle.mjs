// Bundles the CLI into a few ESM chunks (dist/bundle/). Why: Node resolves and compiles each ESM
// file separately, and with ~150 small modules that dominated the start-up of a cold `orch compose`.
// Lazily imported commands stay separate chunks, so a command still loads only what it uses.
import { build } from 'esbuild';
import { chmodSync, existsSync, renameSync, rmSync } from 'node:fs';

// Built beside the live bundle and swapped in at the end, so an orch that is running (a test, a
// sweep) never finds dist/bundle half-written or missing while a build is under way.
const finalDir = new URL('../dist/bundle', import.meta.url).pathname;
const outdir = `${finalDir}.building-${process.pid}`;
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [new URL('../src/cli/main.ts', import.meta.url).pathname],
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outdir,
  // onnxruntime-node and tsx are loaded by tasks, never by the CLI itself; keep native code out.
  external: ['onnxruntime-node', 'tsx', 'tsx/*', 'playwright-core'],
  banner: { js: "import { createRequire as __orchCreateRequire } from 'node:module'; const require = __orchCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});

// The `orch` binary (package.json "bin"): src/cli/bin.ts as one CommonJS file. Why: on Node 20 an
// ES-module entry point alone costs about a quarter of node's start-up, so `orch compose` runs from
// here without the ESM loader; other commands load main.js above. import.meta.url is the file's URL.
const bin = `${outdir}/orch.cjs`;
await build({
  entryPoints: [new URL('../src/cli/bin.ts', import.meta.url).pathname],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: bin,
  external: ['onnxruntime-node', 'tsx', 'tsx/*', 'playwright-core'],
  define: { 'import.meta.url': '__orchImportMetaUrl' },
  banner: { js: "#!/usr/bin/env node\nconst __orchImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});
chmodSync(bin, 0o755);
const oldDir = `${finalDir}.old-${process.pid}`;
if (existsSync(finalDir)) renameSync(finalDir, oldDir);
renameSync(outdir, finalDir);
rmSync(oldDir, { recursive: true, force: true });
