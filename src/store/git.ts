import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hashText } from './content-hash.js';

/**
 * What a run record says about the project's code: enough to tell two runs' code apart
 * (`codeState`) and to find the full facts (provenance.ts). The diff and the untracked files live
 * once per sweep in its provenance file, not in each job's record.
 */
export interface GitFacts {
  commit: string;
  /** Tracked files differ from the commit; untracked files never make a tree dirty. */
  dirty: boolean;
  /** Only in records of orch before provenance files: the diff itself. */
  diff?: string;
  diffHash?: string;
  /** How many untracked files were recorded. */
  untracked?: number;
  /** One hash of commit, diff and untracked files: equal code states ran the same code. */
  codeState?: string;
}

export interface UntrackedFile {
  /** Relative to the project root, `/`-separated. */
  path: string;
  size: number;
  /** `sha256:` + 32 hex digits; absent when the file is too large to hash or unreadable. */
  hash?: string;
  /** The contents when the file is small enough to keep. */
  content?: string;
  encoding?: 'utf8' | 'base64';
  /** Why it has no hash or content. */
  note?: string;
}

export interface GitState {
  commit: string;
  dirty: boolean;
  diff: string;
  diffTruncated: boolean;
  untracked: UntrackedFile[];
}

/** A diff larger than this is cut: the record is for reproducing a run, not for storing a repo. */
const MAX_DIFF_BYTES = 1 << 20;
/** Files made from the code by running it (Python's byte code): never code of their own. */
const DERIVED = ['**/__pycache__/**', '**/*.pyc'];
/** Untracked files kept whole: each up to FILE, all together up to TOTAL; larger ones are hashed only. */
export const UNTRACKED_LIMITS = { file: 256 << 10, total: 4 << 20, hash: 256 << 20, count: 10_000 };

/**
 * Commit, dirtiness, diff and untracked files of the project (read once per sweep), or undefined
 * when it is not a git checkout or git is not installed. `exclude`: directories of orch's outputs
 * (relative), whose files are results, not code.
 */
export async function readGitState(projectRoot: string, exclude: readonly string[] = []): Promise<GitState | undefined> {
  // Prefetched, the tracked half is ready by now and only the listing (which needs `exclude`) is left.
  const state = await (takePrefetched(projectRoot) ?? trackedState(projectRoot));
  if (!state) return undefined;
  const pathspec = ['--', '.', ...DERIVED.map((g) => `:(exclude,glob)${g}`), ...exclude.map((d) => `:(exclude)${d}`)];
  const listing = (await git(projectRoot, ['ls-files', '-z', '--others', '--exclude-standard', ...pathspec])) ?? '';
  const names = listing.split('\0').filter(Boolean).sort().slice(0, UNTRACKED_LIMITS.count);
  return { ...state, untracked: await readUntracked(projectRoot, names) };
}

type TrackedState = Omit<GitState, 'untracked'>;

/** Commit, dirtiness and diff: what does not depend on where the sweep writes its outputs. */
async function trackedState(projectRoot: string): Promise<TrackedState | undefined> {
  const commit = await git(projectRoot, ['rev-parse', 'HEAD']);
  if (commit === undefined) return undefined;
  const status = await git(projectRoot, ['status', '--porcelain', '--untracked-files=no']);
  const dirty = status !== undefined && status.trim() !== '';
  let diff = dirty ? (await git(projectRoot, ['diff', '--binary', 'HEAD'])) ?? '' : '';
  const diffTruncated = diff.length > MAX_DIFF_BYTES;
  if (diffTruncated) diff = diff.slice(0, MAX_DIFF_BYTES);
  return { commit: commit.trim(), dirty, diff, diffTruncated };
}

const prefetched = new Map<string, Promise<TrackedState | undefined>>();

/**
 * Starts reading the project's commit, status and diff now, while orch composes the run (git runs
 * in processes of its own, beside orch's compose): the next readGitState of that project takes
 * them instead of running git again. Once: a later read (another launch) asks git anew.
 */
export function prefetchGitState(projectRoot: string): Promise<unknown> {
  let p = prefetched.get(projectRoot);
  if (!p) prefetched.set(projectRoot, (p = trackedState(projectRoot)));
  return p;
}

function takePrefetched(projectRoot: string): Promise<TrackedState | undefined> | undefined {
  const p = prefetched.get(projectRoot);
  forgetPrefetchedGitState(projectRoot);
  return p;
}

/** A launch that ended before it read the state (an error, nothing to run) leaves none behind. */
export function forgetPrefetchedGitState(projectRoot: string): void {
  prefetched.delete(projectRoot);
}

async function readUntracked(root: string, names: string[]): Promise<UntrackedFile[]> {
  let kept = 0;
  const out: UntrackedFile[] = [];
  for (const path of names) {
    const abs = join(root, path);
    const st = await lstat(abs).catch(() => undefined);
    if (!st?.isFile()) {
      out.push({ path, size: st?.size ?? 0, note: st?.isSymbolicLink() ? 'symbolic link' : 'unreadable' });
      continue;
    }
    if (st.size > UNTRACKED_LIMITS.hash) {
      out.push({ path, size: st.size, note: `larger than ${UNTRACKED_LIMITS.hash} bytes: not hashed` });
      continue;
    }
    if (st.size <= UNTRACKED_LIMITS.file && kept + st.size <= UNTRACKED_LIMITS.total) {
      const bytes = await readFile(abs).catch(() => undefined);
      if (bytes) {
        kept += bytes.length;
        const text = bytes.toString('utf8');
        const utf8 = Buffer.from(text, 'utf8').equals(bytes);
        out.push({ path, size: bytes.length, hash: hashText(bytes), content: utf8 ? text : bytes.toString('base64'), encoding: utf8 ? 'utf8' : 'base64' });
        continue;
      }
    }
    const hash = await hashFile(abs).catch(() => undefined);
    out.push({ path, size: st.size, hash, note: hash ? 'contents not kept (size limit)' : 'unreadable' });
  }
  return out;
}

function hashFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path).on('data', (c) => h.update(c)).on('error', reject).on('end', () => resolve(`sha256:${h.digest('hex').slice(0, 32)}`));
  });
}

/** The record's summary of a state: the hashes that say which code ran, no contents. */
export function gitFactsOf(state: GitState): GitFacts {
  const diffHash = state.dirty ? hashText(state.diff) : undefined;
  const untracked = state.untracked.map((f) => `${f.path}\0${f.hash ?? `size:${f.size}`}`).join('\n');
  const codeState = hashText(`${state.commit}\n${diffHash ?? ''}\n${untracked}`);
  return { commit: state.commit, dirty: state.dirty, ...(diffHash ? { diffHash } : {}), untracked: state.untracked.length, codeState };
}

/** The summary alone, for a launcher that was given none (the provenance file is the caller's). */
export async function readGitFacts(projectRoot: string): Promise<GitFacts | undefined> {
  const state = await readGitState(projectRoot);
  return state && gitFactsOf(state);
}

export function git(cwd: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, maxBuffer: 64 * MAX_DIFF_BYTES, timeout: 30_000, encoding: 'utf8' }, (err, stdout) => {
      resolve(err ? undefined : stdout);
    });
  });
}
