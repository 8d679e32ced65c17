import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { orch } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/paths.js';

// A project with two tasks: the project-wide config/report.yaml asks about one of them (accuracy),
// the example's Python task linreg carries its own question (orch.report in config/linreg.yaml).
// Each sweep's report and status answer that sweep's question, not the other task's.
function linregProject(): string {
  const root = mkdtempSync(join(tmpdir(), 'orch-report-sweep-'));
  mkdirSync(join(root, 'config'));
  mkdirSync(join(root, 'runs'));
  cpSync(join(REPO_ROOT, 'config', 'linreg.yaml'), join(root, 'config', 'linreg.yaml'));
  cpSync(join(REPO_ROOT, 'runs', 'linreg.py'), join(root, 'runs', 'linreg.py'));
  writeFileSync(join(root, 'config', 'report.yaml'), 'metric: test.accuracy\nalpha: 0.01\n');
  return root;
}

test("orch report and orch status of a Python task's sweep answer its own orch.report, over config/report.yaml", () => {
  const root = linregProject();
  try {
    const run = orch(root, ['linreg', '-m', 'lr=0.05,0.5', 'seed=0,1', 'epochs=20']);
    assert.equal(run.code, 0, run.stderr);
    const md = orch(root, ['report', '--format', 'md']);
    assert.equal(md.code, 0, md.stderr);
    assert.match(md.stdout, /^# Which learning rate fits the line best\?/);
    assert.match(md.stdout, /Main metric: `val_loss` \(lower is better\)/);
    assert.match(md.stdout, /α = 0\.01/, 'the project-wide alpha still applies');
    const status = orch(root, ['status']);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /\njob +status +attempt +duration +val_loss +overrides\n/);
    // The command line still wins over the sweep's settings.
    const w = orch(root, ['report', '--format', 'md', 'report.metric=w', 'report.higher_is_better=true']);
    assert.equal(w.code, 0, w.stderr);
    assert.match(w.stdout, /Main metric: `w` \(higher is better\)/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a misspelt orch.report key is refused before anything is written, naming the valid keys', () => {
  const root = linregProject();
  try {
    const res = orch(root, ['linreg', '-m', 'lr=0.05,0.5', 'orch.report.metrc=val_loss']);
    assert.equal(res.code, 2, res.stderr);
    assert.match(res.stderr, /orch\.report\.metrc: not a report setting\nDid you mean orch\.report\.metric\?/);
    assert.deepEqual(readdirSync(root).sort(), ['config', 'runs']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
