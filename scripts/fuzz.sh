#!/usr/bin/env bash
# Build the libFuzzer targets and run each for SECONDS (default 60) with its seeds.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     e.g. scripts/fuzz.sh 600 npy_fuzz
#
# Targets are tests/fuzz/<name>_fuzz.cc; all of them run when none is named.
# One fuzzer at a time, at nice 19: the machine is shared. The growing corpus
# lives in build-fuzz/corpus/<target> (seeds from tests/fuzz/seeds/<target> are
# read, never written); crashes land in build-fuzz/crashes/<target>/ and the
# script exits 1 if any target found one. Turn each crash into a regression
# test in tests/errors/ (input as a literal) and fix the bug.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SECONDS_PER_TARGET=${1:-60}
shift || true
BUILD=${EMBKIT_FUZZ_BUILD:-$ROOT/build-fuzz}

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD" -DEMBKIT_FUZZ=ON -DEMBKIT_SANITIZE=ON \
  -DEMBKIT_NATIVE=OFF -DEMBKIT_BUILD_TESTS=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" >/dev/null

if [ $# -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for f in tests/fuzz/*_fuzz.cc; do targets+=("$(basename "$f" .cc)"); done
fi
nice -n 19 cmake --build "$BUILD" -j2 --target "${targets[@]}"

status=0
printf '%-24s %8s %10s %8s %s\n' target seconds execs corpus result
for t in "${targets[@]}"; do
  corpus="$BUILD/corpus/$t" crashes="$BUILD/crashes/$t"
  mkdir -p "$corpus" "$crashes"
  seeds=()
  [ -d "tests/fuzz/seeds/$t" ] && seeds=("tests/fuzz/seeds/$t")
  log="$BUILD/fuzz-$t.log"
  # -rss_limit_mb/-malloc_limit_mb: a header that claims a huge size must be
  # refused before allocating, so any single allocation over 1 GiB is a finding.
  set +e
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0 \
  nice -n 19 "$BUILD/tests/fuzz/$t" "$corpus" "${seeds[@]}" \
    -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=2048 -malloc_limit_mb=1024 \
    -timeout=10 -max_len=4096 -artifact_prefix="$crashes/" -print_final_stats=1 >"$log" 2>&1
  rc=$?
  set -e
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  size=$(ls "$corpus" | wc -l)
  if [ $rc -eq 0 ]; then result=ok; else result="FAILED (see $log, $crashes)"; status=1; fi
  printf '%-24s %8s %10s %8s %s\n' "$t" "$SECONDS_PER_TARGET" "$execs" "$size" "$result"
done
exit $status
