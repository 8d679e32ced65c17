import type { Override } from '../overrides/types.js';
import { cloneValue, isDict, isList, pyRepr, pyStr, numberOf, type CfgDict, type CfgList, type CfgValue } from '../value/value.js';
import { childOf, fullKey, listIndex, selectPath, splitKey } from './key-path.js';
import { mergeInto, MergeError } from './merge.js';
import { ConfigCompositionError } from './errors.js';
import { OrchError, didYouMean, sentences } from '../errors.js';
import { overrideValue } from './override-value.js';
import { isOpenKey } from './orch-defaults.js';

/**
 * Applies config value overrides to a composed config in struct mode, as Hydra does after merging
 * the defaults list: `key=v` must name an existing key, `+key=v` must not (a null value counts as
 * absent), `++key=v` sets or merges regardless, `~key[=v]` deletes (when the value matches).
 * Dict values merge into an existing dict (`OmegaConf.update(..., merge=True)`).
 */
export interface ApplyOptions {
  /**
   * Resolves the value at a key path. OmegaConf.select resolves interpolations, so `+key=v` over
   * `key: ${a_null}` is allowed and `~key=v` compares with the resolved value. Without it,
   * interpolations are compared as written.
   */
  resolveAt?: (key: string) => CfgValue;
}

export function applyConfigOverrides(cfg: CfgDict, overrides: readonly Override[], options: ApplyOptions = {}): void {
  for (const o of overrides) applyOne(cfg, o, options);
}

function applyOne(cfg: CfgDict, o: Override, options: ApplyOptions): void {
  if (o.pkg !== undefined) {
    throw new ConfigCompositionError({ message: `Override ${o.input} looks like a config group override, but config group '${o.key}' does not exist.` });
  }
  const value = overrideValue(o);
  try {
    switch (o.kind) {
      case 'delete':
        return deleteKey(cfg, o, value, options);
      case 'add': {
        const current = selectResolved(cfg, o.key, options);
        if (current === undefined || current === null || isDict(value) || isList(value)) return update(cfg, o.key, value!, true);
        throw new ConfigCompositionError({
          message: `Could not append to config. An item is already at '${o.key}'.\nEither remove + prefix: '${o.input.slice(1)}'\nOr add a second + to add or override '${o.key}': '+${o.input}'`,
        });
      }
      case 'forceAdd':
        return update(cfg, o.key, value!, true);
      case 'change':
        try {
          return update(cfg, o.key, value!, isOpenKey(o.key));
        } catch (e) {
          if (e instanceof MergeError && e.kind === 'struct') {
            throw new ConfigCompositionError({
              message: `Could not override '${o.key}'.\nTo append to your config use +${o.input}\n${e.message}`, code: 'CONFIG_OVERRIDE_MISSING_KEY',
              hint: missingKeyHint(cfg, o.key),
            });
          }
          throw e;
        }
    }
  } catch (e) {
    if (e instanceof MergeError || (e instanceof OrchError && !(e instanceof ConfigCompositionError))) {
      throw new ConfigCompositionError({ message: `Error merging override ${o.input}\n${e.message}`, cause: e });
    }
    throw e;
  }
}

function selectResolved(cfg: CfgDict, key: string, options: ApplyOptions): CfgValue | undefined {
  const raw = selectPath(cfg, key);
  if (typeof raw !== 'string' || !raw.includes('${') || !options.resolveAt) return raw;
  return options.resolveAt(key);
}

function deleteKey(cfg: CfgDict, o: Override, value: CfgValue | undefined, options: ApplyOptions): void {
  const current = selectResolved(cfg, o.key, options);
  if (current === undefined || current === null) {
    throw new ConfigCompositionError({ message: `Could not delete from config. '${o.key}' does not exist.` });
  }
  // `~key=null` is `~key` (Hydra checks the value only when it is not None).
  if (value !== undefined && value !== null && !pyEquals(value, current)) {
    throw new ConfigCompositionError({ message: `Could not delete from config. The value of '${o.key}' is ${show(current)} and not ${show(value!)}.` });
  }
  const parts = splitKey(o.key);
  const last = parts.pop()!;
  const parent = parts.length === 0 ? cfg : selectPath(cfg, parts.join('.'));
  if (isDict(parent)) parent.delete(last);
  else if (isList(parent)) parent.splice(listIndex(last)!, 1);
}

function show(v: CfgValue): string {
  return isDict(v) || isList(v) ? pyRepr(v) : pyStr(v);
}

/**
 * OmegaConf.update(cfg, key, value, merge=True, force_add): walks the path creating (or, over a
 * scalar, replacing with) empty dicts, then merges a container into an existing container or sets
 * the value. Without forceAdd the config is in struct mode: new keys are errors.
 */
function update(cfg: CfgDict, key: string, value: CfgValue, forceAdd: boolean): void {
  const parts = splitKey(key);
  const path: Array<string | number> = [];
  const ancestors: Array<CfgDict | CfgList> = [];
  let root: CfgDict | CfgList = cfg;
  for (const seg of parts.slice(0, -1)) {
    const next = childOf(root, seg);
    if (!isDict(next) && !isList(next)) {
      if (isList(root)) {
        const i = listIndex(seg);
        if (i === undefined || i >= root.length) throw listIndexError(root, seg, path);
        root[i] = new Map();
      } else {
        if (!forceAdd && !root.has(seg)) throw new MergeError({ message: `Key '${seg}' is not in struct`, fullKey: fullKey([...path, seg]), kind: 'struct' });
        root.set(seg, new Map());
      }
    }
    ancestors.push(root);
    path.push(isList(root) ? listIndex(seg)! : seg);
    root = childOf(root, seg) as CfgDict | CfgList;
  }
  const last = parts[parts.length - 1]!;
  if (isList(root)) {
    const i = listIndex(last);
    if (i === undefined || i >= root.length) throw listIndexError(root, last, path);
    const node = root[i]!;
    if ((isDict(value) || isList(value)) && (isDict(node) || isList(node))) {
      mergeInto(node, value, { struct: !forceAdd, path: [...path, i], ancestors: [...ancestors, root] });
    } else root[i] = cloneValue(value);
    return;
  }
  const node = root.get(last);
  if ((isDict(value) || isList(value)) && (isDict(node) || isList(node))) {
    mergeInto(node, value, { struct: !forceAdd, path: [...path, last], ancestors: [...ancestors, root] });
    return;
  }
  if (!forceAdd && !root.has(last)) throw new MergeError({ message: `Key '${last}' is not in struct`, fullKey: fullKey([...path, last]), kind: 'struct' });
  root.set(last, cloneValue(value));
}

function listIndexError(list: CfgList, seg: string, path: Array<string | number>): MergeError {
  const i = listIndex(seg);
  const msg = i === undefined ? `ListConfig indices must be integers, got '${seg}'` : `list index out of range (the list has ${list.length} items)`;
  return new MergeError({ message: msg, fullKey: fullKey([...path, i ?? seg]), kind: 'type' });
}

/** Python `==` between override and config values: 1 == 1.0 == True, containers element-wise. */
export function pyEquals(a: CfgValue, b: CfgValue): boolean {
  const na = typeof a === 'boolean' ? Number(a) : numberOf(a);
  const nb = typeof b === 'boolean' ? Number(b) : numberOf(b);
  if (na !== undefined || nb !== undefined) return na === nb;
  if (isList(a) || isList(b)) return isList(a) && isList(b) && a.length === b.length && a.every((x, i) => pyEquals(x, b[i]!));
  if (isDict(a) || isDict(b)) {
    return isDict(a) && isDict(b) && a.size === b.size && [...a].every(([k, x]) => b.has(k) && pyEquals(x, b.get(k)!));
  }
  return a === b;
}

/**
 * The message already says how to append (Hydra's words); the hint says what was probably meant:
 * the closest key at that level, and the keys there.
 */
function missingKeyHint(cfg: CfgDict, key: string): string {
  const parts = splitKey(key);
  let parent: CfgValue | undefined = cfg;
  for (const seg of parts.slice(0, -1)) parent = isDict(parent) || isList(parent) ? childOf(parent, seg) : undefined;
  const siblings = isDict(parent) ? [...parent.keys()] : [];
  const prefix = parts.slice(0, -1).map((p) => `${p}.`).join('');
  if (!siblings.length) return "Check the key's spelling; `orch <task> --help` lists every key.";
  return sentences(didYouMean(parts[parts.length - 1]!, siblings, (near) => prefix + near), `Keys under ${prefix.slice(0, -1) || 'the config'}: ${siblings.join(', ')}.`);
}
