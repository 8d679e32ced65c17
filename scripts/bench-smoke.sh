#!/usr/bin/env bash
# Runs the benchmarks that take seconds once each, small, so a change to an API they use cannot
# leave one crashing unnoticed (four did for several sessions). Their figures are not judged here:
# a CI machine's timings mean nothing; `npm run bench` on a quiet machine is where they are read.
# Needs dist/ (npm test builds it). Exit status: non-zero when any benchmark exits non-zero.
set -u
cd "$(dirname "$0")/.."
failed=()
run() {
  local name=$1; shift
  echo "## bench smoke: $name"
  if ! "$@"; then failed+=("$name"); fi
}
run compose node bench/compose.mjs
run completion node bench/completion.mjs
run schema node bench/schema.mjs
run plan env BENCH_PLAN_RUNS=1 BENCH_PLAN_WRITE_A=1 node bench/plan.mjs
run plan-record env BENCH_PLAN_MILLION=0 BENCH_FOLD_MILLION=0 node bench/plan-record.mjs 10000
run local node bench/local.mjs --quick
run report node bench/report.mjs
run stream env BENCH_STREAM_JOBS=200 BENCH_STREAM_SLEEP_RUNS=1 BENCH_STREAM_FSYNC_JOBS=50 BENCH_STREAM_STATUS_JOBS=1000 node bench/stream.mjs
run ml-sweep node bench/ml-sweep.mjs 1
if [ ${#failed[@]} -gt 0 ]; then
  echo "bench smoke: failed: ${failed[*]}" >&2
  exit 1
fi
echo "bench smoke: every benchmark ran to its end"
