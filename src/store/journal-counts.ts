import { forEachLine } from './line-chunks.js';
import { MAX_JOB, decodeJournalEvent, type JournalEvent } from './journal-format.js';
import { journalCorruption, scanJournal, type JobPhase, type JournalScan } from './journal-reader.js';

/** Phase codes of the compact fold; index = code. */
export const PHASES: readonly JobPhase[] = ['pending', 'dispatched', 'running', 'completed', 'failed', 'cancelled', 'timeout'];
const CODE = Object.fromEntries(PHASES.map((p, i) => [p, i])) as Record<JobPhase, number>;

export interface JournalCounts extends JournalScan {
  counts: Record<JobPhase, number>;
  /** Phase code per job number (see PHASES): one byte per job, the only per-job memory. */
  phases: Uint8Array;
}

/**
 * Counts per phase without an object per job: a 1,000,000-job sweep costs 1 MB. Lines in the
 * writer's canonical shape are read in place from the bytes (no string, no JSON.parse); any other
 * line goes through the full decoder, so a hand-written line still counts and a corrupt one is
 * still reported with file:line. With `plannedJobs` (a complete plan), a job number outside the
 * plan is corruption too, which also keeps a damaged number from sizing the array.
 */
export async function countJournal(path: string, plannedJobs = 0): Promise<JournalCounts> {
  let phases = new Uint8Array(Math.max(plannedJobs, 1024));
  let seen = plannedJobs;
  let line = 0;
  const set = (job: number, code: number): void => {
    if (plannedJobs > 0 && job >= plannedJobs) throw journalCorruption(path, line, `job ${job} is not in the plan, which has jobs 0 to ${plannedJobs - 1}`);
    if (job >= phases.length) {
      const grown = new Uint8Array(Math.max(phases.length * 2, job + 1));
      grown.set(phases);
      phases = grown;
    }
    if (job >= seen) seen = job + 1;
    phases[job] = code;
  };
  const scan = await scanJournal(path, (chunk) => {
    const buf = chunk.buf;
    forEachLine(chunk, (s, e, n) => {
      line = n;
      if (!fastLine(buf, s, e, set)) {
        const ev = decodeJournalEvent(buf.toString('utf8', s, e));
        if (typeof ev === 'string') throw journalCorruption(path, line, ev);
        set(ev.job, codeOf(ev));
      }
    });
  });
  const used = phases.subarray(0, seen);
  const counts = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<JobPhase, number>;
  const tally = new Array<number>(PHASES.length).fill(0);
  for (let i = 0; i < used.length; i++) tally[used[i]!]!++;
  PHASES.forEach((p, i) => (counts[p] = tally[i]!));
  return { ...scan, counts, phases: used };
}

function codeOf(e: JournalEvent): number {
  return e.ev === 'dispatched' ? CODE.dispatched : e.ev === 'started' ? CODE.running : CODE[e.status];
}

const bytes = (s: string): Uint8Array => Buffer.from(s, 'latin1');
const JOB = bytes('{"job":');
const EV = bytes(',"ev":"');
const DISPATCHED = bytes('dispatched"');
const STARTED = bytes('started"');
const FINISHED = bytes('finished","status":"');
const STATUS_WORDS: Array<[Uint8Array, number]> = (['completed', 'failed', 'cancelled', 'timeout'] as const).map((p) => [bytes(`${p}"`), CODE[p]]);

/**
 * Reads `{"job":N,"ev":"...` in place; false when the line is not in that shape. Byte loops, not
 * Buffer methods: for prefixes this short a call into C++ costs more than the comparison.
 */
function fastLine(buf: Buffer, s: number, e: number, set: (job: number, code: number) => void): boolean {
  if (e - s < 30 || buf[e - 1] !== 0x7d /* } */ || !matchAt(buf, s, JOB)) return false;
  let i = s + JOB.length;
  let job = 0;
  const digits = i;
  for (let c = buf[i]!; c >= 0x30 && c <= 0x39; c = buf[++i]!) job = job * 10 + c - 0x30;
  if (i === digits || job > MAX_JOB || !matchAt(buf, i, EV)) return false;
  i += EV.length;
  if (matchAt(buf, i, DISPATCHED)) return set(job, CODE.dispatched), true;
  if (matchAt(buf, i, STARTED)) return set(job, CODE.running), true;
  if (!matchAt(buf, i, FINISHED)) return false;
  i += FINISHED.length;
  for (const [word, code] of STATUS_WORDS) if (matchAt(buf, i, word)) return set(job, code), true;
  return false;
}

function matchAt(buf: Buffer, at: number, word: Uint8Array): boolean {
  if (at + word.length > buf.length) return false;
  for (let k = 0; k < word.length; k++) if (buf[at + k] !== word[k]) return false;
  return true;
}
