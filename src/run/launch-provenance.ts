import { captureProvenance, startProvenance } from '../store/provenance.js';
import type { LaunchContext } from '../launchers/types.js';

/**
 * The launch context's provenance fields, captured once for the whole launch. A failure to
 * capture (an unwritable .orch, git hanging) is a warning: the jobs still run, their records
 * then say only what the launcher itself finds.
 */
export async function launchProvenance(
  projectRoot: string, sweepDir: string, taskArgv: readonly string[] | undefined, out: NodeJS.WritableStream = process.stderr,
): Promise<Pick<LaunchContext, 'git' | 'provenance'>> {
  try {
    const p = await captureProvenance({ projectRoot, sweepDir, taskArgv });
    return { git: p.git, provenance: p.file };
  } catch (err) {
    out.write(cannotRecord(sweepDir, err));
    return {};
  }
}

/**
 * The same for a single run on a launcher that writes its jobs' final records itself (local,
 * gpu): the task starts once the git facts are known, while the file (a Python task's package
 * list, ~1 s) is still being written; the final record names it (`provenanceLater`).
 */
export async function singleRunProvenance(
  projectRoot: string, runDir: string, taskArgv: readonly string[] | undefined, out: NodeJS.WritableStream = process.stderr,
): Promise<Pick<LaunchContext, 'git' | 'provenanceLater'>> {
  const p = startProvenance({ projectRoot, sweepDir: runDir, taskArgv });
  const provenanceLater = p.file.catch((err: unknown) => { out.write(cannotRecord(runDir, err)); return undefined; });
  try {
    return { git: await p.git, provenanceLater };
  } catch (err) {
    // Git failed: so does the file, whose warning says it once.
    return { provenanceLater };
  }
}

const cannotRecord = (dir: string, err: unknown): string => `orch: warning: cannot record the provenance of ${dir}: ${(err as Error).message}\n`;
