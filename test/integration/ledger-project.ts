/**
 * A scratch project whose task leaves its trace outside orch's files: a start marker per run of a
 * job and, once its work is done, one "num attempt" line in a shared ledger. Tests that kill orch
 * judge orch's own account (`orch status --json`) against this trace, so they do not depend on
 * orch's on-disk format.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// POSIX sh rather than Python: a Python start costs 0.2-0.4 s on the loaded 2-core machine and this
// task runs hundreds of times. The short sleep is work, not synchronisation: it makes a kill often
// land while jobs run. With `hold` present the task waits for `release` (a barrier for lock tests).
const TASK = `#!/bin/sh
state=$1
n=$ORCH_JOB_NUM
attempt=$(( $(ls "$state/started" | grep -c "^$n\\.") + 1 ))
: > "$state/started/$n.$$"
if [ -e "$state/hold" ]; then
  while [ ! -e "$state/release" ]; do sleep 0.01; done
fi
sleep 0.02
echo "$n $attempt" >> "$state/ledger"
`;

export interface LedgerProject {
  root: string;
  /** The task name: `orch <task> 'i=range(N)' -m ...` runs the ledger task. */
  task: string;
  /** How many times each job finished its work (ledger lines). */
  finished(): Map<number, number>;
  /** How many times each job's task started (markers). */
  started(): Map<number, number>;
  ledgerText(): string;
  /** Fresh ledger and markers, for a new sweep. */
  reset(): void;
  /** From now on tasks wait for `release()` before their work (a barrier for lock tests). */
  hold(): void;
  release(): void;
  cleanup(): void;
}

function tally(nums: number[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const n of nums) m.set(n, (m.get(n) ?? 0) + 1);
  return m;
}

export function total(m: Map<number, number>): number {
  let t = 0;
  for (const v of m.values()) t += v;
  return t;
}

export function makeLedgerProject(): LedgerProject {
  const root = mkdtempSync(join(tmpdir(), 'orch-ledger-'));
  const state = join(root, 'state');
  mkdirSync(join(root, 'config'));
  writeFileSync(join(root, 'task.sh'), TASK);
  writeFileSync(join(root, 'config', 'ledger.yaml'), `i: 0\norch:\n  task:\n    command: [sh, ${JSON.stringify(join(root, 'task.sh'))}, ${JSON.stringify(state)}]\n`);
  const ledger = join(state, 'ledger');
  const reset = () => {
    rmSync(state, { recursive: true, force: true });
    mkdirSync(join(state, 'started'), { recursive: true });
    writeFileSync(ledger, '');
  };
  reset();
  const ledgerText = () => readFileSync(ledger, 'utf8');
  return {
    root,
    task: 'ledger',
    ledgerText,
    finished: () => tally(ledgerText().split('\n').filter(Boolean).map((l) => Number(l.split(' ')[0]))),
    started: () => tally(readdirSync(join(state, 'started')).map((f) => Number(f.split('.')[0]))),
    reset,
    hold: () => {
      rmSync(join(state, 'release'), { force: true });
      writeFileSync(join(state, 'hold'), '');
    },
    release: () => writeFileSync(join(state, 'release'), ''),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Polls `check` (a barrier on files, never a sleep standing in for one) with a generous overall limit. */
export async function until(check: () => boolean, what: string, limitMs = 60_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out after ${limitMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}
