/**
 * Runs the CLI bundle (dist/bundle/cli.cjs) from a V8 code cache. Why: Node 20 has no compile
 * cache of its own (`module.enableCompileCache` is Node 22), and compiling the CLI was ~75 ms of
 * a ~270 ms `orch <task>` whose jobs took 50 ms (issue 13's sleep benchmark).
 *
 * One cache file per command (`commandOf`): the cache is made when a run ends, so it holds every
 * function that run compiled, and a `status` run compiles other functions than a sweep. It is
 * written only when there was none or V8 rejected it (another node, other V8 flags), atomically,
 * and never makes orch fail: no cache directory, a read-only one or a bad file only cost the
 * compile. V8 checks a cache against the source's length alone, so the file name carries the
 * bundle's identity (size, mtime, inode) and the node version: a rebuilt bundle never meets an
 * old cache.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import { lendImport } from '../host-import.js';

/** Where caches live: ORCH_CODE_CACHE_DIR (empty: no cache), else the user's cache directory. */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = env.ORCH_CODE_CACHE_DIR;
  if (chosen !== undefined) return chosen === '' ? undefined : chosen;
  const home = env.HOME || homedir();
  const base = env.XDG_CACHE_HOME || (home ? join(home, '.cache') : undefined);
  return base === undefined ? undefined : join(base, 'orch', 'v8');
}

/**
 * The cache file of one command for one build of one installed bundle on one node. The start of
 * the name (command and install) is what a new build replaces: two installs (a clone and a global
 * one) keep a cache each instead of evicting each other at every run.
 */
export function codeCacheName(command: string, bundle: Pick<Stats, 'size' | 'mtimeMs' | 'ino'>, file: string, node = process.version, arch = process.arch): string {
  return `${installPrefix(command, file)}${node}-${arch}-${bundle.size}-${Math.round(bundle.mtimeMs)}-${bundle.ino}.v8`;
}

function installPrefix(command: string, file: string): string {
  // FNV-1a of the bundle's path: a name, not a secret, and no crypto module to load at start-up.
  let h = 0x811c9dc5;
  for (let i = 0; i < file.length; i++) h = Math.imul(h ^ file.charCodeAt(i), 0x01000193) >>> 0;
  return `${command}-${h.toString(16).padStart(8, '0')}-`;
}

function setV8Flags(flags: readonly string[]): void {
  for (const flag of flags) setFlagsFromString(flag);
}

/** CommonJS's wrapper; the bundle's `#!` line becomes a comment so line numbers stay. */
function wrap(source: string): string {
  const body = source.startsWith('#!') ? `//${source.slice(2)}` : source;
  return `(function (exports, require, module, __filename, __dirname) { ${body}\n})`;
}

function readCache(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** At exit: the cache of what this run compiled, replacing older builds' caches of the command and install. */
function saveCache(path: string, command: string, file: string, script: Script): void {
  const dir = dirname(path);
  const name = basename(path);
  const tmp = join(dir, `.${name}.${process.pid}.tmp`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
    renameSync(tmp, path);
    const prefix = installPrefix(command, file);
    for (const old of readdirSync(dir)) {
      if (old !== name && old.startsWith(prefix) && old.endsWith('.v8')) unlinkSync(join(dir, old));
    }
  } catch {
    // Only a cache: without it the next start compiles again (a full disk leaves no temp file).
    try { unlinkSync(tmp); } catch { /* not made */ }
  }
}

/**
 * Runs a CommonJS bundle as `require(file)` would, but compiled from (and at exit into) the
 * command's code cache, under V8 `flags` set first (V8 rejects a cache made under other flags).
 * The bundle imports ES modules through `hostImport` (host-import.ts).
 */
export function runWithCodeCache(file: string, command: string, flags: readonly string[], dir = codeCacheDir()): void {
  setV8Flags(flags);
  const source = readFileSync(file, 'utf8');
  const cachePath = dir === undefined ? undefined : join(dir, codeCacheName(command, statSync(file), file));
  const cached = cachePath === undefined ? undefined : readCache(cachePath);
  const script = new Script(wrap(source), { filename: file, cachedData: cached });
  if (cachePath !== undefined && (cached === undefined || script.cachedDataRejected)) {
    process.once('exit', () => {
      // A worker thread (tsx's loader runs in one) resets V8's flag hash: stamp the cache with
      // the flags the next start compiles under.
      setV8Flags(flags);
      saveCache(cachePath, command, file, script);
    });
  }
  lendImport((specifier) => import(specifier));
  const module = { exports: {} as unknown };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
}
