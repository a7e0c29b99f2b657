#!/usr/bin/env bash
# embkit as a library, tried as a new user would: `cmake --install` the build
# into a temporary prefix, then build tests/consumer against it with
# find_package(embkit) and plain -O2 (no -march), and run it; then the same
# consumer built for this CPU (-march=native) and under AddressSanitizer. Run after scripts/test.sh (it installs from
# ${EMBKIT_BUILD_DIR:-build}). Ends with "tests: N passed, N failed, 0 skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
build=${EMBKIT_BUILD_DIR:-build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
if ! cmake --install "$build" --prefix "$work/prefix" >"$work/install.log" 2>&1; then
  cat "$work/install.log"
  echo "consumer: cmake --install failed"
  echo "tests: 0 passed, 3 failed, 0 skipped"
  exit 1
fi
echo "consumer: installed into a temporary prefix: $(cd "$work/prefix" && find . -type f | wc -l) files"
# plain: what a new user's project compiles with; native: the consumer built for
# this CPU (AVX-512 here) against the portable libraries, the mismatch that
# used to abort in free() (docs/library.md); asan: AddressSanitizer.
for variant in plain native asan; do
  case $variant in
    plain) flags="-O2" ;;
    native) flags="-O2 -march=native" ;;
    asan) flags="-O1 -g -fsanitize=address -fno-omit-frame-pointer" ;;
  esac
  mkdir -p "$work/run-$variant"
  if cmake -S tests/consumer -B "$work/$variant" -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=None \
       -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$([ $variant = asan ] && echo -fsanitize=address)" \
       >"$work/$variant.log" 2>&1 &&
     cmake --build "$work/$variant" >>"$work/$variant.log" 2>&1 &&
     ASAN_OPTIONS=detect_leaks=1 "$work/$variant/consumer" "$work/run-$variant" >>"$work/$variant.log" 2>&1; then
    echo "consumer ($variant, $flags): passed"
    passed=$((passed + 1))
  else
    echo "consumer ($variant, $flags): FAILED"
    tail -30 "$work/$variant.log"
    failed=$((failed + 1))
  fi
done
echo "tests: $passed passed, $failed failed, 0 skipped"
[ $failed -eq 0 ]
