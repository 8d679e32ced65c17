import { createHash } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fsyncDir } from './append-file.js';
import { hashDigest } from './content-hash.js';
import { StoreError } from './errors.js';
import { asIoError } from '../errors.js';

/** Where the frozen tree lives in a sweep dir; composing a queued job reads from here, not `config/`. */
export const FROZEN_CONFIG_DIR = join('.orch', 'config');

/** Config and schema files are YAML, TOML or JSON (`_schema.yaml`, `NAME.schema.yaml` included). */
const CONFIG_FILE = /\.(ya?ml|json|toml)$/;

export interface FrozenTree {
  /** Absolute path of the copy. */
  dir: string;
  hash: string;
  files: number;
  bytes: number;
}

/**
 * Copies the config files of `configDir` (structure kept, anything else left out) into
 * `<sweepDir>/.orch/config`, so that editing a file after launch cannot change a queued job. Costs
 * O(tree), never O(jobs). The copy is built beside its final place and renamed in, so it is whole or
 * absent; its files are fsynced because a complete plan promises they survive a machine crash.
 */
export async function freezeConfigTree(configDir: string, sweepDir: string): Promise<FrozenTree> {
  const dest = join(sweepDir, FROZEN_CONFIG_DIR);
  const tmp = `${dest}.${process.pid}.tmp`;
  const files = await listConfigFiles(configDir);
  const contents = await Promise.all(files.map((f) => readFile(join(configDir, f))));
  await rm(tmp, { recursive: true, force: true });
  await Promise.all([...new Set(files.map((f) => dirname(join(tmp, f))))].map((d) => mkdir(d, { recursive: true })));
  await Promise.all(files.map((f, i) => writeSynced(join(tmp, f), contents[i]!)));
  await rename(tmp, dest);
  await fsyncDir(dirname(dest));
  return { dir: dest, hash: treeHash(files, contents), files: files.length, bytes: contents.reduce((n, c) => n + c.length, 0) };
}

/** Throws when the frozen copy no longer has the hash the plan recorded (edited, truncated). */
export async function verifyFrozenTree(sweepDir: string, expectedHash: string): Promise<string> {
  const dir = join(sweepDir, FROZEN_CONFIG_DIR);
  const files = await listConfigFiles(dir);
  const actual = treeHash(files, await Promise.all(files.map((f) => readFile(join(dir, f)))));
  if (actual !== expectedHash) {
    throw new StoreError({
      code: 'STORE_CONFIG_TREE_CHANGED', message: `${dir}: the frozen config tree has hash ${actual}, the plan recorded ${expectedHash}`,
      hint: 'Files under .orch/config were edited after the sweep was planned; start a new sweep instead of changing a planned one.',
    });
  }
  return dir;
}

/** Relative `/`-separated paths, sorted, so the hash does not depend on readdir order. */
async function listConfigFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      if (e.name.startsWith('.') || e.name === '__pycache__') continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) await visit(p);
      else if ((e.isFile() || e.isSymbolicLink()) && CONFIG_FILE.test(e.name)) out.push(relative(root, p).split('\\').join('/'));
    }
  };
  try {
    await visit(root);
  } catch (err) {
    throw new StoreError({ code: 'STORE_NO_CONFIG_DIR', message: `${root}: cannot read the config directory (${(err as Error).message})`, cause: err });
  }
  return out.sort();
}

/** Path and length before each file's bytes, so moving bytes between files changes the hash. */
function treeHash(files: string[], contents: Buffer[]): string {
  const h = createHash('sha256');
  files.forEach((f, i) => h.update(`${f}\0${contents[i]!.length}\0`).update(contents[i]!));
  return hashDigest(h);
}

async function writeSynced(path: string, data: Buffer): Promise<void> {
  try {
    const handle = await open(path, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (err) {
    throw asIoError(err, 'write', path);
  }
}
