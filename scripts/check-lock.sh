#!/usr/bin/env bash
# Fails when package-lock.json is out of step with package.json, i.e. when `npm install` in a fresh
# clone would rewrite it (and every run recorded from that clone would then come from a dirty tree).
# Leaves the lock file as it was. Needs the registry (npm resolves package.json against the lock).
set -euo pipefail
cd "$(dirname "$0")/.."
before=$(mktemp)
trap 'rm -f "$before"' EXIT
cp package-lock.json "$before"
npm install --package-lock-only --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
if ! cmp -s "$before" package-lock.json; then
  diff -u --label 'package-lock.json (committed)' --label 'package-lock.json (npm install)' "$before" package-lock.json | head -60 >&2 || true
  cp "$before" package-lock.json
  echo "package-lock.json is out of step with package.json: run 'npm install --package-lock-only' and commit package-lock.json" >&2
  exit 1
fi
echo "package-lock.json is in step with package.json"
