/**
 * The code a job ran with, rebuilt in a temporary git worktree: the recorded commit checked out
 * (detached), the recorded diff applied, the recorded untracked files written back when their
 * contents were kept. Everything that can go wrong is an error (RERUN_* codes) saying what to do.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative } from 'node:path';
import type { GitState, UntrackedFile } from '../../store/git.js';
import { OrchError } from '../../errors.js';

export interface Worktree {
  /** The worktree's top directory. */
  top: string;
  /** Where the project root is inside it (a project may live in a subfolder of its repository). */
  projectRoot: string;
  /** Untracked files recorded without their contents: the rebuilt code lacks them. */
  missing: string[];
  remove(): Promise<void>;
}

function run(cwd: string, args: string[], input?: string): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile('git', args, { cwd, maxBuffer: 64 << 20, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ ok: !err, stdout, stderr: stderr || (err?.message ?? '') });
    });
    if (input !== undefined) child.stdin!.end(input);
  });
}

async function repoTop(projectRoot: string): Promise<string> {
  const r = await run(projectRoot, ['rev-parse', '--show-toplevel']).catch(() => undefined);
  if (!r?.ok) {
    throw new OrchError({
      code: 'RERUN_NOT_A_CHECKOUT', message: `${projectRoot}: not a git checkout, so the job's code state cannot be rebuilt there`,
      hint: 'Clone the project\'s repository to that path (the job\'s recorded cwd), or run orch rerun without --exact.',
    });
  }
  return r.stdout.trim();
}

/** Makes the worktree for `state`, for the project recorded at `projectRoot`. */
export async function createWorktree(projectRoot: string, state: GitState): Promise<Worktree> {
  const top = await repoTop(projectRoot);
  if (!(await run(top, ['cat-file', '-e', `${state.commit}^{commit}`])).ok) {
    throw new OrchError({
      code: 'RERUN_COMMIT_MISSING', message: `commit ${state.commit} the job ran at is not in the repository ${top}`,
      hint: 'Fetch it (git fetch --all, or push it from the machine the job ran on), then try again.',
    });
  }
  if (state.diffTruncated) {
    throw new OrchError({
      code: 'RERUN_DIFF_TRUNCATED', message: `the job's diff was larger than orch records (1 MiB) and was cut, so its code state cannot be rebuilt`,
      hint: 'Commit large changes before running; orch rerun without --exact runs the current code.',
    });
  }
  const dir = await mkdtemp(join(tmpdir(), 'orch-exact-'));
  const added = await run(top, ['worktree', 'add', '--detach', '--quiet', dir, state.commit]);
  if (!added.ok) {
    await rm(dir, { recursive: true, force: true });
    throw new OrchError({
      code: 'RERUN_WORKTREE_FAILED', message: `git could not make a worktree of ${top} at ${state.commit}: ${added.stderr.trim()}`,
      hint: 'See git\'s message; git worktree prune clears worktrees whose folders were deleted.',
    });
  }
  const remove = async (): Promise<void> => {
    await run(top, ['worktree', 'remove', '--force', dir]);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    if (state.dirty && state.diff) await applyDiff(dir, state.diff);
    const inside = join(dir, relative(top, projectRoot));
    const missing = await restoreUntracked(inside, state.untracked);
    return { top: dir, projectRoot: inside, missing, remove };
  } catch (err) {
    await remove();
    throw err;
  }
}

async function applyDiff(dir: string, diff: string): Promise<void> {
  const r = await run(dir, ['apply', '--binary', '--whitespace=nowarn', '-'], diff);
  if (!r.ok) {
    throw new OrchError({
      code: 'RERUN_DIFF_DOES_NOT_APPLY', message: `the job's recorded diff does not apply to its commit: ${r.stderr.trim().split('\n')[0]}`,
      hint: 'A diff orch recorded applies to its own commit, so the provenance file was changed since: restore it (e.g. from a copy of the sweep), or run orch rerun without --exact.',
    });
  }
}

async function restoreUntracked(projectDir: string, files: readonly UntrackedFile[]): Promise<string[]> {
  const missing: string[] = [];
  for (const f of files) {
    if (f.content === undefined) {
      missing.push(f.path);
      continue;
    }
    if (isAbsolute(f.path) || f.path.split('/').includes('..')) {
      throw new OrchError({
        code: 'RERUN_BAD_UNTRACKED_PATH', message: `the provenance file names an untracked file outside the project: ${f.path}`,
        hint: 'orch records paths inside the project only: the provenance file was changed since; restore it.',
      });
    }
    const path = join(projectDir, f.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, f.encoding === 'base64' ? Buffer.from(f.content, 'base64') : f.content);
  }
  return missing;
}
