/**
 * A stream of jobs checked as it is consumed, for planners that must look at the first job before
 * writing (task, launcher) and must never hold every job: `check` runs on each job as it comes
 * (the first one right away), `finish` after the last (e.g. to throw errors gathered over all jobs).
 * A throw from either ends the consumer's iteration (writePlan then removes what it wrote).
 */
export interface CheckedJobs<T> {
  /** The first job, composed and checked now; undefined when there is none. */
  first: T | undefined;
  /** Every job, the first included; iterate once. */
  jobs: Iterable<T>;
}

export function checkJobsAsTheyCome<T>(source: Iterable<T>, check: (job: T, num: number) => void, finish?: (count: number) => void): CheckedJobs<T> {
  const it = source[Symbol.iterator]();
  const head = it.next();
  if (!head.done) check(head.value, 0);
  function* all(): Generator<T> {
    if (head.done) {
      finish?.(0);
      return;
    }
    yield head.value;
    let num = 1;
    for (let r = it.next(); !r.done; r = it.next(), num++) {
      check(r.value, num);
      yield r.value;
    }
    finish?.(num);
  }
  return { first: head.done ? undefined : head.value, jobs: all() };
}
