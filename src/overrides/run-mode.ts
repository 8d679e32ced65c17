/**
 * Which overrides are legal in which mode (Hydra's `validate_sweep_overrides_legal`): a sweep in a
 * single run is an error that says how to mean something else, and a multirun may not sweep over
 * the reserved `orch` node (its overrides configure the run, not a job).
 */
import type { Override } from './types.js';
import { isSweep } from './types.js';
import { SweepError } from './errors.js';

export type RunMode = 'run' | 'multirun';

/** `orch.x...` and `orch/x...` overrides: settings of the run itself (Hydra's `hydra.` overrides). */
export function isReservedOverride(o: Pick<Override, 'key'>, root = 'orch'): boolean {
  return o.key.startsWith(`${root}.`) || o.key.startsWith(`${root}/`);
}

export function checkOverridesForMode(overrides: readonly Override[], mode: RunMode): void {
  for (const o of overrides) {
    const v = o.value;
    if (!isSweep(v)) continue;
    if (mode === 'multirun') {
      if (isReservedOverride(o)) {
        throw new SweepError({
          code: 'SWEEP_RESERVED', message: `Sweeping over orch's configuration is not supported: '${o.input}'`,
          hint: 'Give orch.* settings a single value; sweep over your own config keys.',
        });
      }
    } else if (v.kind === 'choice' && v.simple) {
      throw new SweepError({
        code: 'SWEEP_IN_SINGLE_RUN', message: [
        `Ambiguous value for argument '${o.input}'`,
        '1. To use it as a list, use key=[value1,value2]',
        "2. To use it as a string, quote the value: key='value1,value2'",
        '3. To sweep over it, add --multirun (-m) to your command line',
      ].join('\n'),
      });
    } else {
      throw new SweepError({
        code: 'SWEEP_IN_SINGLE_RUN', message: `Sweep parameter '${o.input}' requires --multirun`,
        hint: 'Add --multirun (-m) to expand the sweep into one job per value.',
      });
    }
  }
}
