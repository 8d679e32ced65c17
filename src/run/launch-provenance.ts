import { captureProvenance } from '../store/provenance.js';
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
    out.write(`orch: warning: cannot record the provenance of ${sweepDir}: ${(err as Error).message}\n`);
    return {};
  }
}
