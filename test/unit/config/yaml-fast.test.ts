/**
 * yaml-fast.ts reads a subset of YAML for start-up time; wherever it answers, the answer must be
 * exactly the full loader's (values, types, key order), and wherever the full loader fails it
 * must decline. Checked on every config file in the repository and the conformance corpus.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CONFORMANCE_DIR, REPO_ROOT } from '../../helpers/paths.js';
import { conformanceCases } from '../../helpers/conformance.js';
import { parseSimpleYaml } from '../../../src/config/yaml-fast.js';
import { parseYamlWithLibrary } from '../../../src/config/yaml-loader.js';
import { toJson } from '../../../src/value/value.js';

/** 'same' when the fast reader agrees, 'declined' when it left the text to the library. */
function compare(text: string, name: string): 'same' | 'declined' {
  const fast = parseSimpleYaml(text);
  let full: string | Error;
  try {
    full = toJson(parseYamlWithLibrary(text, name).content);
  } catch (e) {
    full = e as Error;
  }
  if (fast === undefined) return 'declined';
  assert.ok(typeof full === 'string', `${name}: the library fails (${(full as Error).message}) but the fast reader gave ${toJson(fast ?? new Map())}`);
  assert.equal(toJson(fast ?? new Map()), full, `${name}:\n${text}`);
  return 'same';
}

const CASES: string[] = [
  '', '# only a comment\n', 'a: 1\n', 'a: 1\nb:\n  c: x\n  d: [1, 2.0, 1e3, .inf, -.inf, .nan, null, ~, yes, Off, 0x1f, 010, 1:30, "q", \'s\']\n',
  'a: ???\nb: -1\nc: -x\nd: ${oc.env:HOME,/tmp}\ne: ${a}_${b} # comment\nf: a#b\ng: "double # not comment"\nh: \'it\'\'s\'\n',
  'defaults:\n  - db: mysql\n  - override hydra/launcher: basic\n  - /group@pkg: x\n  - _self_\n  - optional foo: bar\n',
  'defaults:\n- db: mysql\n- _self_\nx: 1\n', 'list:\n- a\n-\n- [1, 2]\n- {}\n- key: v\n  other: w\n- k2: v2\ny: 2\n',
  'a:\n  b:\n    c:\n      d: 1\n  e: 2\nf: 3\n', 'a: []\nb: {}\nc: [ ]\nd: { }\n', 'a:\n\n  # comment\n  b: 1\n',
  'a: 1 # c\nb: "x" # c\nc: [1, 2] # c\n', 'a: "x"y\n', 'a: [1, 2\n', 'a: [1, [2]]\n', 'a: [a: 1]\n', 'a: {b: 1}\n',
  'a: 1\na: 2\n', 'a:\n  - 1\n   - 2\n', 'a: 1\n  b: 2\n', 'a: b: c\n', 'a:b\n', '- 1\n- 2\n', '- a: 1\n  b: 2\n- c\n',
  'a: |\n  text\n', 'a: >\n  text\n', 'a: &x 1\nb: *x\n', 'a: !!str 1\n', '<<: {a: 1}\n', '1: a\n', 'true: x\n', 'null: x\n',
  'a: multi\n  line\n', 'a: "esc\\n"\n', "a: 'unterminated\n", 'a\tb: 1\n', '---\na: 1\n', 'a: 1\n...\n', '"q": 1\n', 'a : 1\n',
  'key with space: 1\n', 'a: x:y\n', 'a: http://host:80/p\n', 'a: - x\n', 'a: -\n', 'a: ? x\n', 'a: :x\n', 'a: @x\n', 'a: `x\n',
  'a:\n- 1\n- 2\nb:\n- 3\n', 'a:\n  - x: 1\n    y: 2\n  - z\n', '- - 1\n', 'a: [x, "y, z"]\n', "a: ['x,y']\n", 'a: [1,,2]\n', 'a: [1, ]\n',
  '  a: 1\n  b: 2\n', 'a: 1\n b: 2\n', 'x: 1.0\ny: 1_000\nz: +1\nw: .5\nv: 1.\n', 'a: [${x}, ${y}]\n', 'a: 1 #c\n', 'a: 1#c\n',
  'a: "x" y\n', "a: 'x''y' # c\n", 'a: "" \n', "a: ''\n", 'a:\n  -\n    b: 1\n', '- \n- x\n', 'a: 0o17\nb: 0b101\nc: 1:2:3\n',
  // one-line flow mappings (schema files)
  'a: {type: integer, minimum: 1, description: Passes over the training set.}\n', "a: {type: [integer, 'null'], minimum: 0}\n",
  "a: {b: 'x, y', c: \"z\", d: 1.0, e: yes, f: null}\n", 'a: {b: 1, b: 2}\n', 'a: {b: 1,}\n', 'a: {b: {c: 1}}\n', 'a: {b: 1} # c\n',
  'a: {b: x:y}\n', 'a: {b}\n', 'a: {b: [1, 2], c: [x]}\n', '- {name: a, v: 1}\n- {name: b, v: 2}\n', 'a: {b: 1}x\n', 'a: {b: 1\n',
  "a: {b: 'it''s', c: ${x.y}}\n", 'a: {1: x}\n', 'a: {b: -1, c: ???}\n',
];

test('the fast reader agrees with the YAML library on hand-made documents, and declines what it does not handle', () => {
  const outcomes = CASES.map((text, i) => compare(text, `case ${i}`));
  assert.ok(outcomes.filter((o) => o === 'same').length >= 25, 'the fast reader handles the common shapes');
  for (const declined of ['a: |\n  text\n', 'a: &x 1\nb: *x\n', 'a: 1\na: 2\n', 'a: multi\n  line\n', '1: a\n']) {
    assert.equal(parseSimpleYaml(declined), undefined, declined);
  }
});

function yamlFiles(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name === 'outputs' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yamlFiles(p, out);
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

test('the fast reader agrees with the YAML library on every config file of the repository and the conformance corpus', () => {
  const files = [...yamlFiles(join(REPO_ROOT, 'config')), ...yamlFiles(join(REPO_ROOT, 'launchers')), ...yamlFiles(join(REPO_ROOT, 'bench', 'fixtures')),
    ...yamlFiles(join(REPO_ROOT, 'test', 'fixtures')).filter((f) => !f.startsWith(`${CONFORMANCE_DIR}/`)), ...yamlFiles(join(REPO_ROOT, 'examples')),
    ...conformanceCases().flatMap((c) => yamlFiles(c.configDir))];
  let same = 0;
  for (const f of files) if (compare(readFileSync(f, 'utf8'), f) === 'same') same++;
  assert.ok(files.length < 20 || same > files.length / 2, `fast reader used for only ${same} of ${files.length} files`);
});
