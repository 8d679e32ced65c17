/**
 * `orch <task> --help`: what this project's task accepts: its config groups with their options and
 * the keys of the composed config with their default values.
 */
import { composeJobsUnresolved } from '../../plan/compose-jobs.js';
import { jobConfigOf } from '../../config/compose.js';
import { isDict, pyStr, type CfgDict } from '../../config/value.js';
import { openProject } from '../project.js';

export async function taskHelp(task: string, argv: string[]): Promise<number> {
  const dirFlag = argv.findIndex((a) => a === '--config-dir' || a.startsWith('--config-dir='));
  const configDir = dirFlag < 0 ? undefined : argv[dirFlag]!.includes('=') ? argv[dirFlag]!.split('=')[1] : argv[dirFlag + 1];
  const project = openProject({ configDir, requireConfigDir: true });
  const out: string[] = [`orch ${task} [OVERRIDES...] [-m] [--cfg job|orch|all] [--resolve] [--info] [--dry-run]`, ''];
  out.push('Config groups (override with group=option):');
  for (const group of listGroups(project.repo, '')) {
    out.push(`  ${group}: ${project.repo.groupOptions(group).join(', ')}`);
  }
  const configName = project.repo.configExists(task) ? task : null;
  try {
    const [job] = composeJobsUnresolved(project.repo, { configName, overrides: [], multirun: false });
    if (job) {
      out.push('', `Keys of ${configName ?? task} (override with key=value, add with +key=value):`);
      listKeys(jobConfigOf(job.composed.config), '', out);
    }
  } catch (err) {
    out.push('', `(the default config does not compose: ${(err as Error).message.split('\n')[0]})`);
  }
  out.push('', 'Common flags: --config-dir DIR, -c/--config-name NAME, --debug, --version. Run orch --help for all commands.');
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}

function listGroups(repo: ReturnType<typeof openProject>['repo'], parent: string): string[] {
  const out: string[] = [];
  for (const g of repo.groupOptions(parent, 'group')) {
    const path = parent ? `${parent}/${g}` : g;
    if (path === 'orch') continue;
    out.push(path, ...listGroups(repo, path));
  }
  return out;
}

function listKeys(node: CfgDict, prefix: string, out: string[]): void {
  for (const [k, v] of node) {
    const key = prefix + k;
    if (isDict(v) && v.size > 0) listKeys(v, `${key}.`, out);
    else out.push(`  ${key} = ${Array.isArray(v) ? `[${v.map((x) => pyStr(x as never)).join(', ')}]` : isDict(v) ? '{}' : pyStr(v)}`);
  }
}
