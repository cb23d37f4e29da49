#!/usr/bin/env bash
# Installs the Debian packages Kiln needs (only those missing) and builds Kiln in Release.
# Shared by ./run.sh and ./test.sh; safe to run again at any time.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  g++ cmake ninja-build ccache
  libtorch-dev          # tensors, autograd
  libopenblas0-pthread  # switches LibTorch from the reference BLAS to OpenBLAS (docs/benchmarks.md)
  qt6-base-dev qt6-svg-dev    # the workbench's widgets, SVG export, Qt Test
  libqcustomplot-dev libqcustomplot2.1-qt6  # live plots
  libqscintilla2-qt6-dev      # the code editor
  libgraphviz-dev             # the model graph's layout
  pkg-config
  nlohmann-json3-dev libsqlite3-dev
  dataset-fashion-mnist # Fashion-MNIST images for examples/bnn.py and vae.py (benchmark B1)
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "kiln: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

BUILD_DIR=${KILN_BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD_DIR" -j "$(nproc)"
