import { readTextIfExists } from '../store/json-file.js';
import { join } from 'node:path';
import YAML from 'yaml';
import { toPlain } from '../value/value.js';
import { isSweep, OverrideParseError, parseOverride, toCfgValue } from '../overrides/index.js';
import { didYouMean, sentences } from '../errors.js';
import { ReportError } from './errors.js';
import type { ReportConfig } from './types.js';
import { REPORT_SETTING_KEYS } from '../config/orch-defaults.js';

export const REPORT_CONFIG_FILE = join('config', 'report.yaml');

const KEYS = REPORT_SETTING_KEYS;
type Key = (typeof KEYS)[number];

export function defaultReportConfig(): ReportConfig {
  return { metrics: [], directions: {}, repeatKeys: ['seed'], alpha: 0.05, baselines: [] };
}

function strList(v: unknown, where: string): string[] {
  const items = Array.isArray(v) ? v : [v];
  if (items.some((x) => x === null || typeof x === 'object')) {
    throw new ReportError({ code: 'REPORT_BAD_CONFIG', message: `${where}: expected a list of strings, got ${JSON.stringify(v)}` });
  }
  return items.map(String);
}

/** `report.metrics` is a list of names, or a mapping of names to `min` / `max` (the direction). */
function applyMetrics(cfg: ReportConfig, value: unknown, where: string): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    cfg.metrics = value === null ? [] : strList(value, where);
    return;
  }
  cfg.metrics = [];
  for (const [name, dir] of Object.entries(value)) {
    if (dir !== 'min' && dir !== 'max' && dir !== null) {
      throw new ReportError({
        code: 'REPORT_BAD_CONFIG', message: `${where}: report.metrics.${name} must be min or max (the better direction), got ${JSON.stringify(dir)}`,
        hint: 'Write report.metrics as a list of names, or as a mapping like {loss: min, accuracy: max}.',
      });
    }
    cfg.metrics.push(name);
    if (dir) cfg.directions[name] = dir;
  }
}

/** Applies one `report.<key>` value; `where` names the file key or the override for messages. */
function applyKey(cfg: ReportConfig, key: string, value: unknown, where: string): void {
  if (!(KEYS as readonly string[]).includes(key)) {
    throw new ReportError({ code: 'REPORT_BAD_CONFIG', message: sentences(`${where}: unknown report setting '${key}'. Valid: ${KEYS.join(', ')}.`, didYouMean(key, KEYS)) });
  }
  switch (key as Key) {
    case 'question': cfg.question = String(value); break;
    case 'metric': cfg.metric = String(value); break;
    case 'claim': cfg.claim = value === null ? undefined : String(value); break;
    case 'metrics': applyMetrics(cfg, value, where); break;
    case 'group_by': cfg.groupBy = strList(value, where); break;
    case 'repeat_keys': cfg.repeatKeys = value === null ? [] : strList(value, where); break;
    case 'baselines': cfg.baselines = value === null ? [] : strList(value, where); break;
    case 'curves': cfg.curves = strList(value, where); break;
    case 'alpha': {
      const a = Number(value);
      if (!(a > 0 && a < 1)) throw new ReportError({ code: 'REPORT_BAD_CONFIG', message: `${where}: alpha must be a number between 0 and 1, got ${JSON.stringify(value)}` });
      cfg.alpha = a;
      break;
    }
    case 'higher_is_better':
      if (typeof value !== 'boolean') throw new ReportError({ code: 'REPORT_BAD_CONFIG', message: `${where}: higher_is_better must be true or false, got ${JSON.stringify(value)}` });
      cfg.higherIsBetter = value;
      break;
  }
}

/**
 * Parses `report.key=value` (or `key=value`) with the override grammar, so values read as on any
 * other orch command line: `[model]` is a list, `0.01` a float, and a value holding `=` (a group
 * selector) must be quoted: `report.claim='model=cnn'`.
 */
export function applyOverride(cfg: ReportConfig, input: string): void {
  let parsed;
  try {
    parsed = parseOverride(input);
  } catch (err) {
    if (!(err instanceof OverrideParseError)) throw err;
    throw new ReportError({
      code: 'REPORT_BAD_OVERRIDE', message: err.message,
      hint: "Report overrides are report.<key>=<value>; quote values that contain '=', e.g. report.claim='model=cnn' report.baselines=['model=mlp'].",
      cause: err,
    });
  }
  if (isSweep(parsed.value)) {
    throw new ReportError({
      code: 'REPORT_BAD_OVERRIDE', message: `override '${input}': a report setting takes one value, not a sweep`,
      hint: "Write a list in brackets (report.metrics=[a,b]) or quote a value with commas (report.question='a, b').",
    });
  }
  const key = parsed.key.replace(/^report\./, '');
  const value = parsed.value === undefined ? null : toPlain(toCfgValue(parsed.value));
  applyKey(cfg, key, value, `override '${input}'`);
}

/** Report settings a sweep carries (its `orch.report`), and where they were read, for messages. */
export interface SweepReportSettings {
  readonly settings: Readonly<Record<string, unknown>>;
  readonly where: string;
}

/**
 * The settings over the defaults, in this order: `config/report.yaml` of the project (if present),
 * the sweep's own `orch.report` (its primary config or experiment: what this sweep asks), then the
 * command line's `report.*` overrides. A key the sweep leaves null keeps the project's value.
 */
export async function loadReportConfig(projectRoot: string, overrides: readonly string[], sweep?: SweepReportSettings): Promise<ReportConfig> {
  const cfg = defaultReportConfig();
  const file = join(projectRoot, REPORT_CONFIG_FILE);
  const text = await readTextIfExists(file);
  if (text !== undefined) {
    let doc: unknown;
    try {
      doc = YAML.parse(text);
    } catch (err) {
      throw new ReportError({ code: 'REPORT_BAD_CONFIG', message: `${file}: ${(err as Error).message}` });
    }
    const node = doc !== null && typeof doc === 'object' && 'report' in doc ? (doc as { report: unknown }).report : doc;
    if (node !== null && node !== undefined) {
      if (typeof node !== 'object' || Array.isArray(node)) {
        throw new ReportError({ code: 'REPORT_BAD_CONFIG', message: `${file}: 'report' must be a mapping of settings (${KEYS.join(', ')})` });
      }
      for (const [k, v] of Object.entries(node)) applyKey(cfg, k, v, `${file}: report.${k}`);
    }
  }
  for (const [k, v] of Object.entries(sweep?.settings ?? {})) if (v !== null) applyKey(cfg, k, v, `${sweep!.where}: orch.report.${k}`);
  for (const o of overrides) applyOverride(cfg, o);
  return cfg;
}
