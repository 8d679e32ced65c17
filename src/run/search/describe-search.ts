/**
 * What `--dry-run` of a search shows before its trial 0: the sampler and its settings, each
 * parameter's distribution, the fixed overrides and the pruner. Later trials cannot be listed (they
 * depend on results), so this is the whole plan of a search.
 */
import type { Distribution, SearchSpace } from '../../sweep/search/index.js';
import { TPE_DEFAULTS } from '../../sweep/search/index.js';
import type { SearchSettings } from '../../sweep/search/settings.js';

export interface SearchDescription {
  sampler: string;
  nTrials: number;
  metric: string;
  direction: string;
  seed: number;
  maxFailures: number | null;
  samplerSettings: Record<string, unknown>;
  space: Array<{ key: string; distribution: string }>;
  fixed: string[];
  pruner: string | null;
}

export function describeSearch(settings: SearchSettings, space: SearchSpace): SearchDescription {
  return {
    sampler: settings.sweeper,
    nTrials: settings.nTrials,
    metric: settings.metric,
    direction: settings.direction,
    seed: settings.seed,
    maxFailures: settings.maxFailures ?? null,
    samplerSettings: settings.sweeper === 'tpe' ? snakeKeys({ ...TPE_DEFAULTS, ...settings.tpe }) : {},
    space: space.params.map((p) => ({ key: p.key, distribution: distributionText(p.dist) })),
    fixed: space.fixed.map(([, text]) => text),
    pruner: settings.pruner ? prunerText(settings.pruner as unknown as Record<string, unknown>) : null,
  };
}

export function distributionText(d: Distribution): string {
  switch (d.kind) {
    case 'float':
    case 'int':
      return `${d.kind} in [${d.low}, ${d.high}]${d.log ? ', log scale' : ''}${d.step !== undefined && !(d.kind === 'int' && d.step === 1) ? `, step ${d.step}` : ''}`;
    case 'categorical':
      return `categorical: ${d.choices.join(' | ')}`;
  }
}

/** Settings as `orch.sweeper.*` spells them (`nStartupTrials` -> `n_startup_trials`). */
function snakeKeys(o: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]));
}

function prunerText(p: Record<string, unknown>): string {
  const options = Object.entries(snakeKeys(p)).filter(([k]) => k !== 'name').map(([k, v]) => `${k}=${String(v)}`);
  return `${String(p.name)}${options.length ? ` (${options.join(', ')})` : ''}`;
}

/** The description as the comment lines of the text dry run. */
export function searchDryRunLines(d: SearchDescription, launcher: string): string[] {
  const sampler = Object.entries(d.samplerSettings).map(([k, v]) => `${k}=${String(v)}`).join(', ');
  const width = Math.max(0, ...d.space.map((p) => p.key.length));
  return [
    `# dry run: ${d.sampler} search of up to ${d.nTrials} trial(s), launcher ${launcher}, nothing written`,
    `# objective: ${d.direction} ${d.metric}; seed ${d.seed}; max_failures ${d.maxFailures ?? 'unlimited'}${sampler ? `; sampler: ${sampler}` : ''}`,
    `# pruner: ${d.pruner ?? 'none'}`,
    '# space:',
    ...d.space.map((p) => `#   ${p.key.padEnd(width)}  ${p.distribution}`),
    ...(d.fixed.length ? [`# fixed: ${d.fixed.join(' ')}`] : []),
    '# trial 0 (the trials after it are proposed from the results):',
  ];
}
