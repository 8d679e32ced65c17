/** A project (test/fixtures/sync/project) with one finished sweep of its Python task, for the sync and archive tests. */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyFixture, orch } from '../helpers/cli.js';

export interface SweepProject {
  project: string;
  /** The sweep's path relative to the project, e.g. outputs/multirun/2026-12-06/10-00-00. */
  sweep: string;
}

let template: SweepProject | undefined;

/** A private copy (times kept) of a project whose sweep ran once per test file: the tests only read it. */
export function sweepProject(): SweepProject {
  template ??= runSweep();
  const project = mkdtempSync(join(tmpdir(), 'orch-sync-project-'));
  cpSync(template.project, project, { recursive: true, preserveTimestamps: true });
  return { project, sweep: template.sweep };
}

function runSweep(): SweepProject {
  const project = copyFixture('sync/project');
  const r = orch(project, ['fit', '-m', 'lr=0.1,0.2', 'seed=1,2']);
  assert.equal(r.code, 0, r.stderr);
  const day = readdirSync(join(project, 'outputs', 'multirun'))[0]!;
  const time = readdirSync(join(project, 'outputs', 'multirun', day))[0]!;
  return { project, sweep: `outputs/multirun/${day}/${time}` };
}

/** The lines of rclone's log that say a file was copied, as the file names. */
export function copiedFiles(stderr: string): string[] {
  return [...stderr.matchAll(/INFO {2}: (.+?): Copied \(/g)].map((m) => m[1]!).sort();
}
