import { checkLauncherSettingKeys, type LauncherSettingKeys } from '../../config/orch-settings.js';
import { slurmError } from './errors.js';

/** `orch.launcher.*` for the slurm and slurmgpu launchers, validated. */
export interface SlurmSettings {
  name: string;
  partition?: string;
  /** Minutes (number) or Slurm syntax ("1-00:00:00", "90:00"). */
  time?: number | string;
  cpusPerTask?: number;
  mem?: string;
  memPerCpu?: string;
  gres?: string;
  gpusPerTask?: number;
  account?: string;
  qos?: string;
  constraint?: string;
  jobName?: string;
  /** Throttle: at most this many array tasks run at once (`--array=...%N`). */
  arrayParallelism?: number;
  /** Extra `#SBATCH --key=value` lines; `true` gives a bare switch. */
  additionalParameters: Array<[string, string | number | true]>;
  /** Lines run before the job, each split into words and quoted (no shell expansion). */
  setup: string[][];
  requeue: boolean;
  cancelOnInterrupt: boolean;
  /** Seconds before the time limit at which Slurm sends USR1 (requeue only). */
  signalDelay: number;
  /** Path of a project's own handlebars template. */
  template?: string;
  /** Overrides the cluster's MaxArraySize (tests, clusters that hide their config). */
  maxArraySize?: number;
  /** Seconds between two polls while waiting. */
  pollInterval: number;
  /** Seconds a stopped job (TERM) has before its process group is KILLed by the batch shell. */
  killGraceSec: number;
}

/** The keys of `orch.launcher` the slurm launchers take. */
export const SLURM_SETTING_KEYS: LauncherSettingKeys = {
  keys: [
    'name', 'partition', 'time', 'cpus_per_task', 'mem', 'mem_per_cpu', 'gres', 'gpus_per_task', 'account',
    'qos', 'constraint', 'job_name', 'array_parallelism', 'additional_parameters', 'setup', 'requeue',
    'cancel_on_interrupt', 'signal_delay', 'template', 'max_array_size', 'poll_interval', 'kill_grace_sec',
  ],
};

/** Validates the values of `orch.launcher.*` for the slurm launchers. */
export function parseSlurmSettings(raw: Record<string, unknown>): SlurmSettings {
  checkLauncherSettingKeys(typeof raw.name === 'string' ? raw.name : 'slurm', SLURM_SETTING_KEYS, Object.keys(raw));
  const r = new Reader(raw);
  const memPerCpu = r.size('mem_per_cpu');
  const mem = r.size('mem');
  if (mem !== undefined && memPerCpu !== undefined) {
    throw slurmError({ code: 'SLURM_SETTING', message: 'orch.launcher.mem and orch.launcher.mem_per_cpu are both set; Slurm accepts only one' });
  }
  return {
    name: r.str('name') ?? 'slurm',
    partition: r.str('partition'),
    time: r.time('time'),
    cpusPerTask: r.int('cpus_per_task'),
    mem,
    memPerCpu,
    gres: r.str('gres'),
    gpusPerTask: r.int('gpus_per_task'),
    account: r.str('account'),
    qos: r.str('qos'),
    constraint: r.str('constraint'),
    jobName: r.str('job_name'),
    arrayParallelism: r.int('array_parallelism'),
    additionalParameters: r.params('additional_parameters'),
    setup: r.setup('setup'),
    requeue: r.bool('requeue') ?? false,
    cancelOnInterrupt: r.bool('cancel_on_interrupt') ?? true,
    signalDelay: r.int('signal_delay') ?? 120,
    template: r.str('template'),
    maxArraySize: r.int('max_array_size'),
    pollInterval: r.num('poll_interval') ?? 1,
    killGraceSec: r.num('kill_grace_sec') ?? 10,
  };
}

class Reader {
  constructor(private readonly raw: Record<string, unknown>) {}

  private get(key: string): unknown {
    const v = this.raw[key];
    return v === null ? undefined : v;
  }

  private fail(key: string, want: string): never {
    throw slurmError({ code: 'SLURM_SETTING', message: `orch.launcher.${key}: expected ${want}, got ${JSON.stringify(this.raw[key])}` });
  }

  str(key: string): string | undefined {
    const v = this.get(key);
    if (v === undefined) return undefined;
    if (typeof v === 'string' || typeof v === 'number') return String(v);
    return this.fail(key, 'a string');
  }

  num(key: string): number | undefined {
    const v = this.get(key);
    if (v === undefined) return undefined;
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v;
    return this.fail(key, 'a positive number');
  }

  int(key: string): number | undefined {
    const v = this.get(key);
    if (v === undefined) return undefined;
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
    return this.fail(key, 'a positive integer');
  }

  bool(key: string): boolean | undefined {
    const v = this.get(key);
    if (v === undefined) return undefined;
    if (typeof v === 'boolean') return v;
    return this.fail(key, 'true or false');
  }

  time(key: string): number | string | undefined {
    const v = this.get(key);
    if (v === undefined) return undefined;
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
    if (typeof v === 'string' && /^(\d+-)?\d+(:\d+){0,2}$|^(\d+-\d+)$|^(UNLIMITED|INFINITE|infinite|unlimited)$/.test(v)) return v;
    return this.fail(key, 'minutes or a Slurm time ("90", "1:30:00", "2-00:00:00")');
  }

  size(key: string): string | undefined {
    const v = this.get(key);
    if (v === undefined) return undefined;
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) return String(v);
    if (typeof v === 'string' && /^\d+[KMGT]?B?$/i.test(v)) return v;
    return this.fail(key, 'megabytes or a size with a unit ("4G", "512M")');
  }

  params(key: string): Array<[string, string | number | true]> {
    const v = this.get(key);
    if (v === undefined) return [];
    if (typeof v !== 'object' || Array.isArray(v)) return this.fail(key, 'a map of sbatch options');
    const out: Array<[string, string | number | true]> = [];
    for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
      if (val === null || val === false) continue;
      if (val === true || typeof val === 'string' || typeof val === 'number') out.push([k.replace(/_/g, '-'), val]);
      else this.fail(`${key}.${k}`, 'a string, number or true');
    }
    return out;
  }

  setup(key: string): string[][] {
    const v = this.get(key);
    if (v === undefined) return [];
    const lines = typeof v === 'string' ? [v] : v;
    if (!Array.isArray(lines)) return this.fail(key, 'a list of commands');
    return lines.map((line, i) => {
      if (typeof line === 'string') return line.trim().split(/\s+/).filter((w) => w !== '');
      if (Array.isArray(line) && line.every((w) => typeof w === 'string')) return line as string[];
      return this.fail(`${key}[${i}]`, 'a command line or a list of words');
    }).filter((words) => words.length > 0);
  }
}
