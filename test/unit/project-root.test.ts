import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findProjectRoot } from '../../src/project-root.js';

function tree(): string {
  const top = mkdtempSync(join(tmpdir(), 'orch-root-'));
  mkdirSync(join(top, '.git'));
  return top;
}

test('the root is the nearest directory with config/, from any directory below it', () => {
  const top = tree();
  mkdirSync(join(top, 'proj', 'config', 'model'), { recursive: true });
  mkdirSync(join(top, 'proj', 'runs', 'deep'), { recursive: true });
  assert.equal(findProjectRoot(join(top, 'proj')), join(top, 'proj'));
  assert.equal(findProjectRoot(join(top, 'proj', 'runs', 'deep')), join(top, 'proj'));
  assert.equal(findProjectRoot(join(top, 'proj', 'config', 'model')), join(top, 'proj'));
});

test('without config/, the nearest package.json; without either, the directory itself', () => {
  const top = tree();
  mkdirSync(join(top, 'ts', 'src'), { recursive: true });
  writeFileSync(join(top, 'ts', 'package.json'), '{}');
  assert.equal(findProjectRoot(join(top, 'ts', 'src')), join(top, 'ts'));
  mkdirSync(join(top, 'bare', 'x'), { recursive: true });
  assert.equal(findProjectRoot(join(top, 'bare', 'x')), join(top, 'bare', 'x'));
});

test('the search stops at the top of the git work tree', () => {
  const outer = mkdtempSync(join(tmpdir(), 'orch-root-'));
  mkdirSync(join(outer, 'config'));
  mkdirSync(join(outer, 'repo', '.git'), { recursive: true });
  mkdirSync(join(outer, 'repo', 'sub'));
  assert.equal(findProjectRoot(join(outer, 'repo', 'sub')), join(outer, 'repo', 'sub'));
});
