/**
 * `orch note TARGET "text"`: a dated note on a run or a sweep, written beside it (ledger/notes.ts)
 * and shown by `orch runs` and `orch runs --sheet`.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LedgerError } from '../../ledger/errors.js';
import { updateLedgerEntry } from '../../ledger/ledger.js';
import { addNote } from '../../ledger/notes.js';
import { isSweepDir } from '../../ledger/read-run.js';
import { ledgerRoots } from '../../ledger/roots.js';
import { ORCH_META_DIR, RUN_FILE } from '../../store/types.js';

const isJobDir = (dir: string) => existsSync(join(dir, ORCH_META_DIR, RUN_FILE));

/** TARGET as a path from the project root, else as an id under one of the ledger roots. */
export function resolveTarget(projectRoot: string, target: string): { dir: string; kind: 'run' | 'sweep' } {
  const candidates = [resolve(projectRoot, target), ...ledgerRoots(projectRoot, []).map((r) => resolve(r, target))];
  for (const dir of candidates) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) continue;
    if (isJobDir(dir)) return { dir, kind: 'run' };
    if (isSweepDir(dir)) return { dir, kind: 'sweep' };
  }
  throw new LedgerError({
    code: 'LEDGER_BAD_TARGET', message: `orch note ${target}: not a run or sweep directory (no .orch/run.json, sweep.json or .orch/plan.json there)`,
    hint: 'Pass an id as `orch runs` shows it (e.g. outputs/multirun/2026-11-02/10-00-00/3) or a sweep directory.',
  });
}

export async function noteCommand(opts: { projectRoot: string; target: string; text: string; out?: (t: string) => void }): Promise<number> {
  const out = opts.out ?? ((t: string) => void process.stdout.write(t));
  const { dir, kind } = resolveTarget(opts.projectRoot, opts.target);
  const note = await addNote(dir, opts.text);
  // A run inside a sweep: its directory's mtime is not what a refresh looks at, so tell the index.
  if (kind === 'run') updateLedgerEntry(dir);
  out(`Noted on ${kind} ${dir} (${note.at})\n`);
  return 0;
}
