#!/usr/bin/env bash
# Factorization benchmarks.
#   bench/factorization.sh recsys   MovieLens 100K, u1..u5: biased MF (SGD) test RMSE and
#                                   implicit ALS NDCG@10 vs the popularity baseline,
#                                   no recommender peer is installed here (Surprise, implicit),
#                                   so published figures are quoted for reference.
#   bench/factorization.sh words    wiki17m: PPMI-SVD (window 5, dim 300) and GloVe
#                                   (window 10, dim 100, x_max 100, 15 epochs), time, peak
#                                   RSS, WS353 / SimLex-999 / Google analogies (restrict 30000).
#   bench/factorization.sh glove    wiki17m: embkit glove against the reference GloVe
#                                   (github.com/stanfordnlp/GloVe: vocab_count, cooccur,
#                                   shuffle, glove) in the same run, same settings, for each
#                                   seed in SEEDS (default "1 2 3"); prints both rows, the
#                                   means and the time / memory ratios. The reference is not
#                                   a Debian package: name its source checkout (the folder
#                                   with its Makefile and src/) in GLOVE_SRC; the script
#                                   builds it with its own Makefile and prints its version
#                                   (git commit, else the sha256 of src/glove.c). BENCH_BYTES=N uses only
#                                   the corpus's first N bytes (a quick check of the script).
# Default: recsys and words. Skips cleanly when ../shared/data is absent.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data="$root/../shared/data"
embkit=${EMBKIT:-"$root/build/embkit"}
what=${1:-all}
[ -x "$embkit" ] || { echo "build embkit first (or set EMBKIT=path)" >&2; exit 1; }

recsys() {
  local d="$data/ratings/ml-100k"
  [ -f "$d/u1.base" ] || { echo "skipped: $d not found (corpora/download_movielens.sh)"; return; }
  printf "%-5s %10s %10s %12s %12s %8s %10s\n" fold sgd_rmse sgd_s/ep als_ndcg@10 pop_ndcg@10 ratio als_s/it
  local sr=0 an=0 pn=0
  for f in 1 2 3 4 5; do
    s=$("$embkit" mf --input "$d/u$f.base" --test "$d/u$f.test" --json -q)
    a=$("$embkit" mf --algo als --input "$d/u$f.base" --test "$d/u$f.test" --json -q)
    read -r rm se <<<"$(/usr/bin/python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(d["test_rmse"], d["seconds_per_epoch"])' "$s")"
    read -r nd pd si <<<"$(/usr/bin/python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(d["ndcg@10"], d["baseline"]["ndcg@10"], d["seconds_per_iteration"])' "$a")"
    printf "u%-4s %10.4f %10.4f %12.4f %12.4f %8.2f %10.4f\n" $f $rm $se $nd $pd "$(echo "$nd / $pd" | bc -l)" $si
    sr=$(echo "$sr + $rm / 5" | bc -l); an=$(echo "$an + $nd / 5" | bc -l); pn=$(echo "$pn + $pd / 5" | bc -l)
  done
  printf "mean  %10.4f %10s %12.4f %12.4f %8.2f   (targets: rmse <= 0.915, ratio >= 1.3; Surprise SVD 0.934, SVD++ 0.920)\n" $sr - $an $pn "$(echo "$an / $pn" | bc -l)"
}

score() {  # vectors → "ws353 simlex analogy"
  local v=$1 w="$data/wordsim"
  ws=$("$embkit" similarity -v "$v" --dataset "$w/EN-WS-353-ALL.txt" --json 2>/dev/null)
  sl=$("$embkit" similarity -v "$v" --dataset "$w/EN-SIMLEX-999.txt" --json 2>/dev/null)
  an=$("$embkit" analogy -v "$v" --questions "$data/analogy/questions-words.txt" --restrict 30000 --json -q 2>/dev/null)
  /usr/bin/python3 - "$ws" "$sl" "$an" <<'PY'
import json, sys
def find(d, key):
    if isinstance(d, dict):
        if key in d and not isinstance(d[key], (dict, list)): return d[key]
        for v in d.values():
            r = find(v, key)
            if r is not None: return r
    if isinstance(d, list):
        for v in d:
            r = find(v, key)
            if r is not None: return r
ws, sl, an = (json.loads(s) for s in sys.argv[1:])
print("%.3f %.3f %.3f" % (find(ws, "spearman"), find(sl, "spearman"), find(an, "total_accuracy")))
PY
}

words() {
  local c="$data/corpora/wiki17m.txt.xz"
  [ -f "$c" ] || { echo "skipped: $c not found"; return; }
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' RETURN
  xz -dc "$c" > "$tmp/wiki17m.txt"
  printf "%-34s %9s %9s %7s %7s %7s\n" run wall_s peak_MB ws353 simlex analogy
  run() {  # name, command...
    local name=$1; shift
    /usr/bin/time -f "%e %M" -o "$tmp/time" "$@" -q
    read -r wall kb < "$tmp/time"
    printf "%-34s %9.1f %9.0f %s\n" "$name" "$wall" "$((kb / 1024))" "$(score "$tmp/out.vec")"
  }
  run "ppmi w5 d300" "$embkit" ppmi -i "$tmp/wiki17m.txt" -o "$tmp/out.vec" --window 5 --dim 300 --threads 2
  run "glove w10 d100 xmax100 15ep" "$embkit" glove -i "$tmp/wiki17m.txt" -o "$tmp/out.vec" --window 10 --dim 100 --x-max 100 --epochs 15 --threads 2
  echo "reference GloVe (stanfordnlp, measured in issue 5, same settings): 688 s, 1.8 GB, WS353 0.423, SimLex 0.193, analogy 0.192"
}

# The reference pipeline as its demo.sh runs it (min-count 5, window 10,
# symmetric, 1/d weighting, memory 4.0), then glove with x_max 100, 15
# iterations, 100 dims, 2 threads, output W + W~ (-model 2). glove.c appends
# an averaged "<unk>" vector, which is dropped so both files hold the same words.
reference_glove() {  # seed corpus dir → "wall_s peak_kb"; writes dir/ref.vec
  local seed=$1 corpus=$2 dir=$3 wall=0 peak=0 w kb
  stage() {  # name stdin stdout command...
    local name=$1 in=$2 out=$3; shift 3
    /usr/bin/time -f "%e %M" -o "$dir/time.$name" "$@" < "$in" > "$out" 2> "$dir/$name.log" ||
      { echo "reference $name failed; see $dir/$name.log" >&2; tail -5 "$dir/$name.log" >&2; exit 1; }
    read -r w kb < "$dir/time.$name"
    wall=$(echo "$wall + $w" | bc -l)
    if [ "$kb" -gt "$peak" ]; then peak=$kb; fi
  }
  (cd "$dir" &&
    stage vocab_count "$corpus" vocab.txt "$GLOVE_REF/vocab_count" -min-count 5 -verbose 0 &&
    stage cooccur "$corpus" cooc.bin "$GLOVE_REF/cooccur" -memory 4.0 -vocab-file vocab.txt -verbose 0 \
      -window-size 10 -symmetric 1 -distance-weighting 1 &&
    stage shuffle cooc.bin shuf.bin "$GLOVE_REF/shuffle" -memory 4.0 -verbose 0 -seed "$seed" &&
    stage glove /dev/null /dev/null "$GLOVE_REF/glove" -save-file ref -threads 2 -input-file shuf.bin \
      -x-max 100 -iter 15 -vector-size 100 -binary 0 -model 2 -vocab-file vocab.txt -verbose 0 -seed "$seed" &&
    rm -f cooc.bin shuf.bin &&
    { echo "$(grep -vc '^<unk> ' ref.txt) 100"; grep -v '^<unk> ' ref.txt; } > ref.vec &&
    echo "$wall $peak")
}

glove_vs_reference() {
  local c="$data/corpora/wiki17m.txt.xz"
  [ -f "$c" ] || { echo "skipped: $c not found"; return; }
  [ -n "${GLOVE_SRC:-}" ] && [ -f "$GLOVE_SRC/Makefile" ] && [ -f "$GLOVE_SRC/src/glove.c" ] ||
    { echo "set GLOVE_SRC to the reference GloVe's source checkout (its Makefile and src/glove.c)" >&2; exit 1; }
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' RETURN
  cp -r "$GLOVE_SRC" "$tmp/glove-src" && rm -rf "$tmp/glove-src/build"
  make -s -C "$tmp/glove-src" >/dev/null || { echo "building the reference GloVe failed" >&2; exit 1; }
  GLOVE_REF="$tmp/glove-src/build"
  local version
  version=$(git -C "$GLOVE_SRC" rev-parse --short=12 HEAD 2>/dev/null || true)
  echo "reference GloVe: ${version:+commit $version, }src/glove.c sha256 $(sha256sum "$GLOVE_SRC/src/glove.c" | cut -c1-12), built with its Makefile"
  if [ -n "${BENCH_BYTES:-}" ]; then  # a quick check of the script on a prefix
    { xz -dc "$c" || true; } | head -c "$BENCH_BYTES" | sed 's/ [a-z]*$//' > "$tmp/wiki17m.txt"
  else
    xz -dc "$c" > "$tmp/wiki17m.txt"
  fi
  echo "GloVe, window 10, dim 100, x_max 100, 15 iterations, 2 threads; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
  printf "%-22s %9s %9s %7s %7s %7s\n" run wall_s peak_MB ws353 simlex analogy | tee "$tmp/rows"
  for seed in ${SEEDS:-1 2 3}; do
    /usr/bin/time -f "%e %M" -o "$tmp/time" "$embkit" glove -i "$tmp/wiki17m.txt" -o "$tmp/out.vec" --window 10 \
      --dim 100 --x-max 100 --epochs 15 --threads 2 --seed "$seed" -q
    read -r wall kb < "$tmp/time"
    printf "%-22s %9.1f %9.0f %s\n" "embkit seed $seed" "$wall" "$((kb / 1024))" "$(score "$tmp/out.vec")" | tee -a "$tmp/rows"
    read -r wall kb <<<"$(reference_glove "$seed" "$tmp/wiki17m.txt" "$tmp")"
    [ -n "$kb" ] || exit 1
    printf "%-22s %9.1f %9.0f %s\n" "reference seed $seed" "$wall" "$((kb / 1024))" "$(score "$tmp/ref.vec")" | tee -a "$tmp/rows"
  done
  awk '
    NR > 1 { k = $1; n[k]++; for (i = 4; i <= 8; i++) s[k, i] += $i
             if (!(k in best) || $4 < best[k]) best[k] = $4 }
    END {
      for (k in n) printf "%-22s %9.1f %9.0f %7.3f %7.3f %7.3f\n", "mean " k " (" n[k] ")", s[k,4]/n[k], s[k,5]/n[k], s[k,6]/n[k], s[k,7]/n[k], s[k,8]/n[k]
      # Time: best of the seeds on each side (best-of-N); quality: the means.
      printf "embkit / reference: best wall %.2fx, peak memory %.2fx; quality difference %+.3f / %+.3f / %+.3f\n",
        best["embkit"]/best["reference"], s["embkit",5]/s["reference",5],
        (s["embkit",6]-s["reference",6])/n["embkit"], (s["embkit",7]-s["reference",7])/n["embkit"], (s["embkit",8]-s["reference",8])/n["embkit"]
    }' "$tmp/rows"
}

case $what in
  recsys) recsys ;;
  words) words ;;
  glove) glove_vs_reference ;;
  all) recsys; words ;;
  *) echo "usage: $0 [recsys|words|glove|all]" >&2; exit 2 ;;
esac
