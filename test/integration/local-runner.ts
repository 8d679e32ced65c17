/**
 * A separate orch-like process for signal tests: builds a sweep from a JSON spec (argv[2]), prints
 * the sweep dir on its first stdout line, runs the sweep with the real signal handling and exits
 * with the sweep's exit status. Always run from source through tsx.
 */
import { createLocalLauncher } from '../../src/launchers/local/local-launcher.js';
import { feedOf } from '../../src/launchers/job-source.js';
import { runSweep } from '../../src/launchers/run-sweep.js';
import { launchCtx, makeSweep } from './local-harness.js';

const spec = JSON.parse(process.argv[2]!) as { task: string; taskCommand?: string[]; configs: Array<Record<string, unknown>>; launcher: Record<string, unknown>; root: string };
const sweep = await makeSweep({ task: spec.task, taskCommand: spec.taskCommand, configs: spec.configs, launcher: spec.launcher, root: spec.root });
process.stdout.write(sweep.sweepDir + '\n');
const result = await runSweep(feedOf(sweep.jobs), createLocalLauncher(spec.launcher), launchCtx(sweep), { out: process.stderr });
process.exitCode = result.exitCode;
