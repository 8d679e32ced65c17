/**
 * orch's own node is checked like any config: every `orch.*` key must be one orch knows (a key of
 * its base config, orch-defaults.ts) and of the kind it has there, so `+orch.job.nmae=x` or a
 * project's `orch: {sweeper: {n_trail: 5}}` is an error naming the valid keys instead of a setting
 * silently ignored. The keys of `orch.launcher` are the selected launcher's: it declares them
 * (LauncherSettingKeys) and its settings parser calls checkLauncherSettingKeys, the one check of
 * unknown launcher settings (LauncherRegistry.checkSettings runs the parser while planning); sweeper
 * settings are checked by sweeper-settings.ts.
 */
import { didYouMean, sentences } from '../errors.js';
import { checkSweeperSettings } from './sweeper-settings.js';
import { createBuiltinSource } from './builtin.js';
import { OrchSettingError } from './errors.js';
import { ORCH_BASE_CONFIG_PATH, ORCH_NODE, REPORT_SETTING_KEYS } from './orch-defaults.js';
import { Float, isDict, isList, numberOf, type CfgDict, type CfgValue } from '../value/value.js';

/** Nodes orch fills in itself (runtime facts, the overrides of the run): anything may be read there. */
const FILLED_BY_ORCH = new Set(['runtime', 'overrides']);
/** Nodes checked by their own owner. */
const CHECKED_ELSEWHERE = new Set(['launcher', 'sweeper']);

let base: CfgDict | undefined;
function baseNode(): CfgDict {
  base ??= createBuiltinSource().load(ORCH_BASE_CONFIG_PATH).content as CfgDict;
  return base;
}

/** Throws OrchSettingError on the first unknown or ill-kinded key of a composed `orch` node. */
export function checkOrchSettings(orch: CfgDict): void {
  for (const [key, value] of orch) {
    if (FILLED_BY_ORCH.has(key)) continue;
    if (key === 'sweeper') {
      if (isDict(value)) checkSweeperSettings(value);
      else checkKind([key], value, baseNode().get(key)!);
      continue;
    }
    if (CHECKED_ELSEWHERE.has(key)) continue;
    if (key === 'report' && value !== null && !isInterpolation(value)) {
      if (!isDict(value)) throw new OrchSettingError({ code: 'ORCH_SETTING_TYPE', message: `${ORCH_NODE}.report: expected a mapping of report settings, got ${describe(value)}` });
      checkReportKeys(value);
      continue;
    }
    checkKey([key], value, baseNode());
  }
}

/** The `orch.launcher` keys a launcher takes, and a hint for a key someone is likely to try. */
export interface LauncherSettingKeys {
  readonly keys: readonly string[];
  readonly hints?: Readonly<Record<string, string>>;
}

/** Throws OrchSettingError on the first key of `settings` that `launcher` does not take. */
export function checkLauncherSettingKeys(launcher: string, declared: LauncherSettingKeys, settings: Iterable<string>): void {
  for (const key of settings) {
    if (key === 'name' || declared.keys.includes(key)) continue;
    const valid = declared.keys.filter((k) => k !== 'name');
    throw unknownSetting(`${ORCH_NODE}.launcher`, key, valid, `a setting of the ${launcher} launcher`, `Settings of the ${launcher} launcher`, declared.hints?.[key]);
  }
}

/** A sweep's `orch.report` takes the report's settings, whatever their values (the report checks those). */
function checkReportKeys(report: CfgDict): void {
  const valid: readonly string[] = REPORT_SETTING_KEYS;
  for (const key of report.keys()) {
    if (!valid.includes(key)) throw unknownSetting(`${ORCH_NODE}.report`, key, valid, 'a report setting', 'Report settings');
  }
}

/**
 * `<node>.<key>: not <what>`, with the closest valid key and the list of them (`listed: a, b.`), or
 * the given hint: the one message of an unknown orch setting, wherever it is checked.
 */
function unknownSetting(node: string, key: string, valid: readonly string[], what: string, listed: string, hint?: string): OrchSettingError {
  return new OrchSettingError({
    code: 'ORCH_SETTING_UNKNOWN', message: `${node}.${key}: not ${what}`,
    hint: hint ?? sentences(didYouMean(key, valid, (near) => `${node}.${near}`), `${listed}: ${valid.join(', ')}.`),
  });
}

function checkKey(path: string[], value: CfgValue, parent: CfgDict): void {
  const key = path[path.length - 1]!;
  if (!parent.has(key)) {
    const at = name(path.slice(0, -1));
    throw unknownSetting(at, key, [...parent.keys()], 'a setting of orch', `Settings under ${at}`);
  }
  const expected = parent.get(key)!;
  checkKind(path, value, expected);
  if (isDict(value) && isDict(expected)) for (const [k, v] of value) checkKey([...path, k], v, expected);
}

/**
 * Keys whose default is null but which hold text (`orch.job.name=[1,2]` would name dirs and records
 * with a list). A null default not listed here takes anything (or is checked by its reader).
 */
const TEXT_WHEN_SET = new Set(['run.description', 'run.hypothesis', 'sweep.description', 'sweep.hypothesis', 'job.name', 'job.config_name']);

/** The value must be of the default's kind; a default of null takes anything unless it is text. */
function checkKind(path: string[], value: CfgValue, expected: CfgValue): void {
  if (value === null || isInterpolation(value)) return;
  if (expected === null && !TEXT_WHEN_SET.has(path.join('.'))) return;
  const want = expected === null ? 'string' : kindOf(expected);
  const got = kindOf(value);
  if (want === got || (want === 'string' && got === 'number')) return;
  throw new OrchSettingError({
    code: 'ORCH_SETTING_TYPE', message: `${name(path)}: expected ${want === 'dict' ? 'a mapping' : want === 'list' ? 'a list' : `a ${want}`}, got ${describe(value)}`,
    hint: expected === null ? `It is text when set, e.g. ${name(path)}=baseline.` : `orch's default is ${describe(expected)}.`,
  });
}

function kindOf(v: CfgValue): 'dict' | 'list' | 'string' | 'number' | 'boolean' {
  if (isDict(v)) return 'dict';
  if (isList(v)) return 'list';
  if (numberOf(v) !== undefined) return 'number';
  return typeof v === 'boolean' ? 'boolean' : 'string';
}

function isInterpolation(v: CfgValue): boolean {
  return typeof v === 'string' && v.includes('${');
}

function describe(v: CfgValue): string {
  if (isDict(v)) return 'a mapping';
  if (isList(v)) return JSON.stringify(v.map((x) => (isDict(x) || isList(x) ? '...' : x instanceof Float ? x.value : x)));
  return JSON.stringify(v instanceof Float ? v.value : v);
}

function name(path: string[]): string {
  return [ORCH_NODE, ...path].join('.');
}
