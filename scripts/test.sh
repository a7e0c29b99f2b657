#!/usr/bin/env bash
# The README's test command: install what is missing, build, run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cd "${EMBKIT_BUILD_DIR:-build}"
ctest --output-on-failure -j"$(nproc)"
