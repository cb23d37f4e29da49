#!/usr/bin/env bash
# Installs what is missing, builds in Release, and starts Kiln Studio, the workbench, on the demo
# project holding the examples (or on the project given: ./run.sh my.kiln). The command line
# stays reachable: `./run.sh kiln` prints its tour (`kiln demo`), `./run.sh kiln ARGS...` runs
# `kiln ARGS...`.
set -euo pipefail
cd "$(dirname "$0")"
tools/setup.sh
build="${KILN_BUILD_DIR:-build}"
if [[ "${1:-}" == kiln ]]; then
  shift
  exec "$build/app/kiln/kiln" "${@:-demo}"
fi
exec "$build/app/kiln-studio/kiln-studio" "$@"
