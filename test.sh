#!/usr/bin/env bash
# Runs the whole test suite (CTest + GoogleTest). Installs and builds first if needed.
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh
ctest --test-dir build --output-on-failure -j"$(nproc)"
