import type { Override } from '../overrides/types.js';
import { isReservedOverride } from '../overrides/run-mode.js';
import { isGroupOverride } from './defaults-overrides.js';
import { ORCH_NODE } from './orch-defaults.js';
import type { ConfigRepository } from './repository.js';

/**
 * Whether an override configures orch rather than the job, so that it stays out of the job's
 * overrides and `override_dirname` as Hydra keeps `hydra/launcher=...` out of them: an `orch.*` key,
 * or a group override whose option comes from one of orch's own config sources (the launcher and
 * sweeper presets) or is placed under the `orch` node by its package. The group's name decides
 * nothing: a project's own `launcher` group, packaged under `launcher`, is part of the job.
 */
export function isOrchOwnedOverride(repo: ConfigRepository, o: Override): boolean {
  if (isReservedOverride(o, ORCH_NODE)) return true;
  if (!isGroupOverride(repo, o)) return false;
  const group = o.key.replace(/^\/+/, '');
  // `~launcher` names no option: it is orch's when every option it could remove is.
  const names = optionNames(o) ?? repo.groupOptions(group);
  return names.length > 0 && names.every((name) => optionIsOrchs(repo, `${group}/${name}`, o.pkg));
}

function optionNames(o: Override): string[] | undefined {
  const v = o.value;
  if (v?.kind === 'string') return [v.text];
  if (v?.kind === 'list') return v.items.flatMap((item) => (item.kind === 'string' ? [item.text] : []));
  return undefined;
}

function optionIsOrchs(repo: ConfigRepository, path: string, pkg: string | undefined): boolean {
  if (pkg) return isUnderOrch(pkg);
  // A missing option is composition's error to report, with the available ones.
  const loaded = repo.loadConfig(path);
  return loaded !== null && (loaded.ownedByOrch || isUnderOrch(loaded.packageHeader ?? ''));
}

function isUnderOrch(pkg: string): boolean {
  const p = pkg.replace(/^_global_\.?/, '');
  return p === ORCH_NODE || p.startsWith(`${ORCH_NODE}.`);
}
