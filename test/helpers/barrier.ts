/**
 * Barriers for job scripts (bash), so tests prove "these ran at once" or "this waited" by the order
 * of events and never by how long something took. Each gives up after `limitSec` and fails the job,
 * which only a broken launcher makes happen: a loaded machine is slower, never that slow.
 */

/** The job marks itself started, then waits until `n` jobs of its sweep have: they overlapped. */
export function meetInBash(n: number, limitSec = 120): string {
  return [
    'touch "$ORCH_SWEEP_DIR/started.$ORCH_JOB_NUM"',
    `until [ "$(ls "$ORCH_SWEEP_DIR" | grep -c '^started\\.')" -ge ${n} ]; do [ "$SECONDS" -lt ${limitSec} ] || exit 1; sleep 0.05; done`,
  ].join('\n');
}

/** The job waits until the test creates `file`. */
export function gateInBash(file: string, limitSec = 120): string {
  return `until [ -e ${JSON.stringify(file)} ]; do [ "$SECONDS" -lt ${limitSec} ] || exit 1; sleep 0.05; done`;
}
