/**
 * Provenance: what a run needs to be reproduced beyond its config snapshot. The code (commit,
 * diff, untracked files), the environment the task inherited and the runtime's versions are read
 * once per sweep (or single run) and written to `<sweep>/.orch/provenance/<hash>.json`, named by
 * its contents: a resume from the same code and environment reuses the file, one from changed code
 * adds another, and each job's record names the one it ran with (`provenance`, relative to the job
 * dir) next to the hashes that tell code states apart (`git`).
 */
import { mkdir } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { writeFileAtomic } from './atomic.js';
import { hashText } from './content-hash.js';
import { envFacts, type EnvFacts } from './env-facts.js';
import { gitFactsOf, readGitState, type GitFacts, type GitState } from './git.js';
import { runtimeFacts, type RuntimeFacts } from './runtime-facts.js';
import { StoreError } from './errors.js';
import { readJsonIfExists } from './json-file.js';
import { ORCH_META_DIR } from './types.js';

export const PROVENANCE_DIR = 'provenance';

export interface ProvenanceFile {
  version: 1;
  capturedAt: string;
  projectRoot: string;
  git?: GitState;
  env: EnvFacts;
  runtime: RuntimeFacts;
}

export interface CapturedProvenance {
  /** For the launch context: copied into each job's record. */
  git: GitFacts | null;
  /** Absolute path of the provenance file. */
  file: string;
}

/**
 * Output directories inside the project (relative, first segment): their files are results, and
 * a new result must not count as changed code.
 */
export function outputExcludes(projectRoot: string, sweepDir: string): string[] {
  const rel = relative(projectRoot, sweepDir);
  if (!rel || rel.startsWith('..') || resolve(projectRoot, rel) !== resolve(sweepDir)) return [];
  return [rel.split(sep)[0]!];
}

/** Reads the facts and writes them beside the sweep; returns what every job's record carries. */
export async function captureProvenance(opts: ProvenanceOptions): Promise<CapturedProvenance> {
  const started = startProvenance(opts);
  return { git: await started.git, file: await started.file };
}

export interface ProvenanceOptions { projectRoot: string; sweepDir: string; taskArgv?: readonly string[] }

/**
 * The capture in two halves that finish apart: git facts (what a record carries from the start)
 * and the file, which for a Python task waits for the interpreter to list its packages (a second
 * or more through a pyenv shim). A single run starts its task once `git` is known and names the
 * file in its final record. A failure of either rejects that half.
 */
export function startProvenance(opts: ProvenanceOptions): { git: Promise<GitFacts | null>; file: Promise<string> } {
  const stateP = readGitState(opts.projectRoot, outputExcludes(opts.projectRoot, opts.sweepDir));
  const runtimeP = runtimeFacts(opts.projectRoot, opts.taskArgv);
  const file = Promise.all([stateP, runtimeP]).then(([state, runtime]) => writeProvenance(opts, state, runtime));
  file.catch(() => undefined); // the caller may give up on the git half first; the file's failure is its own
  return { git: stateP.then((state) => (state ? gitFactsOf(state) : null)), file };
}

async function writeProvenance(opts: ProvenanceOptions, state: GitState | undefined, runtime: RuntimeFacts): Promise<string> {
  const body = { git: state, env: envFacts(), runtime, projectRoot: opts.projectRoot };
  const id = hashText(JSON.stringify(body)).slice('sha256:'.length, 'sha256:'.length + 16);
  const dir = join(opts.sweepDir, ORCH_META_DIR, PROVENANCE_DIR);
  const file = join(dir, `${id}.json`);
  const doc: ProvenanceFile = { version: 1, capturedAt: new Date().toISOString(), ...body };
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(file, JSON.stringify(doc, null, 1) + '\n', { fsync: false });
  return file;
}

/** The provenance file a job's record names, or undefined for a record without one. */
export async function readProvenance(jobDir: string, ref: string | undefined): Promise<ProvenanceFile | undefined> {
  if (!ref) return undefined;
  const path = resolve(jobDir, ref);
  const noFile = (why: string): StoreError => new StoreError({
    code: 'STORE_NO_PROVENANCE', message: `${path}: the provenance file the job's record names cannot be read (${why})`,
    hint: 'It lives in the sweep\'s .orch/provenance/ folder: copy the sweep with it, or rerun without --exact.',
  });
  let v: unknown;
  try {
    v = await readJsonIfExists(path, (p) => new StoreError({ code: 'STORE_BAD_PROVENANCE', message: `${p}: not a provenance file written by orch` }));
  } catch (err) {
    if (err instanceof StoreError) throw err;
    throw noFile((err as Error).message);
  }
  if (v === undefined) throw noFile('no such file');
  return v as ProvenanceFile;
}

/** How a job's record names the provenance file: relative, so a sweep copied elsewhere keeps it. */
export function provenanceRef(jobDir: string, file: string | undefined): string | undefined {
  return file === undefined ? undefined : relative(jobDir, file);
}
