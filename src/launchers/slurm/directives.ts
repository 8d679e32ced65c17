import type { SlurmSettings } from './settings.js';

/** `value: null` is a bare switch (`--exclusive`). */
export interface Directive { flag: string; value: string | number | null }

/** `#SBATCH` options from the settings, in a fixed order. Values are quoted later, by the template. */
export function sbatchDirectives(s: SlurmSettings, gpu: boolean): Directive[] {
  const out: Directive[] = [];
  const add = (flag: string, value: string | number | undefined) => { if (value !== undefined) out.push({ flag, value }); };
  add('partition', s.partition);
  add('time', s.time);
  add('cpus-per-task', s.cpusPerTask);
  add('mem', s.mem);
  add('mem-per-cpu', s.memPerCpu);
  // A GPU job without an explicit request gets one GPU per task.
  add('gres', s.gres ?? (gpu && s.gpusPerTask === undefined ? 'gpu:1' : undefined));
  add('gpus-per-task', s.gpusPerTask);
  add('account', s.account);
  add('qos', s.qos);
  add('constraint', s.constraint);
  for (const [flag, value] of s.additionalParameters) out.push({ flag, value: value === true ? null : value });
  return out;
}
