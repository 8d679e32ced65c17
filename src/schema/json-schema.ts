import { setOwn, toPlain } from '../value/value.js';
import type { SchemaNode } from './types.js';

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/**
 * A schema node as standard JSON Schema (draft 2020-12), for editors (YAML language server, VS Code)
 * and for tools in other languages. `additionalProperties: false` is written out, because orch's
 * closed-by-default objects are not JSON Schema's default.
 */
export function toJsonSchema(node: SchemaNode, options: { title?: string; allowDefaultsKey?: boolean } = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (options.title) Object.assign(out, { $schema: JSON_SCHEMA_DIALECT, title: options.title });
  if (node.description) out.description = node.description;
  if (node.types) out.type = node.types.length === 1 ? node.types[0] : node.types;
  if (node.enum) out.enum = node.enum.map((v) => toPlain(v));
  if (node.default !== undefined) out.default = toPlain(node.default);
  for (const k of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems'] as const) {
    if (node[k] !== undefined) out[k] = node[k];
  }
  if (node.items) out.items = toJsonSchema(node.items);
  if (node.anyOf) out.anyOf = node.anyOf.map((n) => toJsonSchema(n, { allowDefaultsKey: options.allowDefaultsKey }));
  if (node.properties) {
    const props: Record<string, unknown> = {};
    // A config file may carry its own defaults list; editors must not flag it.
    if (options.allowDefaultsKey) props.defaults = { type: 'array', description: 'Defaults list: configs composed with this one.' };
    for (const [k, v] of node.properties) setOwn(props, k, toJsonSchema(v));
    out.properties = props;
    if (node.required?.length) out.required = node.required;
  }
  if (node.additionalProperties === false && node.properties) out.additionalProperties = false;
  else if (typeof node.additionalProperties === 'object') out.additionalProperties = toJsonSchema(node.additionalProperties);
  return out;
}
