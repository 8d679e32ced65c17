import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import Handlebars from 'handlebars';
import { ORCH_MAIN_JS } from '../../store/orch-info.js';
import { planArrays, type ArrayBlock } from './arrays.js';
import { launcherAssetsDir } from './assets.js';
import { sbatchDirectives } from './directives.js';
import { slurmError } from './errors.js';
import { parseSlurmSettings, type SlurmSettings } from './settings.js';
import { sbatchOption, shellWord, shellWords, slurmFilenameLiteral } from './shell-quote.js';

/** Where orch keeps its Slurm files inside a sweep directory (shared storage). */
export const SLURM_SUBDIR = '.slurm';

export interface RenderedScript {
  block: ArrayBlock;
  script: string;
}

export interface RenderOptions {
  sweepDir: string;
  task?: string;
  /** The cluster's MaxArraySize; default: orch.launcher.max_array_size, else Slurm's default 1001. */
  maxArraySize?: number;
  /** Project root, against which a relative orch.launcher.template is resolved. */
  projectRoot?: string;
  /** The array tasks dispatch their jobs from the sweep's plan (no spec file per job). */
  selfDispatch?: boolean;
  /** The launch's provenance file, named in each self-dispatched job's record. */
  provenance?: string;
}

export const DEFAULT_MAX_ARRAY_SIZE = 1001;

/** The batch scripts for these jobs: one per array block. Reads the template; submits nothing. */
export function renderScripts(jobs: ReadonlyArray<{ num: number }>, rawSettings: Record<string, unknown>, opts: RenderOptions): RenderedScript[] {
  const settings = parseSlurmSettings(rawSettings);
  const maxArraySize = opts.maxArraySize ?? settings.maxArraySize ?? DEFAULT_MAX_ARRAY_SIZE;
  const blocks = planArrays(jobs.map((j) => j.num), maxArraySize, settings.arrayParallelism);
  const template = compileTemplate(settings, opts.projectRoot ?? process.cwd());
  return blocks.map((block, i) => ({ block, script: template(scriptContext(settings, block, i, opts)) }));
}

export function isGpuSettings(s: SlurmSettings): boolean {
  return s.name === 'slurmgpu';
}

function scriptContext(s: SlurmSettings, block: ArrayBlock, index: number, opts: RenderOptions): Record<string, unknown> {
  const slurmDir = join(opts.sweepDir, SLURM_SUBDIR);
  return {
    sweepDir: opts.sweepDir,
    slurmDir,
    block: index,
    offset: block.offset,
    array: block.spec,
    jobName: s.jobName ?? `orch-${opts.task ?? 'sweep'}`,
    logPattern: `${slurmFilenameLiteral(join(slurmDir, 'logs'))}/%A_%a.out`,
    directives: sbatchDirectives(s, isGpuSettings(s)),
    requeue: s.requeue,
    signal: `B:USR1@${s.signalDelay}`,
    // Hooks get half the warning time; the rest is for the requeue itself.
    checkpointWait: Math.max(1, Math.floor(s.signalDelay / 2)),
    setup: s.setup,
    killGrace: s.killGraceSec,
    // `orch _slurm-dispatch` by the node and orch this orch runs on: the shared install the jobs see.
    selfDispatch: opts.selfDispatch
      ? [process.execPath, ORCH_MAIN_JS, '_slurm-dispatch', opts.sweepDir, '--launcher', s.name,
        ...(isGpuSettings(s) ? ['--drop-env', 'ORCH_DEVICE', '--drop-env', 'CUDA_VISIBLE_DEVICES'] : []),
        ...(opts.provenance ? ['--provenance', opts.provenance] : [])]
      : false,
  };
}

function compileTemplate(s: SlurmSettings, projectRoot: string): HandlebarsTemplateDelegate {
  const assets = launcherAssetsDir();
  const path = s.template
    ? (isAbsolute(s.template) ? s.template : resolve(projectRoot, s.template))
    : join(assets, isGpuSettings(s) ? 'slurmgpu.sbatch.hbs' : 'slurm.sbatch.hbs');
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (err) {
    throw slurmError({ code: 'SLURM_TEMPLATE', message: `orch.launcher.template: cannot read ${path}: ${(err as Error).message}`, cause: err });
  }
  const hb = Handlebars.create();
  // Every value reaches the script through these helpers (see shell-quote.ts), never as {{value}}.
  hb.registerHelper('shell', (v: unknown) => shellWord(String(v)));
  hb.registerHelper('words', (v: unknown) => shellWords(v as string[]));
  hb.registerHelper('join', (v: unknown) => (v as string[]).join(' '));
  hb.registerHelper('sbatch', (flag: unknown, value: unknown) =>
    sbatchOption(String(flag), typeof value === 'string' || typeof value === 'number' ? value : undefined));
  hb.registerPartial('orch_task_runner', readFileSync(join(assets, 'orch-task-runner.hbs'), 'utf8'));
  try {
    return hb.compile(source, { noEscape: true, strict: true });
  } catch (err) {
    throw slurmError({ code: 'SLURM_TEMPLATE', message: `${path}: ${(err as Error).message}`, cause: err });
  }
}
