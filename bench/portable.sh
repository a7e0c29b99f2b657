#!/usr/bin/env bash
# The portable build against a native one, in one run on the same inputs.
#
# The default build targets baseline x86-64 and picks AVX2 or AVX-512 kernels
# at run time (src/core/simd.h); -DEMBKIT_NATIVE=ON compiles everything with
# -march=native. This times both on the workloads whose speed the kernels
# decide: word2vec skip-gram and CBOW on wiki17m, exact k-NN and HNSW
# queries/s on the wiki17m skip-gram vectors (the ones bench/knn.sh caches),
# and GloVe on the first 20M bytes of wiki17m ("kernels"); and the commands
# whose time goes to the dense kernels of src/core/dense.h ("dense"): svd and
# lsa on R8's TF-IDF matrix (k = 100), pca of R8's 300-dimensional LSA term
# vectors as a CSV table (k = 50), mf --algo als on MovieLens 100K (u1.base),
# and analogy --method 3cosmul (the 10,000 most frequent words) on the wiki17m
# skip-gram vectors. Runs alternate
# between the two builds and each keeps its best of REPEAT, which filters out
# other processes on a shared machine. Prints portable/native ratios of wall
# time (1.00 = as fast) and, for the dense rows, of CPU time (user + system,
# less disturbed by the load).
#
#   bench/portable.sh [all|kernels|dense]   (default all)
# Env: PORTABLE (build/embkit), NATIVE (build-native/embkit; configured and
#      built here when missing), REPEAT (3), THREADS (2), W2V_EPOCHS (5),
#      KNN_CACHE (/tmp/knnbench, shared with bench/knn.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA="$ROOT/../shared/data"
PORTABLE="${PORTABLE:-$ROOT/build/embkit}"
NATIVE="${NATIVE:-$ROOT/build-native/embkit}"
WHAT="${1:-all}"
case "$WHAT" in all|kernels|dense) ;; *) echo "usage: bench/portable.sh [all|kernels|dense]" >&2; exit 2;; esac
REPEAT="${REPEAT:-3}"
THREADS="${THREADS:-2}"
W2V_EPOCHS="${W2V_EPOCHS:-5}"
CACHE="${KNN_CACHE:-/tmp/knnbench}"
export OMP_WAIT_POLICY=PASSIVE

[ -x "$PORTABLE" ] || { echo "portable.sh: build embkit first ($PORTABLE not found)"; exit 1; }
if [ ! -x "$NATIVE" ]; then
  echo "portable.sh: building the native comparison in $(dirname "$NATIVE")" >&2
  cmake -S "$ROOT" -B "$(dirname "$NATIVE")" -DCMAKE_BUILD_TYPE=Release -DEMBKIT_NATIVE=ON \
    -DEMBKIT_BUILD_TESTS=OFF >/dev/null
  cmake --build "$(dirname "$NATIVE")" -j2 --target embkit >/dev/null
fi
XZ="$DATA/corpora/wiki17m.txt.xz"
[ -f "$XZ" ] || { echo "portable.sh: skipped ($XZ absent)"; exit 0; }
echo "portable: $("$PORTABLE" --version | tr '\n' ' ')"
echo "native:   $("$NATIVE" --version | tr '\n' ' ')"
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# best NAME SECONDS: keeps the smallest time per name.
declare -A BEST
best() { if [ -z "${BEST[$1]:-}" ] || awk "BEGIN{exit !($2 < ${BEST[$1]})}"; then BEST[$1]=$2; fi; }
# timed NAME COMMAND...: wall seconds of COMMAND into BEST[NAME], its CPU
# seconds (user + system) into BEST[NAME cpu].
timed() {
  local name=$1 start end cpu; shift
  start=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o "$WORK/time" "$@" >/dev/null
  end=$(date +%s.%N)
  cpu=$(awk '{print $1 + $2}' "$WORK/time")
  echo "  $name: $(awk "BEGIN{printf \"%.3f\", $end - $start}") s, cpu $cpu s (load $(cut -d' ' -f1 /proc/loadavg))" >&2
  best "$name" "$(awk "BEGIN{print $end - $start}")"
  best "$name cpu" "$cpu"
}
# table WORKLOAD...: one row per workload, portable against native.
table() {
  printf '\n| workload | portable s | native s | portable / native | cpu portable / native |\n|---|---|---|---|---|\n'
  for w in "$@"; do
    local p=${BEST[portable $w]} n=${BEST[native $w]} pc=${BEST[portable $w cpu]:-} nc=${BEST[native $w cpu]:-}
    awk -v w="$w" -v p="$p" -v n="$n" -v pc="$pc" -v nc="$nc" \
      'BEGIN{printf "| %s | %.3f | %.3f | %.3f | %s |\n", w, p, n, p / n, (nc > 0 ? sprintf("%.3f", pc / nc) : "")}'
  done
}

VECTORS="$CACHE/wiki17m-sg.bin"
if [ "$WHAT" != dense ] || [ ! -s "$VECTORS" ]; then
  xz -dc "$XZ" > "$WORK/corpus.txt"
  head -c 20000000 "$WORK/corpus.txt" | sed 's/ [a-z]*$//' > "$WORK/small.txt"
fi
if [ ! -s "$VECTORS" ]; then
  mkdir -p "$CACHE"
  "$NATIVE" word2vec --input "$WORK/corpus.txt" --output "$CACHE/wiki17m-sg.tmp.bin" --model skipgram --dim 100 \
    --epochs 5 --min-count 5 --threads "$THREADS" --seed 1 --quiet
  mv "$CACHE/wiki17m-sg.tmp.bin" "$VECTORS"
fi
"$PORTABLE" convert -i "$VECTORS" -o "$WORK/vecs.npy" --normalize --quiet

# The dense workloads' inputs: R8's TF-IDF matrix (5,486 × 19,956), its
# 300-dimensional LSA term vectors as a numeric CSV table, MovieLens 100K.
R8="$DATA/docs/r8-train-all-terms.txt"
ML="$DATA/ratings/ml-100k/u1.base"
QUESTIONS="$DATA/analogy/questions-words.txt"
if [ "$WHAT" != kernels ]; then
  "$PORTABLE" tfidf --input "$R8" --output "$WORK/r8.npz" --quiet
  "$PORTABLE" lsa --input "$R8" --dim 300 --output-docs "$WORK/r8-docs.vec" --output-terms "$WORK/r8-terms.vec" \
    --threads "$THREADS" --quiet
  awk 'NR > 1 { $1 = ""; sub(/^ /, ""); gsub(/ /, ","); print }' "$WORK/r8-terms.vec" > "$WORK/r8-terms.csv"
fi

for round in $(seq "$REPEAT"); do
  for build in portable native; do
    bin=$PORTABLE; [ $build = native ] && bin=$NATIVE
    if [ "$WHAT" != dense ]; then
      for model in skipgram cbow; do
        timed "$build word2vec $model" "$bin" word2vec --input "$WORK/corpus.txt" --output "$WORK/$build.bin" \
          --model $model --dim 100 --window 5 --negative 5 --sample 1e-4 --min-count 5 --epochs "$W2V_EPOCHS" \
          --threads "$THREADS" --seed 1 --quiet
      done
      timed "$build glove" "$bin" glove --input "$WORK/small.txt" --output "$WORK/$build-glove.bin" --dim 100 \
        --epochs 10 --min-count 5 --threads "$THREADS" --seed 1 --quiet
      # ann-bench times its exact ground truth and the HNSW search (each the best
      # of its --repeat); q/s → seconds per 2,000 queries.
      "$bin" ann-bench --vectors "$WORK/vecs.npy" --index hnsw --queries 2000 --k 10 --metric cosine \
        --threads "$THREADS" --repeat 3 --json --quiet > "$WORK/ann.json"
      for index in exact hnsw; do
        qps=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["exact"]["qps"] if sys.argv[2] == "exact" else r["results"][0]["qps"])' "$WORK/ann.json" $index)
        echo "  $build $index: $qps q/s" >&2
        best "$build $index" "$(awk "BEGIN{print 2000 / $qps}")"
      done
    fi
    if [ "$WHAT" != kernels ]; then
      timed "$build svd" "$bin" svd --input "$WORK/r8.npz" --dim 100 --output-s "$WORK/$build-s.txt" \
        --threads "$THREADS" --quiet
      timed "$build lsa" "$bin" lsa --input "$R8" --dim 100 --output-docs "$WORK/$build-lsa.vec" \
        --threads "$THREADS" --quiet
      timed "$build pca" "$bin" pca --input "$WORK/r8-terms.csv" --dim 50 --output "$WORK/$build-pca.npy" \
        --threads "$THREADS" --quiet
      timed "$build mf als" "$bin" mf --algo als --input "$ML" --test "${ML%.base}.test" \
        --output-users "$WORK/$build-users.vec" --threads "$THREADS" --quiet
      timed "$build analogy 3cosmul" "$bin" analogy --vectors "$VECTORS" --questions "$QUESTIONS" --method 3cosmul \
        --restrict 10000 \
        --threads "$THREADS" --quiet
    fi
  done
done

if [ "$WHAT" != dense ]; then
  table "word2vec skipgram" "word2vec cbow" "glove" "exact" "hnsw"
  echo "(exact and hnsw: seconds per 2,000 queries, from ann-bench's q/s; best of $REPEAT rounds each)"
fi
if [ "$WHAT" != kernels ]; then
  table "svd" "lsa" "pca" "mf als" "analogy 3cosmul"
  echo "(best of $REPEAT rounds each; CPU time = user + system)"
fi
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "command: REPEAT=$REPEAT THREADS=$THREADS W2V_EPOCHS=$W2V_EPOCHS bench/portable.sh $WHAT"
