import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigLoadError, YamlSyntaxError } from '../../../src/config/errors.js';
import { MAX_ALIAS_NODES, MAX_CONFIG_BYTES, MAX_NESTING } from '../../../src/value/limits.js';
import { parseJsonConfig } from '../../../src/config/json-loader.js';
import { readConfigText } from '../../../src/config/read-config-file.js';
import { parseTomlConfig } from '../../../src/config/toml-loader.js';
import { parseSimpleYaml } from '../../../src/config/yaml-fast.js';
import { loadYamlFile, parseYamlConfig, parseYamlWithLibrary } from '../../../src/config/yaml-loader.js';
import { parseInterpolationString } from '../../../src/config/interpolation/parser.js';
import { InterpolationSyntaxError } from '../../../src/config/interpolation/errors.js';
import { parseOverride } from '../../../src/overrides/parser.js';
import { OverrideParseError } from '../../../src/overrides/errors.js';
import { IoError } from '../../../src/errors.js';

/** `levels` nested block mappings, one key per level, indented by one space. */
function blockYaml(levels: number): string {
  return Array.from({ length: levels }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + `\n${' '.repeat(levels)}v: 1\n`;
}

function isNestingError(line?: number): (err: unknown) => boolean {
  return (err) => {
    assert.ok(err instanceof YamlSyntaxError, String(err));
    assert.match(err.message, new RegExp(`nesting deeper than ${MAX_NESTING} levels`));
    if (line !== undefined) assert.equal(err.line, line);
    assert.ok(err.hint);
    return true;
  };
}

test(`YAML: ${MAX_NESTING} levels of mappings read, one more is an error naming file:line`, () => {
  assert.ok(parseYamlConfig(blockYaml(MAX_NESTING - 1), 'ok.yaml').content instanceof Map);
  assert.throws(() => parseYamlConfig(blockYaml(MAX_NESTING), 'deep.yaml'), isNestingError(MAX_NESTING + 1));
  // The fast reader leaves deep files to the library, which is the one place that reports the limit.
  assert.equal(parseSimpleYaml(blockYaml(MAX_NESTING)), undefined);
  assert.ok(parseSimpleYaml(blockYaml(10)) instanceof Map);
});

test('YAML: 2,000 levels (block, compact sequences, flow) are the nesting error, not a stack overflow', () => {
  assert.throws(() => parseYamlConfig(blockYaml(2000), 'deep.yaml'), isNestingError());
  assert.throws(() => parseYamlConfig(`${'- '.repeat(2000)}1\n`, 'seq.yaml'), isNestingError());
  assert.throws(() => parseYamlConfig(`a: ${'['.repeat(2000)}${']'.repeat(2000)}\n`, 'flow.yaml'), isNestingError(1));
});

test('YAML: an alias bomb is refused quickly with the file and the alias position', () => {
  const lines = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < 10; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
  }
  assert.throws(() => parseYamlConfig(lines.join('\n'), 'bomb.yaml'), (err: unknown) => {
    assert.ok(err instanceof YamlSyntaxError);
    assert.match(err.message, new RegExp(`^bomb\\.yaml:\\d+:\\d+: aliases expand to more than ${MAX_ALIAS_NODES} values`));
    return true;
  });
});

test('YAML: ordinary aliases and merge keys are unaffected by the alias limit', () => {
  const text = ['base: &base {lr: 0.1, layers: [1, 2, 3]}', ...Array.from({ length: 300 }, (_, i) => `m${i}: {<<: *base, id: ${i}}`)].join('\n');
  const cfg = parseYamlConfig(text, 'ok.yaml').content as Map<string, unknown>;
  assert.equal(cfg.size, 301);
  // yaml-fast never reads anchors or aliases: they go to the library and its checks.
  assert.equal(parseSimpleYaml('a: &x 1\nb: *x\n'), undefined);
  assert.equal(parseSimpleYaml('a: [*x]\n'), undefined);
  assert.deepEqual(parseYamlWithLibrary('a: &x 1\nb: *x\n', 'f').content, new Map([['a', 1], ['b', 1]]));
});

test('JSON: nesting past the limit is an error at file:line:column', () => {
  assert.ok(parseJsonConfig(`{"a": ${'['.repeat(MAX_NESTING - 1)}${']'.repeat(MAX_NESTING - 1)}}`, 'ok.json'));
  assert.throws(() => parseJsonConfig(`{"a":\n ${'['.repeat(5000)}${']'.repeat(5000)}}`, 'deep.json'), (err: unknown) => {
    assert.ok(err instanceof YamlSyntaxError);
    assert.match(err.message, /^deep\.json:2:\d+: nesting deeper than 100 levels/);
    return true;
  });
});

test('TOML: inline arrays and [a.b.c...] headers past the limit are errors naming the file', () => {
  assert.throws(() => parseTomlConfig(`a = ${'['.repeat(5000)}${']'.repeat(5000)}\n`, 'deep.toml'), isNestingError(1));
  assert.throws(() => parseTomlConfig(`[${Array(300).fill('t').join('.')}]\nx = 1\n`, 'tables.toml'), (err: unknown) => {
    assert.ok(err instanceof ConfigLoadError);
    assert.match(err.message, /^tables\.toml: nesting deeper than 100 levels/);
    return true;
  });
});

test('config files larger than the limit are refused before they are read; unreadable ones are IoErrors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'orch-limits-'));
  const big = join(dir, 'big.yaml');
  writeFileSync(big, `a: ${'x'.repeat(MAX_CONFIG_BYTES)}\n`);
  assert.throws(() => loadYamlFile(big, 'config/big.yaml'), (err: unknown) => {
    assert.ok(err instanceof ConfigLoadError);
    assert.match(err.message, new RegExp(`^config/big\\.yaml: the file is [\\d.]+ MiB; config files are limited to ${MAX_CONFIG_BYTES / 1048576} MiB`));
    return true;
  });
  assert.throws(() => readConfigText(dir, 'config/dir.yaml'), (err: unknown) => err instanceof IoError && err.errno === 'EISDIR');
  rmSync(dir, { recursive: true });
});

test('override values: nesting past the limit is a parse error with a caret, for lists, dicts and calls', () => {
  assert.equal(parseOverride(`x=${'['.repeat(MAX_NESTING)}${']'.repeat(MAX_NESTING)}`).key, 'x');
  // The caret is at the first opener past the limit (the '(' of a call).
  for (const [open, close, caret] of [['[', ']', 0], ['{a:', '}', 0], ['choice(', ')', 6]] as const) {
    const input = `x=${open.repeat(2000)}1${close.repeat(2000)}`;
    assert.throws(() => parseOverride(input), (err: unknown) => {
      assert.ok(err instanceof OverrideParseError);
      assert.match(err.reason, /nesting deeper than 100 levels/);
      assert.equal(err.column, 2 + MAX_NESTING * open.length + caret);
      // A generated override of thousands of characters is shown around the caret, not whole.
      assert.ok(err.message.length < 600, `${err.message.length} characters`);
      return true;
    });
  }
});

test('override keys: more than the limit of segments is a parse error', () => {
  assert.equal(parseOverride(`+${Array(MAX_NESTING).fill('k').join('.')}=1`).kind, 'add');
  assert.throws(() => parseOverride(`+${Array(5000).fill('k').join('.')}=1`), (err: unknown) => {
    assert.ok(err instanceof OverrideParseError);
    assert.match(err.reason, /more than 100 segments/);
    return true;
  });
});

test('interpolations: nesting past the limit is a syntax error, not a stack overflow', () => {
  const deep = `${'${oc.select:'.repeat(3000)}a${',1}'.repeat(3000)}`;
  assert.throws(() => parseInterpolationString(deep, { keyPath: 'x' }), (err: unknown) => {
    assert.ok(err instanceof InterpolationSyntaxError);
    assert.match(err.message, /nesting deeper than 100 levels/);
    return true;
  });
  assert.ok(parseInterpolationString(`${'${oc.select:'.repeat(20)}a${',1}'.repeat(20)}`));
});
