import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NATIVE_SPAWNER_FILE, parseReply, preferredSpawner, SPAWNER_FILE, spawnAfterViaHelper, spawnViaHelper, type SpawnerKind, type SpawnRequest } from '../../../../src/launchers/local/spawner.js';
import { createCommandResolver } from '../../../../src/launchers/local/resolve-command.js';

test('spawner replies: started with a pid, not started with an errno name, dropped, ended with a code or a signal', () => {
  assert.deepEqual(parseReply('S 3 4242'), { id: 3, kind: 'S', reply: { pid: 4242 } });
  assert.deepEqual(parseReply('E 4 2'), { id: 4, kind: 'E', reply: { errno: 'ENOENT' } });
  assert.deepEqual(parseReply('D 7 0'), { id: 7, kind: 'D', reply: { dropped: true } });
  assert.deepEqual(parseReply('X 5 0'), { id: 5, kind: 'X', reply: { code: 0, signal: null } });
  assert.deepEqual(parseReply('X 6 -15'), { id: 6, kind: 'X', reply: { code: null, signal: 'SIGTERM' } });
  assert.equal(parseReply('garbage'), undefined);
  assert.equal(parseReply('X 1'), undefined);
});

const resolve = createCommandResolver();
const scratch = mkdtempSync(join(tmpdir(), 'orch-spawner-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
let count = 0;

// Both implementations of the protocol pass the same tests: the compiled one where it was built
// (CI requires it, ORCH_REQUIRE_NATIVE_SPAWNER=1), the Python one, its fallback, always.
const nativeBuilt = existsSync(NATIVE_SPAWNER_FILE);
test('the compiled spawner was built, where it is required', { skip: process.env.ORCH_REQUIRE_NATIVE_SPAWNER !== '1' && 'not required here' }, () => {
  assert.ok(nativeBuilt, `${NATIVE_SPAWNER_FILE} is missing: the build found no C compiler`);
  assert.equal(preferredSpawner(), 'native');
});
const kinds: SpawnerKind[] = nativeBuilt ? ['native', 'python'] : ['python'];

for (const kind of kinds) {

  /** A job running `sh -c script` in a directory of its own, which holds its logs. */
  function shJob(script: string): SpawnRequest & { dir: string } {
    const dir = join(scratch, String(count++));
    mkdirSync(dir);
    return { dir, file: resolve('sh'), argv: ['sh', '-c', script], cwd: dir, env: {}, out: join(dir, 'stdout.log'), err: join(dir, 'stderr.log') };
  }

  function start(req: SpawnRequest) {
    const job = spawnViaHelper(req, resolve, kind);
    assert.ok(job, `the ${kind} spawner runs here`);
    return job;
  }

  test(`${kind} spawner: a log is created at the first byte a job writes, never for a job that writes nothing, and holds all the job wrote when its end is reported`, async () => {
    const silent = shJob('exit 0');
    // Every name created or removed in the dir, in order; the sentinel, made after the job's end is
    // reported, proves the events before it have all arrived (inotify keeps their order).
    const seen: string[] = [];
    const watcher = watch(silent.dir, (_event, name) => { if (name) seen.push(name); });
    const quiet = start(silent);
    assert.deepEqual(await quiet.exited, { code: 0, signal: null });
    await new Promise<void>((done) => {
      watcher.on('change', (_e, name) => { if (name === 'sentinel') done(); });
      writeFileSync(join(silent.dir, 'sentinel'), '');
    });
    watcher.close();
    assert.deepEqual(seen.filter((name) => name !== 'sentinel'), [], 'no log was created (and then removed) for a job that wrote nothing');

    const chatty = shJob('i=0; while [ $i -lt 2000 ]; do echo "line $i"; i=$((i+1)); done; printf "no newline" >&2; exit 3');
    assert.deepEqual(await start(chatty).exited, { code: 3, signal: null });
    const out = readFileSync(chatty.out, 'utf8').split('\n');
    assert.equal(out.length, 2001);
    assert.equal(out[1999], 'line 1999');
    assert.equal(readFileSync(chatty.err, 'utf8'), 'no newline');
  });

  test(`${kind} spawner: a job gets its argv as given, orch's environment with its own entries over it, its cwd, /dev/null as stdin, default signals and its own process group; a script without #! runs under sh; a missing cwd is ENOENT`, async () => {
    const job = shJob('');
    const odd = 'naïve "quoted" \\ back\nnew line\ttab ☃ 𝄞';
    const script = join(job.dir, 'show');
    // No #! line: execve says ENOEXEC, and the job runs under sh as execvp would run it.
    writeFileSync(script, [
      'printf "%s\\n" "$1" > argv.txt',
      'printf "%s|%s|%s\\n" "$ORCH_T_NEW" "$HOME" "$PWD" > env.txt',
      'cat > stdin.txt',
      'ps -o pgid= -p $$ | tr -d " " > pgid.txt',
      'echo $$ > pid.txt',
    ].join('\n'), { mode: 0o755 });
    const run = start({ ...job, file: script, argv: ['show', odd], env: { ORCH_T_NEW: 'ünï' } });
    const started = await run.started;
    assert.ok('pid' in started, JSON.stringify(started));
    assert.deepEqual(await run.exited, { code: 0, signal: null });
    const read = (name: string) => readFileSync(join(job.dir, name), 'utf8');
    assert.equal(read('argv.txt'), `${odd}\n`);
    assert.equal(read('env.txt'), `ünï|${process.env.HOME}|${job.dir}\n`);
    assert.equal(read('stdin.txt'), '');
    // Read by the job's own process, not through sh (which sets its own signal mask).
    const signals = { ...shJob(''), file: resolve('grep'), argv: ['grep', '-E', '^(SigIgn|SigBlk)', '/proc/self/status'] };
    assert.deepEqual(await start(signals).exited, { code: 0, signal: null });
    const mask = (name: string) => BigInt(`0x${new RegExp(`${name}:\\s+([0-9a-f]+)`).exec(readFileSync(signals.out, 'utf8'))![1]}`);
    assert.equal(mask('SigBlk'), 0n, 'no signal blocked');
    assert.equal(mask('SigIgn') & 0x7fffffffn, 0n, 'none of signals 1-31 ignored');
    assert.equal(read('pgid.txt'), read('pid.txt'), 'the job leads its own process group');

    const nowhere = start({ ...shJob('exit 0'), cwd: join(scratch, 'no-such-dir') });
    assert.deepEqual(await nowhere.started, { errno: 'ENOENT' });
  });

  test(`${kind} spawner: a job handed over to start after another starts the moment that one ends with 0, and is dropped when it ends otherwise or is cancelled`, async () => {
    // The first job waits for a file (a barrier), so the second is surely handed over while it runs.
    const first = shJob('while [ ! -e go ]; do sleep 0.01; done; exit 0');
    const a = start(first);
    assert.ok('pid' in (await a.started));
    const second = shJob('echo ran > marker');
    const b = spawnAfterViaHelper(second, a);
    assert.ok(b);
    assert.ok(!existsSync(join(second.dir, 'marker')), 'not started while the first runs');
    writeFileSync(join(first.dir, 'go'), '');
    assert.ok('pid' in (await b.started), 'started when the first ended with 0');
    assert.deepEqual(await b.exited, { code: 0, signal: null });
    assert.equal(readFileSync(join(second.dir, 'marker'), 'utf8'), 'ran\n');
    // Handed over after the first had ended (0): started at once.
    const late = shJob('exit 0');
    assert.ok('pid' in (await spawnAfterViaHelper(late, a)!.started));

    const failing = shJob('while [ ! -e go ]; do sleep 0.01; done; exit 1');
    const f = start(failing);
    await f.started;
    const afterFailure = shJob('echo ran > marker');
    const dropped = spawnAfterViaHelper(afterFailure, f)!;
    writeFileSync(join(failing.dir, 'go'), '');
    assert.deepEqual(await dropped.started, { dropped: true });
    assert.deepEqual(await f.exited, { code: 1, signal: null });
    assert.ok(!existsSync(join(afterFailure.dir, 'marker')));

    const held = shJob('while [ ! -e go ]; do sleep 0.01; done; exit 0');
    const h = start(held);
    await h.started;
    const cancelled = shJob('echo ran > marker');
    const c = spawnAfterViaHelper(cancelled, h)!;
    c.cancel();
    assert.deepEqual(await c.started, { dropped: true });
    writeFileSync(join(held.dir, 'go'), '');
    assert.deepEqual(await h.exited, { code: 0, signal: null });
    assert.ok(!existsSync(join(cancelled.dir, 'marker')));
  });

  test(`${kind} spawner: a chain of hand-overs starts its jobs one after the other; a job that ends badly, cannot start or is cancelled drops the rest of its chain`, async () => {
    const order = join(scratch, `chain-order-${kind}`);
    const appendName = (name: string, code = 0) => shJob(`echo ${name} >> ${order}; exit ${code}`);
    const chain = (head: ReturnType<typeof start>, reqs: SpawnRequest[]) => {
      const out = [head];
      for (const req of reqs) out.push(spawnAfterViaHelper(req, out[out.length - 1]!)!);
      return out.slice(1);
    };

    // Every link is handed over while the head still runs (it waits for a barrier file).
    const head = shJob('while [ ! -e go ]; do sleep 0.01; done; exit 0');
    const h = start(head);
    await h.started;
    const links = chain(h, [appendName('b'), appendName('c'), appendName('d')]);
    writeFileSync(join(head.dir, 'go'), '');
    for (const link of links) {
      assert.ok('pid' in (await link.started));
      assert.deepEqual(await link.exited, { code: 0, signal: null });
    }
    assert.equal(readFileSync(order, 'utf8'), 'b\nc\nd\n', 'one after the other, in the order handed over');

    // A link that fails: the links after it never start.
    rmSync(order);
    const head2 = shJob('while [ ! -e go ]; do sleep 0.01; done; exit 0');
    const h2 = start(head2);
    await h2.started;
    const [ok, bad, after1, after2] = chain(h2, [appendName('ok'), appendName('bad', 4), appendName('x'), appendName('y')]);
    writeFileSync(join(head2.dir, 'go'), '');
    assert.deepEqual(await bad!.exited, { code: 4, signal: null });
    assert.ok('pid' in (await ok!.started));
    assert.deepEqual(await after1!.started, { dropped: true });
    assert.deepEqual(await after2!.started, { dropped: true });
    assert.equal(readFileSync(order, 'utf8'), 'ok\nbad\n');

    // A link that cannot be started (no such file): the rest is dropped.
    rmSync(order);
    const head3 = shJob('while [ ! -e go ]; do sleep 0.01; done; exit 0');
    const h3 = start(head3);
    await h3.started;
    const missing = { ...appendName('never'), file: join(scratch, 'no-such-program') };
    const [first, unstartable, afterMissing] = chain(h3, [appendName('first'), missing, appendName('z')]);
    writeFileSync(join(head3.dir, 'go'), '');
    assert.deepEqual(await first!.exited, { code: 0, signal: null });
    assert.deepEqual(await unstartable!.started, { errno: 'ENOENT' });
    assert.deepEqual(await afterMissing!.started, { dropped: true });

    // A cancelled link: it and the links after it are dropped at once, the ones before it run.
    const head4 = shJob('while [ ! -e go ]; do sleep 0.01; done; exit 0');
    const h4 = start(head4);
    await h4.started;
    const [kept, cancelled, afterCancelled] = chain(h4, [appendName('kept'), appendName('c1'), appendName('c2')]);
    cancelled!.cancel();
    assert.deepEqual(await cancelled!.started, { dropped: true });
    assert.deepEqual(await afterCancelled!.started, { dropped: true });
    writeFileSync(join(head4.dir, 'go'), '');
    assert.deepEqual(await kept!.exited, { code: 0, signal: null });
    assert.equal(readFileSync(order, 'utf8'), 'first\nkept\n');
  });

  test(`${kind} spawner: when orch goes away (its stdin closes) the jobs that run get SIGTERM, and SIGKILL after their grace`, async () => {
    const { spawn } = await import('node:child_process');
    const obeys = shJob('trap "echo term >&2; exit 7" TERM; echo up; while :; do sleep 0.01; done');
    const ignores = shJob('trap "" TERM; echo up; while :; do sleep 0.01; done');
    const helper = kind === 'native'
      ? spawn(NATIVE_SPAWNER_FILE, [], { stdio: ['pipe', 'pipe', 'inherit'] })
      : spawn(resolve('python3'), ['-S', '-E', SPAWNER_FILE], { stdio: ['pipe', 'pipe', 'inherit'] });
    let replies = '';
    helper.stdout.on('data', (d) => { replies += d; });
    helper.stdin.write(`${JSON.stringify({ id: 0, ...obeys, grace: 60_000 })}\n${JSON.stringify({ id: 1, ...ignores, grace: 300 })}\n`);
    const pids = await until(() => {
      const found = [...replies.matchAll(/^S (\d) (\d+)$/gm)].map((m) => Number(m[2]));
      return found.length === 2 && [obeys, ignores].every((j) => existsSync(j.out)) ? found : undefined;
    });
    helper.stdin.end();
    // Each job's own grace: the one that obeys SIGTERM ends at once (its long grace is not waited
    // for), the one that ignores it is killed once its short grace is over; then the spawner exits.
    const code = await new Promise((done) => helper.on('exit', done));
    assert.equal(code, 0);
    for (const pid of pids) assert.throws(() => process.kill(pid, 0), /ESRCH/, `job ${pid} is gone`);
    assert.match(readFileSync(obeys.err, 'utf8'), /^term$/m, 'its TERM trap ran');
  });
}

async function until<T>(probe: () => T | undefined): Promise<T> {
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
}
