import { isDict, toPlain, type CfgDict } from '../../value/value.js';
import { createPrunerDecider } from './pruner-decider.js';
import { prunerOf, prunerSettingsOf } from './pruner-settings.js';
import type { Pruning } from './types.js';

/**
 * The decider of a sweep whose sweeper has no study of its own (the grid): `orch.sweeper.pruner`
 * over the sweep's jobs, or undefined when no pruner is set. The search sweepers pass their study's.
 */
export function gridPruning(orch: CfgDict): Pruning | undefined {
  const node = orch.get('sweeper');
  if (!isDict(node)) return undefined;
  const settings = prunerSettingsOf(toPlain(node) as Record<string, unknown>);
  return settings && createPrunerDecider(prunerOf(settings), settings.metric);
}
