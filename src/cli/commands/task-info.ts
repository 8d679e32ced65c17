/** `orch <task> --info`: the config search path, the defaults tree and the group choices. */
import type { ComposeResult } from '../../config/compose.js';
import type { DefaultsTreeView } from '../../config/defaults-list.js';
import type { Project } from '../project.js';

export function formatInfo(project: Project, configName: string | null, composed: ComposeResult): string {
  const lines: string[] = ['Config search path:'];
  for (const s of project.repo.sources) lines.push(`  ${s.description}`);
  lines.push('', `Primary config: ${configName ?? '(none)'}`, '', 'Defaults tree:');
  const walk = (node: DefaultsTreeView, depth: number): void => {
    lines.push(`${'  '.repeat(depth + 1)}${node.config}${node.package ? ` (@${node.package})` : ''}`);
    for (const c of node.children ?? []) walk(c, depth + 1);
  };
  walk(composed.defaultsTree, 0);
  lines.push('', 'Group choices:');
  const width = Math.max(0, ...[...composed.choices.keys()].map((k) => k.length));
  for (const [group, choice] of composed.choices) lines.push(`  ${group.padEnd(width)}  ${choice ?? 'null'}`);
  if (composed.warnings.length) lines.push('', 'Warnings:', ...composed.warnings.map((w) => `  ${w}`));
  return lines.join('\n') + '\n';
}
