import type { Alias, Document, LineCounter, Node, Scalar as YamlScalar } from 'yaml';
import { readConfigText } from './read-config-file.js';
import { yamlLibrary } from './yaml-lib.js';
import { parseSimpleYaml } from './yaml-fast.js';
import { pyFloatRepr, BigInteger, Float, type CfgDict, type CfgList, type CfgValue, type Scalar } from '../value/value.js';
import { constructScalar, implicitTag, type ScalarTag } from './yaml-scalars.js';
import { ConfigLoadError, YamlSyntaxError } from './errors.js';
import { MAX_ALIAS_NODES, MAX_NESTING, NESTING_DETAIL, NESTING_HINT } from '../value/limits.js';

/** A config file as read from disk: its content and its `# @package` header. */
export interface ParsedYaml {
  content: CfgDict | CfgList;
  /** Value of `# @package ...` as written, null when absent. */
  packageHeader: string | null;
}

const TAGS: Record<string, ScalarTag> = {
  'tag:yaml.org,2002:str': 'str',
  'tag:yaml.org,2002:int': 'int',
  'tag:yaml.org,2002:float': 'float',
  'tag:yaml.org,2002:bool': 'bool',
  'tag:yaml.org,2002:null': 'null',
};

/** Parses YAML text the way OmegaConf.load reads a file (see yaml-scalars.ts for scalar rules). */
export function parseYamlConfig(text: string, file: string): ParsedYaml {
  const simple = parseSimpleYaml(text);
  if (simple !== undefined) return { content: simple ?? new Map(), packageHeader: readPackageHeader(text, file) };
  return parseYamlWithLibrary(text, file);
}

/** `parseYamlConfig` through the full YAML library only (what yaml-fast.ts must agree with). */
export function parseYamlWithLibrary(text: string, file: string): ParsedYaml {
  const { LineCounter, parseDocument } = yamlLibrary();
  const lines = new LineCounter();
  // failsafe: every scalar stays a string, so PyYAML's YAML 1.1 resolution can be applied by us.
  const doc = parseDocument(text, { schema: 'failsafe', uniqueKeys: false, lineCounter: lines, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0] ?? lines.linePos(first.pos[0]);
    // The library's own recursion gives out near 900 levels; it records that as a parse error.
    if (first.code === 'RESOURCE_EXHAUSTION') throw nestingError(file, pos.line, pos.col);
    throw new YamlSyntaxError({ file, line: pos.line, column: pos.col, detail: first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '') });
  }
  const ctx: Ctx = { doc, file, lines, anchorsSeen: new Set(), depth: 0, aliasNodes: 0 };
  const content = doc.contents === null ? null : convert(doc.contents as Node, ctx);
  if (content !== null && !(content instanceof Map) && !Array.isArray(content)) {
    throw new ConfigLoadError({ message: `${file}: the top level of a config must be a mapping or a list, got a scalar` });
  }
  return { content: content ?? new Map(), packageHeader: readPackageHeader(text, file) };
}

/** Reads and parses a file (uncached; the repository caches). */
export function loadYamlFile(path: string, displayName = path): ParsedYaml {
  return parseYamlConfig(readConfigText(path, displayName), displayName);
}

/** Hydra's header: leading comment lines of the form `# @key value`; parsing stops at the first other line. */
export function readPackageHeader(text: string, file: string): string | null {
  let pkg: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    if (!/^#\s*@/.test(line)) break;
    const parts = line.replace(/^#+/, '').trim().split(' ').filter((p) => p.length > 0);
    if (parts.length !== 2) {
      throw new ConfigLoadError({ message: `${file}: expected a header of the form '# @package VALUE', got '${line}'` });
    }
    if (parts[0] === '@package') pkg = parts[1]!;
  }
  return pkg;
}

interface Ctx {
  doc: Document;
  file: string;
  lines: LineCounter;
  anchorsSeen: Set<Node>;
  /** Mappings and lists around the node being converted. */
  depth: number;
  /** The outermost alias being expanded, and the nodes its expansions have made so far. */
  expanding?: Node;
  aliasNodes: number;
}

function nestingError(file: string, line: number, col: number): YamlSyntaxError {
  return new YamlSyntaxError({ file, line, column: col, detail: NESTING_DETAIL, hint: NESTING_HINT });
}

function where(ctx: Ctx, node: Node | null | undefined): { line: number; col: number } {
  const offset = node?.range?.[0] ?? 0;
  return ctx.lines.linePos(offset);
}

function fail(ctx: Ctx, node: Node | null | undefined, message: string): never {
  const { line, col } = where(ctx, node);
  throw new YamlSyntaxError({ file: ctx.file, line, column: col, detail: message });
}

function convert(node: Node | null, ctx: Ctx): CfgValue {
  if (node === null || node === undefined) return null;
  const { isAlias, isMap, isScalar, isSeq } = yamlLibrary();
  if (ctx.expanding && ++ctx.aliasNodes > MAX_ALIAS_NODES) {
    fail(ctx, ctx.expanding, `aliases expand to more than ${MAX_ALIAS_NODES} values (orch's limit; aliases of aliases grow exponentially, as in a "billion laughs" document)`);
  }
  if (isAlias(node)) return convertAlias(node, ctx);
  if (isScalar(node)) return convertScalar(node, ctx);
  if (!isSeq(node) && !isMap(node)) return fail(ctx, node, 'unsupported YAML node');
  if (++ctx.depth > MAX_NESTING) {
    const { line, col } = where(ctx, node);
    throw nestingError(ctx.file, line, col);
  }
  try {
    return isSeq(node) ? node.items.map((item) => convert(item as Node, ctx)) : convertMap(node.items as Array<{ key: unknown; value: unknown }>, ctx, node);
  } finally {
    ctx.depth--;
  }
}

/** An alias is a copy of its anchor's value, counted against MAX_ALIAS_NODES. */
function convertAlias(node: Alias, ctx: Ctx): CfgValue {
  const target = node.resolve(ctx.doc);
  if (!target) fail(ctx, node, `found undefined alias '${node.source}'`);
  if (ctx.anchorsSeen.has(target)) fail(ctx, node, `recursive alias '${node.source}'`);
  const outermost = ctx.expanding === undefined;
  if (outermost) ctx.expanding = node;
  ctx.anchorsSeen.add(target);
  try {
    return convert(target, ctx);
  } finally {
    ctx.anchorsSeen.delete(target);
    if (outermost) ctx.expanding = undefined;
  }
}

function convertScalar(node: YamlScalar, ctx: Ctx): Scalar {
  const text = String(node.value ?? '');
  const plain = node.type === 'PLAIN' || node.type === undefined;
  if (node.tag && node.tag !== '!') {
    const tag = TAGS[node.tag];
    if (!tag) fail(ctx, node, `could not determine a constructor for the tag '${node.tag}'`);
    const v = constructScalar(plain ? (node.source ?? text) : text, tag);
    if (v === undefined) fail(ctx, node, `'${text}' is not a valid ${tag}`);
    return v;
  }
  if (!plain) return text;
  const source = node.source ?? text;
  return constructScalar(source, implicitTag(source)) as Scalar;
}

/** Key text as JSON would write a Python dict key (`80`, `0.5`, `true`). */
function keyString(key: Scalar, ctx: Ctx, node: Node | null): string {
  if (key === null) fail(ctx, node, "a mapping key is null: config keys must be strings, numbers or booleans");
  if (typeof key === 'string') return key;
  if (typeof key === 'boolean') return key ? 'true' : 'false';
  if (key instanceof BigInteger) return key.value.toString();
  const n = key instanceof Float ? key.value : key;
  if (Number.isInteger(n) && !(key instanceof Float)) return String(n);
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  return pyFloatRepr(n);
}

function convertMap(items: Array<{ key: unknown; value: unknown }>, ctx: Ctx, mapNode: Node): CfgDict {
  const { isAlias, isScalar } = yamlLibrary();
  const out: CfgDict = new Map();
  const merged: CfgDict[] = [];
  const seenStrings = new Map<string, Node>();
  for (const pair of items) {
    const keyNode = (pair.key ?? null) as Node | null;
    if (keyNode !== null && !isScalar(keyNode) && !isAlias(keyNode)) fail(ctx, keyNode, 'found an unhashable key (a mapping or list used as a key)');
    if (isScalar(keyNode) && keyNode.type === 'PLAIN' && keyNode.source === '<<' && !keyNode.tag) {
      merged.push(...mergeSources(pair.value as Node, ctx));
      continue;
    }
    const keyValue = keyNode === null ? null : (convert(keyNode, ctx) as Scalar);
    if (typeof keyValue === 'string') {
      // OmegaConf's loader rejects duplicate string keys only; other duplicates are last-wins.
      const prior = seenStrings.get(keyValue);
      if (prior) {
        const a = where(ctx, mapNode);
        const b = where(ctx, keyNode);
        throw new YamlSyntaxError({ file: ctx.file, line: b.line, column: b.col, detail: `found duplicate key '${keyValue}' (mapping starts at line ${a.line}, column ${a.col})` });
      }
      seenStrings.set(keyValue, keyNode!);
    }
    out.set(keyString(keyValue, ctx, keyNode ?? mapNode), convert((pair.value ?? null) as Node | null, ctx));
  }
  if (merged.length === 0) return out;
  // YAML merge keys: merged entries come first, explicit keys override them; earlier sources win.
  const result: CfgDict = new Map();
  for (const src of merged.reverse()) for (const [k, v] of src) result.set(k, v);
  for (const [k, v] of out) result.set(k, v);
  return result;
}

function mergeSources(node: Node, ctx: Ctx): CfgDict[] {
  const value = convert(node, ctx);
  if (value instanceof Map) return [value];
  if (Array.isArray(value) && value.every((v) => v instanceof Map)) return value as CfgDict[];
  return fail(ctx, node, 'expected a mapping or list of mappings for merging');
}
