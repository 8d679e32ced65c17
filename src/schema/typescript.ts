import { pyRepr, toPlain, type CfgValue } from '../value/value.js';
import { rangeText } from './check-value.js';
import type { SchemaNode } from './types.js';

/** `train` -> `TrainConfig`, `my-task` -> `MyTaskConfig`. */
export function configTypeName(task: string): string {
  const words = task.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const name = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('') || 'Task';
  return `${/^\d/.test(name) ? `T${name}` : name}Config`;
}

/**
 * A TypeScript declaration of a job config: `runs/<task>.ts` imports the interface and a typo such as
 * `cfg.training.epocs` fails type-checking. Keys a config always holds are required; objects are
 * closed unless their schema allows extra keys; a group whose options differ is a union (narrow it
 * with a literal key such as `name` declared with `enum`).
 */
export function toTypeScript(root: SchemaNode, typeName: string, header: string): string {
  return `${header}\nexport interface ${typeName} ${objectType(root, 0)}\n\nexport default ${typeName};\n`;
}

function typeOf(node: SchemaNode, depth: number): string {
  if (node.anyOf) {
    const flat = unionOf(node.anyOf.map((n) => typeOf(n, depth)), depth);
    return flat.startsWith('\n') ? unionOf(node.anyOf.map((n) => typeOf(n, depth + 1)), depth) : flat;
  }
  if (node.enum) return unionOf(node.enum.map(literal), depth);
  if (!node.types) return 'unknown';
  return unionOf(node.types.map((t) => {
    switch (t) {
      case 'string': return 'string';
      case 'integer': case 'number': return 'number';
      case 'boolean': return 'boolean';
      case 'null': return 'null';
      case 'array': return node.items ? `Array<${typeOf(node.items, depth)}>` : 'unknown[]';
      case 'object': return node.properties ? objectType(node, depth) : 'Record<string, unknown>';
    }
  }), depth);
}

function unionOf(parts: string[], depth: number): string {
  const unique = [...new Set(parts)];
  if (unique.length === 1) return unique[0]!;
  const multiline = unique.some((p) => p.includes('\n'));
  return multiline ? unique.map((p) => `\n${pad(depth + 1)}| ${p}`).join('') : unique.join(' | ');
}

function objectType(node: SchemaNode, depth: number): string {
  const lines: string[] = ['{'];
  const required = new Set(node.required ?? []);
  for (const [key, child] of node.properties ?? []) {
    const doc = docComment(child);
    if (doc) lines.push(`${pad(depth + 1)}/** ${doc} */`);
    const type = typeOf(child, depth + 1);
    lines.push(`${pad(depth + 1)}${propertyName(key)}${required.has(key) ? '' : '?'}:${type.startsWith('\n') ? '' : ' '}${type};`);
  }
  // Extra keys are `unknown`: a typed index signature would have to fit every declared key too.
  if (node.additionalProperties !== false) lines.push(`${pad(depth + 1)}[key: string]: unknown;`);
  lines.push(`${pad(depth)}}`);
  return lines.join('\n');
}

/** Description, then what the type cannot say: integer-ness, range, pattern, the schema default. */
function docComment(node: SchemaNode): string {
  const facts: string[] = [];
  if (node.description) facts.push(node.description.replace(/\.$/, ''));
  const range = rangeText(node);
  if (node.types?.includes('integer')) facts.push(`Integer${range ? ` ${range}` : ''}`);
  else if (range) facts.push(`Range ${range}`);
  if (node.pattern) facts.push(`Pattern /${node.pattern}/`);
  if (node.default !== undefined) facts.push(`Default ${pyRepr(node.default)}`);
  return facts.length ? `${facts.join('. ')}.`.replace(/\*\//g, '*\\/') : '';
}

function literal(v: CfgValue): string {
  return JSON.stringify(toPlain(v));
}

function propertyName(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : JSON.stringify(key);
}

function pad(depth: number): string {
  return '  '.repeat(depth);
}
