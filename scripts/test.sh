#!/usr/bin/env bash
# The README's test command: install what is missing, build, run the suite.
#
# Two steps, each running the test binaries $JOBS (default: the cores) at a time:
#   1. the tests that need nothing beyond the sources (what ctest runs);
#   2. the tests that compare with Python peers ([peers]: /usr/bin/python3 with
#      the modules the tests import), read the shared data ([data]: the
#      EMBKIT_SHARED_DATA the build was configured with, ../shared/data) or
#      run a browser ([browser]: chromium, headless) or run embkit under
#      `mpirun -np 2` ([mpi]: a build with MPI, and mpirun), each kind only
#      when it is there;
#   3. the Python module's tests (python/tests, pytest), when the module was
#      built; they skip, with the reason printed, what needs absent data or peers.
# [large] tests (big generated inputs, whole datasets) are not run; run them by
# hand, e.g. build/tests/test_core '[large]'. The closing lines say how many
# test cases were skipped and why; the last one is the summary CI reads:
#   tests: N passed, N failed, N skipped
# Logs: $BUILD/test-logs/. Exit status 0 when no test failed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
source scripts/test_lib.sh
bash scripts/setup.sh
BUILD=$(cd "${EMBKIT_BUILD_DIR:-build}" && pwd)
JOBS=${JOBS:-$(nproc)}
LOGS=$BUILD/test-logs
rm -rf "$LOGS"
mkdir -p "$LOGS"
export EMBKIT_BINARY=$BUILD/embkit
mapfile -t binaries < <(test_binaries "$ROOT")

# Every dependency is checked once, here.
missing=$(missing_peers "$ROOT" | paste -sd ' ' -)
data=$(realpath -m "$(shared_data_dir "$BUILD")")
have_data=0
[ -d "$data" ] && have_data=1
no_browser=$(missing_programs "$ROOT" | paste -sd ' ' -)
no_mpi=$(missing_mpi "$BUILD")
# The second step: the tests of each kind that is there, less those that also
# need a kind that is not.
absent=''
[ -n "$missing" ] && absent+='~[peers]'
[ $have_data -eq 0 ] && absent+='~[data]'
[ -n "$no_browser" ] && absent+='~[browser]'
[ -n "$no_mpi" ] && absent+='~[mpi]'
deps=''
[ -z "$missing" ] && deps+="[peers]~[large]$absent"
[ $have_data -eq 1 ] && deps+="${deps:+,}[data]~[large]$absent"
[ -z "$no_browser" ] && deps+="${deps:+,}[browser]~[large]$absent"
[ -z "$no_mpi" ] && deps+="${deps:+,}[mpi]~[large]$absent"

echo "test: [peers] $([ -z "$missing" ] && echo "run: /usr/bin/python3 has every module they import" ||
                      echo "skipped: /usr/bin/python3 cannot import $missing")"
echo "test: [data] $([ $have_data -eq 1 ] && echo "run: $data" || echo "skipped: $data is absent")"
echo "test: [browser] $([ -z "$no_browser" ] && echo "run: chromium headless" || echo "skipped: not on PATH: $no_browser")"
echo "test: [mpi] $([ -z "$no_mpi" ] && echo "run: mpirun -np 2 --oversubscribe" || echo "skipped: $no_mpi")"
passed=0
failed=0

# run_step NAME FILTER: runs the test cases FILTER selects in every binary
# that has some, prints a line per binary (and the log's tail on a failure),
# and adds to the totals.
run_step() {
  local step=$1 filter=$2 name n t0
  local selected=()
  echo "test: $step ($filter)"
  for name in "${binaries[@]}"; do
    n=$(case_count "$BUILD/tests/$name" "$filter")
    if [ "$n" -gt 0 ]; then
      selected+=("$name")
      echo "$n" >"$LOGS/$name.$step.selected"
    fi
  done
  for name in "${selected[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n || true; done
    (
      t0=$(date +%s)
      set +e
      "$BUILD/tests/$name" "$filter" >"$LOGS/$name.$step.log" 2>&1
      echo "$? $(( $(date +%s) - t0 ))" >"$LOGS/$name.$step.status"
    ) &
  done
  wait
  for name in "${selected[@]}"; do
    local log=$LOGS/$name.$step.log code seconds p f
    read -r code seconds <"$LOGS/$name.$step.status"
    read -r p f < <(catch_totals "$log" "$(cat "$LOGS/$name.$step.selected")")
    if [ "$code" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi  # failed outside any test case
    passed=$((passed + p))
    failed=$((failed + f))
    printf '  %-20s %4d passed %3d failed %5ss\n' "$name" "$p" "$f" "$seconds"
    if [ "$f" -gt 0 ]; then
      tail -60 "$log" | sed 's/^/    /'
      echo "    (whole log: $log)"
    fi
  done
}

# count_cases FILTER: test cases FILTER selects over all binaries.
count_cases() {
  local name total=0
  for name in "${binaries[@]}"; do total=$((total + $(case_count "$BUILD/tests/$name" "$1"))); done
  echo $total
}

# python_step: the Python module's tests (python/tests, pytest) against the
# module in $BUILD/python, with the same shared data; pytest's own skips
# (shared data, scikit-learn, gensim absent) are listed with their reasons.
python_skipped=0
python_absent=''
python_step() {
  local log=$LOGS/python.log summary p f e s
  if [ ! -d "$BUILD/python/embkit" ]; then
    python_absent="the module was not built (EMBKIT_PYTHON is OFF: pybind11 missing?)"
    return
  fi
  if ! /usr/bin/python3 -c 'import pytest, numpy, scipy' >/dev/null 2>&1; then
    python_absent="/usr/bin/python3 cannot import pytest, numpy or scipy"
    return
  fi
  echo "test: python (python3 -m pytest python/tests)"
  set +e
  EMBKIT_PYTHON_DIR=$BUILD/python EMBKIT_SHARED_DATA=$data \
    /usr/bin/python3 -m pytest python/tests -q -rs -p no:cacheprovider >"$log" 2>&1
  set -e
  summary=$(grep -E '^=* ?[0-9]+ (passed|failed|skipped|error)' "$log" | tail -1)
  p=$(echo "$summary" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+' || echo 0)
  f=$(echo "$summary" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+' || echo 0)
  e=$(echo "$summary" | grep -oE '[0-9]+ errors?' | grep -oE '[0-9]+' || echo 0)
  s=$(echo "$summary" | grep -oE '[0-9]+ skipped' | grep -oE '[0-9]+' || echo 0)
  [ -z "$summary" ] && f=1  # pytest did not get to its summary
  passed=$((passed + p))
  failed=$((failed + f + e))
  python_skipped=$s
  printf '  %-20s %4d passed %3d failed\n' "pytest" "$p" "$((f + e))"
  grep -E '^SKIPPED' "$log" | sed 's/^/    /' || true
  if [ $((f + e)) -gt 0 ]; then
    tail -60 "$log" | sed 's/^/    /'
    echo "    (whole log: $log)"
  fi
}

start=$(date +%s)
run_step self-contained '~[large]~[peers]~[data]~[browser]~[mpi]'
if [ -n "$deps" ]; then run_step dependencies "$deps"; fi
python_step

skipped_large=$(count_cases '[large]')
skipped_peers=0
skipped_data=0
skipped_browser=0
skipped_mpi=0
[ -n "$no_mpi" ] && skipped_mpi=$(count_cases '[mpi]~[large]')
[ -n "$no_browser" ] && skipped_browser=$(count_cases '[browser]~[peers]~[data]~[large]')
[ -n "$missing" ] && skipped_peers=$(count_cases '[peers]~[large]')
if [ $have_data -eq 0 ]; then
  if [ -n "$missing" ]; then skipped_data=$(count_cases '[data]~[peers]~[large]'); else skipped_data=$(count_cases '[data]~[large]'); fi
fi
echo "test: tests took $(( $(date +%s) - start ))s"
if [ -n "$missing" ]; then
  echo "test: skipped $skipped_peers [peers] test cases: /usr/bin/python3 cannot import $missing"
fi
if [ $have_data -eq 0 ]; then
  echo "test: skipped $skipped_data [data] test cases: $data is absent (EMBKIT_SHARED_DATA)"
fi
if [ -n "$no_browser" ]; then
  echo "test: skipped $skipped_browser [browser] test cases: not on PATH: $no_browser (scripts/setup.sh installs it)"
fi
if [ -n "$no_mpi" ]; then
  echo "test: skipped $skipped_mpi [mpi] test cases: $no_mpi"
fi
echo "test: skipped $skipped_large [large] test cases: not part of this run (by hand: $BUILD/tests/test_core '[large]')"
[ $python_skipped -gt 0 ] && echo "test: skipped $python_skipped Python test(s): the reasons are listed above"
[ -n "$python_absent" ] && echo "test: skipped the Python tests: $python_absent"
echo "tests: $passed passed, $failed failed, $((skipped_large + skipped_peers + skipped_data + skipped_browser + skipped_mpi + python_skipped)) skipped"
[ "$failed" -eq 0 ]
