/**
 * orch's own base config: the reserved `orch` node (Hydra's `hydra` node). It is the first config
 * merged, so a project's config (`orch: {...}`) and `orch.*` overrides change it; it is removed
 * from the job config. Loaded from the built-in config source as `orch/config`.
 */
export const ORCH_NODE = 'orch';
export const ORCH_BASE_CONFIG_PATH = 'orch/config';

export const ORCH_BASE_CONFIG_YAML = `\
run:
  dir: outputs/\${now:%Y-%m-%d}/\${now:%H-%M-%S}
  description: null
  hypothesis: null
sweep:
  dir: outputs/multirun/\${now:%Y-%m-%d}/\${now:%H-%M-%S}
  subdir: \${orch.job.num}
  description: null
  hypothesis: null
launcher:
  name: local
report: null
sweeper:
  name: basic
  params: null
  skip_completed: false
task:
  command: null
overrides:
  orch: []
  task: []
job:
  name: null
  num: 0
  config_name: null
  strict: false
  override_dirname: ''
  config:
    override_dirname:
      kv_sep: '='
      item_sep: ','
      exclude_keys: []
runtime:
  choices: {}
`;

/**
 * Nodes whose keys may be set without `+`: `orch.launcher.*` holds the settings of whichever launcher
 * is selected, and each launcher validates its own keys (an unknown one is an error naming the valid
 * ones), so `orch.launcher.n_jobs=2` works whether or not a preset was selected. `orch.sweeper.*`
 * likewise: sweeper-settings.ts names the valid keys, so `orch.sweeper.n_trials=60` needs no `+`.
 */
const OPEN_NODES = [`${ORCH_NODE}.launcher.`, `${ORCH_NODE}.sweeper.`, `${ORCH_NODE}.report.`];

/**
 * The keys of the report's settings (`config/report.yaml`, a sweep's `orch.report`, `report.*`
 * overrides), snake_case as in the rest of the config tree. Listed here, below both, so a sweep's
 * `orch.report.metrc` is refused while composing, before anything runs; the report checks the values.
 */
export const REPORT_SETTING_KEYS = ['question', 'metric', 'metrics', 'group_by', 'repeat_keys', 'alpha', 'higher_is_better', 'baselines', 'claim', 'curves'] as const;

export function isOpenKey(key: string): boolean {
  return OPEN_NODES.some((prefix) => key.startsWith(prefix));
}
