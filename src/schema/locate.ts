import { readFileSync } from 'node:fs';
import type { Node } from 'yaml';
import { yamlLibrary } from '../config/yaml-lib.js';

/**
 * Line of a key in a config or schema file, found only when a message needs it (composition keeps no
 * positions, so locating costs nothing until something is wrong). YAML and JSON files are walked as
 * YAML; TOML files are scanned for `[table]` headers and `key =` lines.
 */
export function lineOfKey(file: string, segments: readonly string[]): number | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return file.endsWith('.toml') ? tomlLine(text, segments) : yamlLine(text, segments);
}

function yamlLine(text: string, segments: readonly string[]): number | undefined {
  const { LineCounter, parseDocument, isMap, isScalar } = yamlLibrary();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, schema: 'failsafe', uniqueKeys: false });
  let node: Node | null = doc.contents as Node | null;
  let line: number | undefined;
  for (const seg of segments) {
    if (!isMap(node)) return line;
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === seg);
    if (!pair) return line;
    const keyNode = pair.key as Node;
    if (keyNode.range) line = lines.linePos(keyNode.range[0]).line;
    node = pair.value as Node | null;
  }
  return line;
}

function tomlLine(text: string, segments: readonly string[]): number | undefined {
  const lines = text.split(/\r?\n/);
  const bare = (k: string) => k.trim().replace(/^["']|["']$/g, '');
  let table: string[] = [];
  let best: number | undefined;
  let bestDepth = 0;
  const consider = (path: string[], line: number) => {
    if (isPrefix(path, segments) && path.length >= bestDepth) [best, bestDepth] = [line, path.length];
  };
  lines.forEach((raw, i) => {
    const line = raw.trim();
    const header = /^\[\[?([^\]]+)\]\]?/.exec(line);
    if (header) {
      table = header[1]!.split('.').map(bare);
      consider(table, i + 1);
      return;
    }
    const kv = /^([^=#]+?)\s*=/.exec(line);
    if (kv) consider([...table, ...kv[1]!.split('.').map(bare)], i + 1);
  });
  return best;
}

function isPrefix(path: readonly string[], of: readonly string[]): boolean {
  return path.length <= of.length && path.every((p, i) => p === of[i]);
}
