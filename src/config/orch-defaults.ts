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
const OPEN_NODES = [`${ORCH_NODE}.launcher.`, `${ORCH_NODE}.sweeper.`];

export function isOpenKey(key: string): boolean {
  return OPEN_NODES.some((prefix) => key.startsWith(prefix));
}
