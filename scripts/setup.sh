#!/usr/bin/env bash
# Install what embkit needs (Debian packages, only those missing) and build it
# in ./build (Release, -O3, portable: the kernels choose AVX2/AVX-512 at run
# time). Used by the README's two quick-start commands.
#   EMBKIT_NATIVE=ON    compile for this machine's CPU only (-march=native)
#   EMBKIT_BUILD_DIR    build directory (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."

# help2man: the man page. pybind11 and Python: the Python module and its tests (python/).
# chromium: the [browser] tests render the page `embkit explore` writes.
# Open MPI: the distributed commands under mpirun (docs/distributed.md).
packages=(cmake g++ make libeigen3-dev libboost-program-options-dev catch2 xz-utils help2man
          pybind11-dev python3-dev python3-numpy python3-scipy python3-pytest chromium
          libopenmpi-dev openmpi-bin)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

build=${EMBKIT_BUILD_DIR:-build}
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DEMBKIT_NATIVE="${EMBKIT_NATIVE:-OFF}" "${launcher[@]}" >/dev/null
cmake --build "$build" -j"$(nproc)" "$@"
