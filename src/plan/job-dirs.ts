/**
 * Where the plan and each job go, checked before anything is written: the run / sweep dir inside
 * the root of its template (dir-template.ts), every job dir strictly inside the sweep dir, and no
 * two jobs of a sweep sharing a dir or nesting one in the other (an error naming both jobs: silently
 * renaming one would break `${orch.sweep.subdir}`-based lookups and hide a config mistake).
 */
import { dirname, resolve } from 'node:path';
import { pyStr, type CfgDict } from '../value/value.js';
import { selectPath } from '../config/key-path.js';
import { describeJob } from './errors.js';
import { isInside } from '../store/path-segments.js';
import type { ComposedJob } from './types.js';
import { OrchError } from '../errors.js';

export const DEFAULT_OUTPUT_ROOT = 'outputs';

export interface BaseDir {
  /** Absolute; the plan may get `dir_1`, ... when it exists. */
  dir: string;
  /** Absolute; `dir` is inside it. */
  root: string;
}

/** The run dir (single run) or sweep dir (multirun) of the first job, checked against its root. */
export function baseDirOf(projectRoot: string, multirun: boolean, first: ComposedJob | undefined): BaseDir {
  const kind = multirun ? 'sweep' : 'run';
  const value = baseDirValue(multirun, first);
  const dir = baseDirPath(projectRoot, value);
  const own = multirun && first?.sweepDir ? first.sweepDir.root : first?.dirRoots?.[kind];
  const root = resolve(projectRoot, value ? own ?? value : DEFAULT_OUTPUT_ROOT);
  if (!isInside(root, dir)) {
    throw escapeError(`orch.${kind}.dir`, value, first ? describeJob(first, 0) : 'the run', root);
  }
  return { dir, root };
}

/**
 * A function that gives each job of one sweep (in order, numbered from 0) its checked dir, from its
 * resolved `orch.sweep.subdir` (and its overrides, which an error names).
 * Memory: a job whose dir is its own number (the default subdir `${orch.job.num}`) costs one byte,
 * since no two jobs have the same number and such a dir is one segment; only other dirs are kept
 * whole (a 1,000,000-job sweep of numbered dirs held 265 MB of them before). A kept dir is checked
 * against the numbered ones by its first segment.
 */
export function subdirAssigner(baseDir: string): (subdir: string, job: { overrides: readonly string[] }, num: number) => string {
  // What a clash error names of a job, not the job: a sweep's composed configs must not be held.
  type Owner = { job: { overrides: readonly string[] }; num: number };
  const owners = new Map<string, Owner>();
  // Dirs above some job dir (inside the sweep dir), with one job below each.
  const above = new Map<string, Owner>();
  const numbered = numberSet();
  const root = resolve(baseDir);
  const prefix = root.endsWith('/') ? root : `${root}/`;
  return (subdir, job, num) => {
    // A plain segment (the default `${orch.job.num}`) needs no path resolution: once per job of a 1,000,000-job plan.
    const dir = isPlainSegment(subdir) ? prefix + subdir : jobDirPath(root, subdir, num);
    // `dir` is normalised (resolve), so a prefix test is the lexical inside test.
    if (!(dir.length > prefix.length && dir.startsWith(prefix))) throw escapeError('orch.sweep.subdir', subdir, describeJob(job, num), baseDir, 'strictly inside');
    const same = owners.get(dir) ?? above.get(dir);
    if (same) throw clash(same, { job, num }, dir, owners.has(dir) ? 'the same dir' : 'a dir inside the other\'s');
    const rel = dir.slice(prefix.length);
    if (rel === String(num)) {
      numbered.add(num);
      return dir;
    }
    const owner: Owner = { job: { overrides: job.overrides }, num };
    const top = rel.split('/', 1)[0]!;
    if (/^(0|[1-9]\d*)$/.test(top) && numbered.has(Number(top))) {
      // Its overrides were not kept (that is the point): the message names it by number and dir.
      throw clash({ job: { overrides: [`(the job whose dir is its number, ${top})`] }, num: Number(top) }, owner, dir, top === rel ? 'the same dir' : 'a dir inside the other\'s');
    }
    for (let d = dirname(dir); d !== root; d = dirname(d)) {
      const upper = owners.get(d);
      if (upper) throw clash(upper, owner, dir, 'a dir inside the other\'s');
      if (above.has(d)) break;
      above.set(d, owner);
    }
    owners.set(dir, owner);
    return dir;
  };
}

/** `orch.run.dir` of a run, the sweep's dir of a sweep (ComposedJob.sweepDir), as resolved; '' when unset. */
export function baseDirValue(multirun: boolean, first: ComposedJob | undefined): string {
  if (multirun && first?.sweepDir) return first.sweepDir.value;
  return first ? dirOf(first.orch, multirun ? 'sweep' : 'run', 'dir') : '';
}

/** One segment that `resolve` would keep as it is. */
const isPlainSegment = (s: string): boolean => s !== '' && s !== '.' && s !== '..' && !s.includes('/');

const baseDirPath = (projectRoot: string, value: string): string => resolve(projectRoot, value || DEFAULT_OUTPUT_ROOT);
const jobDirPath = (baseDir: string, subdir: string, num: number): string => resolve(baseDir, subdir || String(num));

/**
 * The dir a job is planned in, from its resolved `orch` node: the run dir, or the sweep dir and
 * the job's subdir (what `${orch:runtime.output_dir}` resolves to while planning). The real one
 * differs only when the run or sweep dir already existed and got a `_1` suffix.
 */
export function plannedOutputDir(projectRoot: string, orch: CfgDict, multirun: boolean, sweepDir?: string): string {
  if (!multirun) return baseDirPath(projectRoot, dirOf(orch, 'run', 'dir'));
  const num = orch.get('job') instanceof Map ? Number((orch.get('job') as CfgDict).get('num') ?? 0) : 0;
  return jobDirPath(baseDirPath(projectRoot, sweepDir ?? dirOf(orch, 'sweep', 'dir')), dirOf(orch, 'sweep', 'subdir'), num);
}

/** A growable set of job numbers, a bit each. */
function numberSet(): { add(n: number): void; has(n: number): boolean } {
  let bits = new Uint8Array(1024);
  return {
    add(n) {
      if (n >> 3 >= bits.length) {
        const grown = new Uint8Array(Math.max(bits.length * 2, (n >> 3) + 1));
        grown.set(bits);
        bits = grown;
      }
      bits[n >> 3]! |= 1 << (n & 7);
    },
    has: (n) => n >> 3 < bits.length && (bits[n >> 3]! & (1 << (n & 7))) !== 0,
  };
}

export function dirOf(orch: CfgDict | undefined, ...path: string[]): string {
  const v = selectPath(orch, path);
  return v === undefined || v === null ? '' : pyStr(v);
}

export function escapeError(key: string, value: string, job: string, root: string, how = 'inside'): OrchError {
  return new OrchError({
    code: 'OUTPUT_DIR_ESCAPE', message: `${key} is '${value}' in ${job}: that puts the output dir outside ${root}; it must stay ${how} it`,
    hint: `A value from the command line interpolated into ${key} is one path segment ('/' becomes '_'); a literal '..' or an absolute path in the template or a config file's value, or a symlink, still leads out. See "Outputs" in the README.`,
  });
}

function clash(a: { job: { overrides: readonly string[] }; num: number }, b: { job: { overrides: readonly string[] }; num: number }, dir: string, what: string): OrchError {
  return new OrchError({
    code: 'OUTPUT_DIR_CLASH', message: `${describeJob(b.job, b.num)} and ${describeJob(a.job, a.num)} get ${what} (${dir}): one would overwrite the other's results`,
    hint: 'Make orch.sweep.subdir differ between jobs, e.g. add ${orch.job.num} to it: orch.sweep.subdir=${orch.job.override_dirname}_${orch.job.num}.',
  });
}
