import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SWEEP_FILE } from '../store/types.js';
import { ReportError } from './errors.js';
import { readOptional } from './read-files.js';

export const MULTIRUN_DIR = join('outputs', 'multirun');
/** outputs/multirun/<date>/<time>/sweep.json is Hydra's layout; allow a little slack either way. */
const MAX_DEPTH = 3;

async function findSweepFiles(dir: string, depth: number): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  if (entries.some((e) => e.isFile() && e.name === SWEEP_FILE)) return [dir];
  if (depth === 0) return [];
  const nested = await Promise.all(entries.filter((e) => e.isDirectory() && e.name !== '.orch').map((e) => findSweepFiles(join(dir, e.name), depth - 1)));
  return nested.flat();
}

/** Time a sweep was created: sweep.json's createdAt, else the file's mtime. */
async function createdAt(sweepDir: string): Promise<number> {
  const file = join(sweepDir, SWEEP_FILE);
  try {
    const t = Date.parse((JSON.parse((await readOptional(file)) ?? '{}') as { createdAt?: string }).createdAt ?? '');
    if (Number.isFinite(t)) return t;
  } catch { /* fall back to mtime */ }
  return (await stat(file)).mtimeMs;
}

/** The most recent sweep under `<projectRoot>/outputs/multirun/`. */
export async function findLatestSweep(projectRoot: string): Promise<string> {
  const root = join(projectRoot, MULTIRUN_DIR);
  const dirs = await findSweepFiles(root, MAX_DEPTH);
  if (dirs.length === 0) {
    throw new ReportError('REPORT_NO_SWEEP', `${root}: no sweep found (no ${SWEEP_FILE} below it)`, {
      hint: 'Run a sweep first (`orch <task> -m key=a,b`) or pass its directory: `orch report <sweep dir>`.',
    });
  }
  const times = await Promise.all(dirs.map(createdAt));
  let best = 0;
  for (let i = 1; i < dirs.length; i++) if (times[i]! > times[best]! || (times[i] === times[best] && dirs[i]! > dirs[best]!)) best = i;
  return dirs[best]!;
}
