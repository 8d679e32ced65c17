/**
 * `orch <task> --help`: what this project's task accepts: its config groups with their options and
 * the keys of the composed config with their default values.
 */
import { composeJobsUnresolved } from '../../plan/compose-jobs.js';
import { jobConfigOf } from '../../config/compose.js';
import { openProject } from '../project.js';
import { taskHelpLines } from '../../schema/describe.js';

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
      // Typed configs (issue 8): keys by config group, with type, default and description.
      out.push('', `Keys by config (override with key=value; * = default option):`);
      out.push(...taskHelpLines({ repo: project.repo, task, configName }, jobConfigOf(job.composed.config)).map((l) => (l ? `  ${l}` : l)));
      while (out[out.length - 1] === '') out.pop();
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
