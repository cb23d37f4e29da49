#!/usr/bin/env bash
# Installs what is missing, builds in Release, and starts Kiln's main program. Until the
# workbench lands this is the command-line tour (`kiln demo`); arguments go to `kiln`.
set -euo pipefail
cd "$(dirname "$0")"
tools/setup.sh
exec "${KILN_BUILD_DIR:-build}/app/kiln/kiln" "${@:-demo}"
