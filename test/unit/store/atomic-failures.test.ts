import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IoError } from '../../../src/errors.js';
import { atomicFs } from '../../../src/store/atomic-fs.js';
import { createUniqueDir, writeFileAtomic, writeFileAtomicSync, writeNewFileSync } from '../../../src/store/atomic.js';
import { writeReportFiles } from '../../../src/report/write.js';

function enospc(syscall: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOSPC: no space left on device, ${syscall}`), { code: 'ENOSPC', errno: -28, syscall });
}

/** Runs `body` with one member of atomicFs replaced, then puts it back. */
async function withFs<K extends keyof typeof atomicFs>(name: K, fake: (typeof atomicFs)[K], body: () => Promise<void> | void): Promise<void> {
  const real = atomicFs[name];
  atomicFs[name] = fake;
  try {
    await body();
  } finally {
    atomicFs[name] = real;
  }
}

/** A file handle whose write, sync or close fails as on a full disk. */
function failingOpen(step: 'writeFile' | 'sync' | 'close'): typeof atomicFs.open {
  const real = atomicFs.open;
  return (async (...args: Parameters<typeof real>) => {
    const handle = await real(...args);
    const original = handle[step].bind(handle);
    (handle as unknown as Record<string, unknown>)[step] = async (...a: unknown[]) => {
      if (step === 'close') await (original as () => Promise<void>)();
      throw enospc(step === 'writeFile' ? 'write' : step === 'sync' ? 'fsync' : 'close');
    };
    return handle;
  }) as typeof real;
}

function setup(): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'orch-atomic-'));
  const path = join(dir, 'run.json');
  writeFileSync(path, 'old');
  return { dir, path };
}

for (const step of ['writeFile', 'sync', 'close'] as const) {
  test(`writeFileAtomic: a full disk at ${step} leaves the old file and no temp file, as an IoError naming the path`, async () => {
    const { dir, path } = setup();
    await withFs('open', failingOpen(step), async () => {
      await assert.rejects(writeFileAtomic(path, 'new'), (err: unknown) => {
        assert.ok(err instanceof IoError);
        assert.equal(err.errno, 'ENOSPC');
        assert.match(err.message, /^Cannot write .*run\.json: no space left on device \(ENOSPC\)$/);
        assert.match(err.hint ?? '', /Free some space/);
        return true;
      });
    });
    assert.deepEqual(readdirSync(dir), ['run.json']);
    assert.equal(readFileSync(path, 'utf8'), 'old');
    rmSync(dir, { recursive: true });
  });
}

test('writeFileAtomic: a refused rename removes the temp file', async () => {
  const { dir, path } = setup();
  await withFs('rename', async () => { throw Object.assign(new Error('EACCES'), { code: 'EACCES', syscall: 'rename' }); }, async () => {
    await assert.rejects(writeFileAtomic(path, 'new'), (err: unknown) => err instanceof IoError && /permission denied/.test(err.message));
  });
  assert.deepEqual(readdirSync(dir), ['run.json']);
  rmSync(dir, { recursive: true });
});

test('writeFileAtomicSync: a full disk at fsync or rename leaves the old file and no temp file', async () => {
  const { dir, path } = setup();
  await withFs('fsyncSync', () => { throw enospc('fsync'); }, () => {
    assert.throws(() => writeFileAtomicSync(path, 'new'), (err: unknown) => err instanceof IoError && err.errno === 'ENOSPC');
  });
  await withFs('renameSync', () => { throw enospc('rename'); }, () => {
    assert.throws(() => writeFileAtomicSync(path, 'new'), IoError);
  });
  assert.deepEqual(readdirSync(dir), ['run.json']);
  assert.equal(readFileSync(path, 'utf8'), 'old');
  rmSync(dir, { recursive: true });
});

test('writeNewFileSync: writes a new file in place, never over an existing one; a full disk is an IoError naming it', async () => {
  const { dir, path } = setup();
  const fresh = join(dir, 'config.json');
  writeNewFileSync(fresh, '{"x": 1}\n');
  assert.equal(readFileSync(fresh, 'utf8'), '{"x": 1}\n');
  assert.deepEqual(readdirSync(dir).sort(), ['config.json', 'run.json'], 'no temp file was made');
  assert.throws(() => writeNewFileSync(path, 'new'), (err: unknown) => (err as NodeJS.ErrnoException).code === 'EEXIST');
  assert.equal(readFileSync(path, 'utf8'), 'old');
  await withFs('writeSync', () => { throw enospc('write'); }, () => {
    assert.throws(() => writeNewFileSync(join(dir, 'orch.yaml'), 'a: 1\n'), (err: unknown) => err instanceof IoError && err.errno === 'ENOSPC' && /orch\.yaml/.test(err.message));
  });
  rmSync(dir, { recursive: true });
});

test('an error that is not the environment\'s (a bug) is passed on unchanged, and still cleaned up', async () => {
  const { dir, path } = setup();
  const bug = new TypeError('not a buffer');
  await withFs('open', failingOpenWith(bug), async () => {
    await assert.rejects(writeFileAtomic(path, 'new'), (err: unknown) => err === bug);
  });
  assert.deepEqual(readdirSync(dir), ['run.json']);
  rmSync(dir, { recursive: true });
});

function failingOpenWith(error: Error): typeof atomicFs.open {
  const real = atomicFs.open;
  return (async (...args: Parameters<typeof real>) => {
    const handle = await real(...args);
    handle.writeFile = async () => { throw error; };
    return handle;
  }) as typeof real;
}

test('createUniqueDir: a name the file system refuses is an IoError naming the directory', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'orch-atomic-'));
  const long = join(dir, 'x'.repeat(300));
  await assert.rejects(createUniqueDir(long), (err: unknown) => {
    assert.ok(err instanceof IoError);
    assert.equal(err.errno, 'ENAMETOOLONG');
    assert.match(err.message, /^Cannot create the directory .*x{300}: file name too long \(ENAMETOOLONG\)$/);
    assert.match(err.hint ?? '', /255 bytes/);
    return true;
  });
  rmSync(dir, { recursive: true });
});

test('writeReportFiles goes through the atomic writer: a full disk leaves no temp file in report/', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'orch-atomic-'));
  const report = join(dir, 'report');
  await withFs('open', failingOpen('writeFile'), async () => {
    await assert.rejects(writeReportFiles(report, { 'index.html': 'x', 'report.md': 'y' }), IoError);
  });
  assert.deepEqual(readdirSync(report), []);
  rmSync(dir, { recursive: true });
});
