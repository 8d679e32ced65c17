import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { orch } from '../helpers/cli.js';

const BIG = '12345678901234567891';

test('a Python task reads ints beyond 2^53 exactly, from the config file, an interpolation and an override', () => {
  const project = mkdtempSync(join(tmpdir(), 'orch-bigint-'));
  mkdirSync(join(project, 'config'));
  mkdirSync(join(project, 'runs'));
  writeFileSync(join(project, 'config', 'ids.yaml'), [
    'orch:', '  task:', '    command: [python3, runs/ids.py]',
    `big: ${BIG}`, 'ref: ${big}', 'text: id-${big}', `nested: [[1, -${BIG}], {k: 99999999999999999999}]`, 'small: 42', '',
  ].join('\n'));
  writeFileSync(join(project, 'runs', 'ids.py'), [
    'import json, os',
    'cfg = json.load(open(os.environ["ORCH_CONFIG"]))',
    'assert all(isinstance(cfg[k], int) for k in ("big", "ref", "small", "over")), cfg',
    'print(cfg["big"], cfg["ref"], cfg["text"], cfg["nested"], cfg["small"], cfg["over"])',
  ].join('\n'));
  const r = orch(project, ['ids', '+over=123456789012345678901234']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^${BIG} ${BIG} id-${BIG} \\[\\[1, -${BIG}\\], \\{'k': 99999999999999999999\\}\\] 42 123456789012345678901234$`, 'm'));
  const sweep = orch(project, ['compose', '-c', 'ids', `+over=1,${BIG}`, '-m']);
  assert.equal(sweep.code, 0, sweep.stderr);
  assert.match(sweep.stdout, new RegExp(`"override_dirname":"\\+over=${BIG}"`));
});
