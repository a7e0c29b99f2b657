# Shared by scripts/test.sh and scripts/sanitize.sh (sourced, not run): the
# test binaries, what the [peers], [data] and [browser] tests need, and counting
# Catch2 test cases. Tags (tests/support/test_util.h): [peers] tests run Python
# peers with /usr/bin/python3, [data] tests read ../shared/data, [browser] tests
# run chromium headless, [mpi] tests run embkit under `mpirun -np 2`
# (tests/distributed), [large] tests take big generated inputs or whole
# datasets and are not part of the default run.

# test_binaries ROOT [FOLDER...]: one name per tests/ folder holding .cc files,
# as tests/CMakeLists.txt makes them (fuzz, support and consumer hold none), except the
# folders given.
test_binaries() {
  local root=$1 dir name
  shift
  for dir in "$root"/tests/*/; do
    name=$(basename "$dir")
    case " fuzz support consumer $* " in *" $name "*) continue ;; esac
    if compgen -G "$dir*.cc" >/dev/null; then echo "test_$name"; fi
  done
}

# missing_peers ROOT: the Python modules the [peers] tests import (the names
# their require_python_modules({...}) calls list) that /usr/bin/python3 cannot
# import, one per line.
missing_peers() {
  local module
  for module in $(grep -rhoE 'require_python_modules\(\{[^}]*\}' "$1/tests" |
                  grep -oE '"[A-Za-z0-9_.]+"' | tr -d '"' | sort -u); do
    /usr/bin/python3 -c "import $module" >/dev/null 2>&1 || echo "$module"
  done
}

# missing_programs ROOT: the programs the [browser] tests run (the names their
# require_programs({...}) calls list) that are not on PATH, one per line.
missing_programs() {
  local program
  for program in $(grep -rhoE 'require_programs\(\{[^}]*\}' "$1/tests" |
                   grep -oE '"[A-Za-z0-9_.+-]+"' | tr -d '"' | sort -u); do
    command -v "$program" >/dev/null 2>&1 || echo "$program"
  done
}

# missing_mpi BUILD: why the [mpi] tests cannot run, or nothing when they can:
# they need a build with MPI (its module libembkit_mpi.so beside embkit) and
# Open MPI's mpirun on PATH.
missing_mpi() {
  if [ ! -f "$1/libembkit_mpi.so" ]; then
    echo "the build has no MPI (EMBKIT_MPI is OFF: libopenmpi-dev missing?)"
  elif ! command -v mpirun >/dev/null 2>&1; then
    echo "mpirun is not on PATH (openmpi-bin)"
  fi
}

# shared_data_dir BUILD: the shared data directory the tests were built with.
shared_data_dir() {
  sed -n 's/^EMBKIT_SHARED_DATA:[A-Z]*=//p' "$1/CMakeCache.txt"
}

# case_count BINARY FILTER: how many test cases the Catch2 filter selects.
case_count() {
  "$1" --list-test-names-only "$2" 2>/dev/null | grep -c . || true
}

# catch_totals LOG SELECTED: "PASSED FAILED" test cases from the summary that
# Catch2's console reporter ends LOG with. A run that ended without one (it
# crashed) counts all its SELECTED test cases as failed.
catch_totals() {
  local line passed=0 failed=0
  line=$(grep -E '^(All tests passed|test cases:)' "$1" | tail -1 || true)
  if [[ $line =~ in\ ([0-9]+)\ test\ cases?\)$ ]]; then
    passed=${BASH_REMATCH[1]}
  elif [[ $line == "test cases:"* ]]; then
    if [[ $line =~ \|\ *([0-9]+)\ passed ]]; then passed=${BASH_REMATCH[1]}; fi
    if [[ $line =~ \|\ *([0-9]+)\ failed( \||$) ]]; then failed=${BASH_REMATCH[1]}; fi
    if [[ $line =~ \|\ *([0-9]+)\ failed\ as\ expected ]]; then passed=$((passed + BASH_REMATCH[1])); fi
  else
    failed=$2
  fi
  echo "$passed $failed"
}
