#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test.
set -euo pipefail
cd "$(dirname "$0")"
tools/setup.sh
cd "${KILN_BUILD_DIR:-build}"
ctest --output-on-failure -j "$(nproc)"
