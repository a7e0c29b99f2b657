#!/usr/bin/env bash
# AddressSanitizer + UndefinedBehaviorSanitizer run of the whole test suite.
#
#   scripts/sanitize.sh            configure build-asan, build the CLI and the tests it runs, run them
#
# Called by .ci/run after the normal build. Tests tagged [large] (big generated
# inputs or whole real datasets, slow under ASan's ~2-3x slowdown), [peers]
# (Python comparisons: the peers are not instrumented, and their runtime
# dominates), [data] (the shared datasets: large inputs again), [browser]
# (chromium renders a page embkit wrote; the browser is not instrumented) or
# [mpi] (mpirun: Open MPI's own allocations would be reported as leaks) are
# excluded, and counted as skipped; everything else runs. Exit status is non-zero if any
# test fails or any sanitizer reports (UBSan is built with -fno-sanitize-recover,
# so a report aborts the test). test_labs and test_docs are not built: they
# re-run the documentation's command lines (minutes of word2vec training under
# ASan) and exercise no code path the other suites do not. The last line is
#   tests: N passed, N failed, N skipped
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
source scripts/test_lib.sh
BUILD=${EMBKIT_ASAN_BUILD:-$ROOT/build-asan}
JOBS=${JOBS:-2}

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
# -O1 -g1: line numbers in sanitizer reports at a fraction of -O2 -g's compile
# time, which dominates this script's run time in CI.
cmake -S "$ROOT" -B "$BUILD" -DEMBKIT_SANITIZE=ON -DEMBKIT_NATIVE=OFF -DEMBKIT_BUILD_TESTS=ON \
  -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -g1" "${launcher[@]}" >/dev/null
# The test binaries to build and run, minus test_labs and test_docs (see above).
mapfile -t tests < <(test_binaries "$ROOT" labs docs)
cmake --build "$BUILD" -j"$JOBS" --target embkit "${tests[@]}"

# detect_leaks: a leak is a bug too. halt_on_error keeps one report per failure.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# The embkit binary that tests spawn is the instrumented one from this build.
export EMBKIT_BINARY="$BUILD/embkit"

status=0
passed=0
failed=0
skipped=0
start=$(date +%s)
for name in "${tests[@]}"; do
  test="$BUILD/tests/$name"
  t0=$(date +%s)
  skipped=$((skipped + $(case_count "$test" '[large],[peers],[data],[browser],[mpi]')))
  code=0
  "$test" '~[large]~[peers]~[data]~[browser]~[mpi]' >"$BUILD/$name.log" 2>&1 || code=$?
  read -r p f < <(catch_totals "$BUILD/$name.log" "$(case_count "$test" '~[large]~[peers]~[data]~[browser]~[mpi]')")
  if [ $code -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi  # a sanitizer report after the last test case
  passed=$((passed + p))
  failed=$((failed + f))
  if [ $code -eq 0 ]; then
    printf '%-24s %4d passed  %4ss\n' "$name" "$p" $(( $(date +%s) - t0 ))
  else
    printf '%-24s %4d passed %3d FAILED  %4ss  (log: %s)\n' "$name" "$p" "$f" $(( $(date +%s) - t0 )) "$BUILD/$name.log"
    tail -30 "$BUILD/$name.log"
    status=1
  fi
done
echo "sanitize: tests took $(( $(date +%s) - start ))s"
echo "sanitize: skipped $skipped test cases tagged [large], [peers], [data], [browser] or [mpi]; test_labs and test_docs not built (their test cases are not counted)"
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit $status
