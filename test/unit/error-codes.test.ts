import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/paths.js';
import {
  ERROR_CODES, EXIT_STATUSES, errorCodesMarkdown, exitStatusOfCode, exitStatusesMarkdown, replaceMarkedBlock,
} from '../../src/error-codes.js';
import { OrchError } from '../../src/errors.js';
import { TransferError } from '../../src/sync/errors.js';

const readme = (): string => readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The lines of code of src/ and runs/ but the catalogue, without comment lines (a comment may name a source file). */
function sourceLines(): string[] {
  return ['src', 'runs'].flatMap((d) => tsFiles(join(REPO_ROOT, d)))
    .filter((f) => !f.endsWith('/src/error-codes.ts'))
    .flatMap((f) => readFileSync(f, 'utf8').split('\n'))
    .filter((l) => !/^\s*(\/\/|\/\*|\*)/.test(l));
}

test('the README tables of exit statuses and error codes are the catalogue (node scripts/error-codes.mjs)', () => {
  const text = readme();
  const regenerated = replaceMarkedBlock(replaceMarkedBlock(text, 'exit-statuses', exitStatusesMarkdown()), 'error-codes', errorCodesMarkdown());
  assert.equal(text, regenerated, 'README.md is out of date: npm run build && node scripts/error-codes.mjs');
});

test('the exit statuses are the ones orch documents, and every code exits 1 or 2', () => {
  assert.deepEqual(Object.values(EXIT_STATUSES).map((e) => e.status), [0, 1, 2, 70, 129, 130, 143]);
  for (const code of Object.keys(ERROR_CODES) as (keyof typeof ERROR_CODES)[]) assert.ok([1, 2].includes(exitStatusOfCode(code)), code);
});

test('an error takes its exit status from its code', () => {
  assert.equal(new OrchError({ code: 'CLI_USAGE', message: 'x' }).exitCode, 2);
  assert.equal(new TransferError({ code: 'SYNC_RCLONE_FAILED', message: 'x' }).exitCode, 1);
  assert.equal(new TransferError({ code: 'ARCHIVE_FAILED', message: 'x' }).exitCode, 1);
});

test('every code of the catalogue is used by some error', () => {
  const code = sourceLines().join('\n');
  const unused = Object.keys(ERROR_CODES).filter((c) => !code.includes(`'${c}'`));
  assert.deepEqual(unused, []);
});

test('no message or hint points into the source tree (src/...): users read the README', () => {
  const hits = sourceLines().filter((l) => !/^\s*(import|export)\b.* from '/.test(l) && /['"`][^'"`]*\bsrc\/[^'"`]*['"`]/.test(l));
  assert.deepEqual(hits, []);
});

test('a code that is not in the catalogue does not compile', () => {
  // @ts-expect-error NOT_A_CODE is not an ErrorCode: tsc fails the build if this line compiles.
  const err = new OrchError({ code: 'NOT_A_CODE', message: 'x' });
  assert.equal(err.exitCode, 2, 'still reported as bad input, not as a crash of the reporter');
});
