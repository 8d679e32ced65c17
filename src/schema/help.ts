import { selectPath } from '../config/key-path.js';
import { pyRepr, type CfgDict, type CfgValue } from '../value/value.js';
import { describeType, rangeText } from './check-value.js';
import type { TreeEntry } from './task-tree.js';
import type { SchemaNode } from './types.js';
import { maxOf } from '../min-max.js';

interface Row {
  key: string;
  type: string;
  value: string;
  description: string;
}

/**
 * The typed part of `orch <task> --help`: per config group, its options (`*` marks the default) and
 * every key with type, default and description; keys only some options have name those options.
 * `defaults` is the task's composed job config (the values a run gets without overrides).
 */
export function helpLines(entries: readonly TreeEntry[], defaults?: CfgDict): string[] {
  const out: string[] = [];
  for (const e of entries) {
    const title = e.group === null ? `${e.selected}${e.package ? ` (at ${e.package})` : ''}` : `${e.group}=${e.options.map((o) => (o.name === e.selected ? `*${o.name}` : o.name)).join('|')}`;
    const schemaFiles = [...new Set(e.options.filter((o) => !o.schema.inferred).map((o) => o.schema.origin.file))];
    out.push(`${title}${schemaFiles.length ? '' : '   (no schema: types read from the values)'}`);
    const rows = rowsOf(e, defaults);
    // `key = default` first: it reads as the override to write.
    const lefts = rows.map((r) => (r.value ? `${r.key} ${r.value}` : r.key));
    const w1 = Math.max(maxOf(lefts.map((l) => l.length)), 0);
    const w2 = Math.max(maxOf(rows.map((r) => r.type.length)), 0);
    rows.forEach((r, i) => out.push(`  ${lefts[i]!.padEnd(w1)}  ${r.type.padEnd(w2)}  ${r.description}`.trimEnd()));
    out.push('');
  }
  return out;
}

function rowsOf(e: TreeEntry, defaults: CfgDict | undefined): Row[] {
  const rows = new Map<string, Row & { options: Set<string> }>();
  const selected = e.options.find((o) => o.name === e.selected) ?? e.options[0];
  for (const o of selected ? [selected, ...e.options.filter((x) => x !== selected)] : []) {
    flatten(o.schema, e.package, (key, node, rel) => {
      const row = rows.get(key);
      if (row) return void row.options.add(o.name);
      const composed = defaults === undefined || o !== selected ? undefined : selectPath(defaults, key);
      const own = o === selected ? selectPath(o.content, rel) : undefined;
      const value = composed !== undefined ? composed : own !== undefined ? own : node.default;
      rows.set(key, { key, type: typeText(node), value: value === undefined ? '' : `= ${show(value)}`, description: node.description ?? '', options: new Set([o.name]) });
    });
  }
  const all = e.options.length;
  return [...rows.values()].map((r) => (e.group === null || r.options.size === all ? r : { ...r, description: `${r.description}${r.description ? ' ' : ''}(${e.group}=${[...r.options].join('|')} only)` }));
}

function flatten(node: SchemaNode, prefix: string, visit: (key: string, node: SchemaNode, rel: string) => void, rel = ''): void {
  for (const [k, child] of node.properties ?? []) {
    const key = prefix ? `${prefix}.${k}` : k;
    const childRel = rel ? `${rel}.${k}` : k;
    if (child.properties && child.properties.size > 0) flatten(child, key, visit, childRel);
    else visit(key, child, childRel);
  }
}

function typeText(node: SchemaNode): string {
  if (node.enum) return `one of ${node.enum.map(pyRepr).join(', ')}`;
  const range = rangeText(node);
  const pattern = node.pattern ? ` /${node.pattern}/` : '';
  return `${describeType(node)}${range ? ` ${range}` : ''}${pattern}`.replace(/ \(int or float\)| \(true\/false\)/g, '');
}

function show(v: CfgValue): string {
  return typeof v === 'string' ? v : pyRepr(v);
}
