/**
 * Typed configs through the real CLI: validation before launch (nothing written on a violation),
 * `orch compose` failing the same way, `--help` with types, `orch schema`, and `orch types` checked
 * by running tsc on a task that uses the generated declaration.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, ORCH_BIN, REPO_ROOT } from '../helpers/paths.js';

interface Run { code: number; stdout: string; stderr: string }

function run(cwd: string, args: string[], bin = ORCH_BIN): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** A fresh copy of the fixture project, so runs write nowhere in the repository. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'orch-schema-cli-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  cpSync(join(FIXTURES, 'schema', 'basic'), dir, { recursive: true });
  return dir;
}

test('a wrong type on the command line fails before launch: key, expected type, the override; nothing written', async () => {
  const dir = project();
  const res = await run(dir, ['train', 'training.epochs=ten']);
  assert.equal(res.code, 2, res.stderr);
  assert.match(res.stderr, /training\.epochs: expected integer, got 'ten' \(from override 'training\.epochs=ten'\) \[schema: config\/training\/_schema\.yaml\]/);
  assert.equal(existsSync(join(dir, 'outputs')), false);
});

test('every violation of every job of a sweep at once, with the file and line of values from files', async () => {
  const dir = project();
  writeFileSync(join(dir, 'config', 'model', 'net5.toml'), 'name = "net5"\nwidth = 0\nactivation = "tanh"\n');
  const res = await run(dir, ['train', '-m', 'model=net2,net5', 'training.batch_size=0,8', '--dry-run']);
  assert.equal(res.code, 2, res.stderr);
  assert.match(res.stderr, /Config does not match its schema \(4 problems in 3 of 4 jobs\)/);
  assert.match(res.stderr, /job 2 \(model=net5 training\.batch_size=0\):\n    model\.width: expected integer >= 1, got 0 \(from config\/model\/net5\.toml:2\)/);
  assert.match(res.stderr, /job 3 \(model=net5 training\.batch_size=8\):\n    model\.width/);
});

test('valid jobs pass: dry run and orch compose', async () => {
  const dir = project();
  const dry = await run(dir, ['train', '-m', 'optimizer=adam,sgd', '--dry-run']);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /dry run: 2 job\(s\)/);
  const composed = await run(dir, ['compose', '-c', 'train', 'model=net5', 'optimizer=sgd']);
  assert.equal(composed.code, 0, composed.stderr);
  assert.match(composed.stdout, /"model":\{"name":"net5","width":256,"activation":"tanh"\},"optimizer":\{"name":"sgd","lr":0\.05,"momentum":0\.9\}/);
  const bad = await run(dir, ['compose', '-c', 'train', '+optimizer.momentum=0.5']);
  assert.equal(bad.code, 2);
  assert.equal(bad.stdout, '');
  assert.match(bad.stderr, /optimizer\.momentum: unknown key = 0\.5 \(from override '\+optimizer\.momentum=0\.5'\)/);
});

test('bad input: an invalid schema file and a TOML syntax error name the file and line', async () => {
  const dir = project();
  writeFileSync(join(dir, 'config', 'training', '_schema.yaml'), 'properties:\n  epochs: {type: int}\n');
  const schemaRes = await run(dir, ['train', '--dry-run']);
  assert.equal(schemaRes.code, 2);
  assert.match(schemaRes.stderr, /config\/training\/_schema\.yaml:2: invalid schema at 'properties\.epochs\.type': unknown type 'int' \(Did you mean integer\?\)/);
  writeFileSync(join(dir, 'config', 'model', 'net5.toml'), 'name = "net5"\nwidth = = 3\n');
  const tomlRes = await run(dir, ['compose', '-c', 'train', 'model=net5']);
  assert.equal(tomlRes.code, 2);
  assert.match(tomlRes.stderr, /config\/model\/net5\.toml:2:9: invalid TOML/);
});

test('orch <task> --help lists typed keys by group, with options, defaults and descriptions', async () => {
  const res = await run(project(), ['train', '--help']);
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stdout, /optimizer=\*adam\|sgd\n/);
  assert.match(res.stdout, /training\.epochs = 6 +integer >= 1 +Passes over the training set\./);
  assert.match(res.stdout, /optimizer\.momentum +number in \[0, 1\] +Momentum\. \(optimizer=sgd only\)/);
});

test('orch schema writes JSON Schema for the job config and for a group', async () => {
  const dir = project();
  const res = await run(dir, ['schema', 'train']);
  assert.equal(res.code, 0, res.stderr);
  const schema = JSON.parse(res.stdout);
  assert.equal(schema.properties.training.properties.epochs.type, 'integer');
  assert.equal(schema.properties.training.additionalProperties, false);
  assert.equal(schema.properties.optimizer.anyOf.length, 2);
  const group = await run(dir, ['schema', 'train', '--group', 'model', '-o', 'schemas/model.json']);
  assert.equal(group.code, 0, group.stderr);
  const model = JSON.parse(readFileSync(join(dir, 'schemas', 'model.json'), 'utf8'));
  assert.deepEqual(model.properties.name.enum, ['net2', 'net5']);
  assert.ok(model.properties.defaults, 'a group file may carry a defaults list');
  const unknown = await run(dir, ['schema', 'train', '--group', 'modle']);
  assert.equal(unknown.code, 2);
});

test('orch types: a typed cfg type-checks, and a typo in cfg.training.epocs fails tsc', async () => {
  const dir = project();
  const res = await run(dir, ['types', 'train']);
  assert.equal(res.code, 0, res.stderr);
  assert.equal(res.stdout.trim(), 'runs/train.config.d.ts');
  writeFileSync(join(dir, 'runs', 'good.ts'), [
    "import type { TrainConfig } from './train.config.js';",
    'export function epochsOf(cfg: TrainConfig): number {',
    "  const momentum = cfg.optimizer.name === 'sgd' && 'momentum' in cfg.optimizer ? cfg.optimizer.momentum : 0;",
    '  return cfg.training.epochs + cfg.model.width + momentum + (cfg.training.patience ?? 0);',
    '}',
  ].join('\n'));
  writeFileSync(join(dir, 'runs', 'bad.ts'), "import type { TrainConfig } from './train.config.js';\nexport const e = (cfg: TrainConfig): number => cfg.training.epocs;\n");
  const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const check = await run(dir, ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', 'runs/good.ts', 'runs/bad.ts'], tsc);
  assert.equal(check.code, 2, check.stdout);
  const errors = check.stdout.trim().split('\n');
  assert.equal(errors.length, 1, check.stdout);
  assert.match(errors[0]!, /^runs\/bad\.ts\(2,\d+\): error TS2551: Property 'epocs' does not exist on type .*Did you mean 'epochs'\?/);
});
