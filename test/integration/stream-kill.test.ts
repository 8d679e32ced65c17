/**
 * Issue 13 ("Sweeps as streams"): SIGKILL the real `orch` at 50 seeded instants of sweeps and check,
 * after each kill, that `orch status --json` is truthful and that `orch resume` runs exactly the jobs
 * that did not complete. Only the CLI and the task's own ledger are read (ledger-project.ts), never
 * orch's files, so the test holds for any on-disk format.
 *
 * The instants are barriers, never sleeps: at once after spawn, when the sweep dir appears (planning),
 * at the first job start, or after k new ledger lines (k seeded). A sweep is killed up to
 * KILLS_PER_SWEEP times (its first run, then each resume) and finally resumed to the end.
 * Replay a failure with ORCH_KILL_SEED=<seed> (the message names it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prng } from '../helpers/prng.js';
import { makeLedgerProject, total, until, type LedgerProject } from './ledger-project.js';
import { startOrch } from './orch-process.js';

const SEED = Number(process.env.ORCH_KILL_SEED ?? 13);
const KILLS = 50;
const JOBS = 8;
const KILLS_PER_SWEEP = 5;
// Two sweeps at a time: most of a kill's cost is waiting (process start-up, fsync), not CPU.
const LANES = 2;

type Instant = 'spawn' | 'sweep-dir' | 'first-start' | { after: number };
interface JobRow { num: number; status: string }
interface Status { counts: Record<string, number>; jobs: JobRow[] }

const describe = (i: Instant) => (typeof i === 'string' ? i : `after ${i.after} completion(s)`);
const noStack = (text: string) => !/\n\s+at /.test(text);

/** True while any process (an orphaned task, a forked child not yet exec'd) still names the project. */
function busy(root: string): boolean {
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`${root}/`)) return true;
    } catch { /* gone meanwhile */ }
  }
  return false;
}

/** Runs orch with `args` and SIGKILLs it at `instant`; resolves once every task it started has ended. */
async function killAt(p: LedgerProject, args: string[], instant: Instant, sweepDir: string) {
  const finished0 = total(p.finished());
  const started0 = total(p.started());
  const o = startOrch(p.root, args);
  let exited = false;
  void o.exited.then(() => { exited = true; });
  const reached = instant === 'spawn' ? () => true
    : instant === 'sweep-dir' ? () => existsSync(sweepDir)
    : instant === 'first-start' ? () => total(p.started()) > started0
    : () => total(p.finished()) >= finished0 + instant.after;
  await until(() => exited || reached(), `${describe(instant)} in orch ${args.join(' ')}`);
  o.child.kill('SIGKILL');
  const end = await o.exited;
  // The spawner stops the tasks of a SIGKILLed orch (SIGTERM, then SIGKILL): wait for them to be
  // gone, so that the checks see a still world.
  await until(() => !busy(p.root), `the tasks of the killed orch to end`);
  return { killed: end.signal === 'SIGKILL', code: end.code, output: o.stdout() + o.stderr() };
}

/** The real binary, awaited (not spawnSync: the other lane keeps running meanwhile). */
async function orch(cwd: string, args: string[]) {
  const o = startOrch(cwd, args);
  const end = await o.exited;
  return { code: end.code ?? -1, stdout: o.stdout(), stderr: o.stderr() };
}

async function status(p: LedgerProject, sweepDir: string): Promise<{ status?: Status; code: number; stderr: string }> {
  const r = await orch(p.root, ['status', sweepDir, '--json']);
  return { status: r.code === 0 ? JSON.parse(r.stdout) as Status : undefined, code: r.code, stderr: r.stderr };
}

/** What one sweep has shown so far: per job, the ledger and start counts when status first said completed. */
type Seen = Map<number, { finished: number; started: number }>;

/** Property (a) and the "never twice" half of (b), after one kill. `where` is put in every message. */
function checkTruthful(p: LedgerProject, st: Status, seen: Seen, printedCompleted: Set<number>, where: string): void {
  const finished = p.finished();
  const started = p.started();
  const ctx = () => `${where}\nledger:\n${p.ledgerText()}status: ${JSON.stringify(st.jobs.map((j) => [j.num, j.status]))}`;
  assert.deepEqual(st.jobs.map((j) => j.num).sort((a, b) => a - b), Array.from({ length: JOBS }, (_, i) => i), `status lists every job once: ${ctx()}`);
  const sum = Object.values(st.counts).reduce((a, b) => a + b, 0);
  assert.equal(sum, JOBS, `counts ${JSON.stringify(st.counts)} sum to the ${JOBS} jobs: ${ctx()}`);
  for (const [s, n] of Object.entries(st.counts)) assert.equal(st.jobs.filter((j) => j.status === s).length, n, `counts.${s} agrees with jobs[]: ${ctx()}`);
  // A task stopped with its orch may have started its work and not finished it; none finished work it never started.
  for (const [num, n] of finished) assert.ok(n <= (started.get(num) ?? 0), `job ${num} finished its work more often than it started: ${ctx()}`);
  for (const j of st.jobs) {
    if (j.status === 'completed') assert.ok((finished.get(j.num) ?? 0) >= 1, `job ${j.num} is completed but its work never finished (no ledger line): ${ctx()}`);
    const before = seen.get(j.num);
    if (before) {
      assert.equal(j.status, 'completed', `job ${j.num} was completed in an earlier status, now ${j.status}: a completed result was lost: ${ctx()}`);
      assert.equal(finished.get(j.num), before.finished, `job ${j.num} was completed and ran again (a completed job run twice): ${ctx()}`);
      assert.equal(started.get(j.num), before.started, `job ${j.num} was completed and was started again: ${ctx()}`);
    } else if (j.status === 'completed') {
      seen.set(j.num, { finished: finished.get(j.num)!, started: started.get(j.num)! });
    }
  }
  for (const num of printedCompleted) {
    const row = st.jobs.find((j) => j.num === num);
    assert.equal(row?.status, 'completed', `orch printed "job ${num} completed" before it was killed, but status says ${row?.status}: it showed a completion it had not recorded: ${ctx()}`);
  }
}

const printed = (output: string) => new Set([...output.matchAll(/\bjob (\d+) completed\b/g)].map((m) => Number(m[1])));

/** One lane: sweeps of its own project, killed `kills` times in all; what it saw, for the summary. */
async function lane(seed: number, kills: number) {
  const rand = prng(seed);
  const p = makeLedgerProject();
  const tally: Record<string, number> = {};
  let done = 0;
  let twice = 0;
  try {
    for (let s = 0; done < kills; s++) {
      p.reset();
      const sweepDir = join(p.root, `sweep-${s}`);
      const seen: Seen = new Map();
      // The first run's instant cycles through planning and start-up; resumes' are drawn.
      const first: Instant[] = ['spawn', 'sweep-dir', 'first-start', { after: 1 + Math.floor(rand() * (JOBS - 1)) }];
      let args = [p.task, `i=range(${JOBS})`, '-m', 'orch.launcher.n_jobs=2', `orch.sweep.dir=${sweepDir}`];
      let planned = false;
      for (let k = 0; k < KILLS_PER_SWEEP && done < kills; k++) {
        const remaining = JOBS - seen.size;
        if (remaining === 0) break;
        const draw = rand();
        const instant: Instant = k === 0 ? first[s % first.length]!
          : remaining < 2 || draw < 0.2 ? (draw < 0.1 ? 'spawn' : 'first-start')
          : { after: 1 + Math.floor(rand() * (remaining - 1)) };
        const where = `seed ${seed}, sweep ${s}, kill ${done + 1} (${k === 0 ? 'first run' : 'resume'}, ${describe(instant)})`;
        const run = await killAt(p, args, instant, sweepDir);
        if (!run.killed) {
          // The barrier was seen only after orch had finished on its own (a loaded machine): no kill.
          assert.equal(run.code, 0, `${where}: orch exited ${run.code} before the kill:\n${run.output}`);
        } else {
          done++;
          const kind = typeof instant === 'string' ? instant : 'after k completions';
          tally[kind] = (tally[kind] ?? 0) + 1;
        }
        const st = await status(p, sweepDir);
        if (!st.status) {
          // Killed while planning: no plan, so no sweep to report on or resume; nothing may have run.
          assert.ok(!planned && run.killed, `${where}: status failed (${st.code}) on a sweep that was planned:\n${st.stderr}`);
          assert.equal(st.code, 2, `${where}: a sweep without a whole plan is refused with exit 2:\n${st.stderr}`);
          assert.ok(noStack(st.stderr), `${where}: no stack trace:\n${st.stderr}`);
          assert.equal(total(p.started()), 0, `${where}: status refused the sweep as unplanned, yet jobs ran:\n${p.ledgerText()}`);
          const r = await orch(p.root, ['resume', sweepDir]);
          assert.equal(r.code, 2, `${where}: resume of an unplanned sweep is refused:\n${r.stderr}`);
          assert.equal(total(p.started()), 0, `${where}: resume of an unplanned sweep ran jobs`);
          tally['no plan yet'] = (tally['no plan yet'] ?? 0) + 1;
          break; // a user starts the sweep again: the next sweep does
        }
        planned = true;
        checkTruthful(p, st.status, seen, run.killed ? printed(run.output) : new Set(), where);
        args = ['resume', sweepDir];
      }
      if (!planned) continue;
      // (b): a resume run to its end runs every job status did not call completed, and only those.
      const open = new Set(Array.from({ length: JOBS }, (_, i) => i).filter((i) => !seen.has(i)));
      const startedBefore = p.started();
      const last = await orch(p.root, ['resume', sweepDir]);
      assert.equal(last.code, 0, `seed ${seed}, sweep ${s}: the final resume failed:\n${last.stderr}`);
      const st = await status(p, sweepDir);
      assert.ok(st.status, `seed ${seed}, sweep ${s}: status after the final resume failed:\n${st.stderr}`);
      checkTruthful(p, st.status, seen, printed(last.stdout + last.stderr), `seed ${seed}, sweep ${s}, after the final resume`);
      assert.deepEqual(st.status.counts, { completed: JOBS }, `seed ${seed}, sweep ${s}: every job completed after the final resume`);
      const startedAfter = p.started();
      for (let i = 0; i < JOBS; i++) {
        const ran = (startedAfter.get(i) ?? 0) > (startedBefore.get(i) ?? 0);
        assert.equal(ran, open.has(i), `seed ${seed}, sweep ${s}: the final resume ${ran ? 'ran' : 'did not run'} job ${i}, which ${open.has(i) ? 'had not' : 'had'} completed`);
      }
      // A job whose task was running when orch died may have finished its work twice: allowed, as
      // orch never recorded that run as completed, so resume had to run it again.
      for (const n of p.finished().values()) if (n > 1) twice++;
    }
  } finally {
    p.cleanup();
  }
  return { tally, twice };
}

test(`SIGKILL at ${KILLS} seeded instants: status stays truthful and resume runs exactly the jobs that did not complete`, { timeout: 600_000 }, async () => {
  // Lane l uses seed SEED + l; ORCH_KILL_SEED=<the seed in a message> replays that lane first.
  const lanes = await Promise.all(Array.from({ length: LANES }, (_, l) => lane(SEED + l, KILLS / LANES)));
  const tally: Record<string, number> = {};
  for (const l of lanes) for (const [k, n] of Object.entries(l.tally)) tally[k] = (tally[k] ?? 0) + n;
  const twice = lanes.reduce((n, l) => n + l.twice, 0);
  console.log(`# ${KILLS} kills (seeds ${SEED}..${SEED + LANES - 1}): ${JSON.stringify(tally)}; ${twice} job(s) did their work twice (running when killed)`);
});

test('two orch resume started at the same moment: one runs the sweep, the other exits 2 naming it', { timeout: 120_000 }, async () => {
  const p = makeLedgerProject();
  try {
    const sweepDir = join(p.root, 'sweep');
    p.hold(); // every task waits for `release`: the winner is still running when the loser gives up
    const run = await (async () => {
      const o = startOrch(p.root, [p.task, `i=range(${JOBS})`, '-m', 'orch.launcher.n_jobs=2', `orch.sweep.dir=${sweepDir}`]);
      await until(() => total(p.started()) > 0, 'the first job to start');
      o.child.kill('SIGKILL');
      return o.exited;
    })();
    assert.equal(run.signal, 'SIGKILL');
    // Let the killed orch's tasks end (none recorded as completed), then hold the resumes' tasks.
    p.release();
    await until(() => !busy(p.root), 'the tasks of the killed orch to end');
    const orphans = p.started();
    p.hold();
    const both = [startOrch(p.root, ['resume', sweepDir]), startOrch(p.root, ['resume', sweepDir])];
    const loser = await Promise.race(both.map((o) => o.exited.then(() => o)));
    const holder = both.find((o) => o !== loser)!;
    assert.equal((await loser.exited).code, 2, loser.stderr());
    assert.equal(holder.child.exitCode, null, 'the holder still runs (its tasks wait for release)');
    assert.match(loser.stderr(), new RegExp(`\\bpid ${holder.child.pid}\\b`), 'the loser names the holder');
    assert.ok(noStack(loser.stderr()), loser.stderr());
    p.release();
    assert.equal((await holder.exited).code, 0, holder.stderr());
    const st = await status(p, sweepDir);
    assert.deepEqual(st.status?.counts, { completed: JOBS }, st.stderr);
    // Exactly one resume ran: each job started once by it, besides its runs under the killed orch.
    for (const [num, n] of p.started()) assert.equal(n, 1 + (orphans.get(num) ?? 0), `job ${num} started ${n} times:\n${p.ledgerText()}`);
  } finally {
    p.cleanup();
  }
});
