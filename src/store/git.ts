import { execFile } from 'node:child_process';
import type { RunRecord } from './types.js';

export type GitFacts = NonNullable<RunRecord['git']>;

/** A diff larger than this is cut: the record is for reproducing a run, not for storing a repo. */
const MAX_DIFF_BYTES = 1 << 20;

/**
 * Commit, dirtiness and (when dirty) the diff of the project, read once per sweep and copied into
 * every job's record. Undefined when the project is not a git checkout or git is not installed.
 */
export async function readGitFacts(projectRoot: string): Promise<GitFacts | undefined> {
  const commit = await git(projectRoot, ['rev-parse', 'HEAD']);
  if (commit === undefined) return undefined;
  const status = await git(projectRoot, ['status', '--porcelain', '--untracked-files=no']);
  const dirty = status !== undefined && status.trim() !== '';
  if (!dirty) return { commit: commit.trim(), dirty };
  let diff = (await git(projectRoot, ['diff', 'HEAD'])) ?? '';
  if (diff.length > MAX_DIFF_BYTES) diff = diff.slice(0, MAX_DIFF_BYTES) + '\n[diff truncated by orch]\n';
  return { commit: commit.trim(), dirty, diff };
}

function git(cwd: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, maxBuffer: 4 * MAX_DIFF_BYTES, timeout: 10_000 }, (err, stdout) => {
      resolve(err ? undefined : stdout);
    });
  });
}
