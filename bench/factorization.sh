#!/usr/bin/env bash
# Factorization benchmarks.
#   bench/factorization.sh recsys   MovieLens 100K, u1..u5: biased MF (SGD) test RMSE and
#                                   implicit ALS NDCG@10 vs the popularity baseline,
#                                   no recommender peer is installed here (Surprise, implicit),
#                                   so published figures are quoted for reference.
#   bench/factorization.sh words    wiki17m: PPMI-SVD (window 5, dim 300) and GloVe
#                                   (window 10, dim 100, x_max 100, 15 epochs), time, peak
#                                   RSS, WS353 / SimLex-999 / Google analogies (restrict 30000).
# Default: both. Skips cleanly when ../shared/data is absent.
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
    s=$("$embkit" mf --train "$d/u$f.base" --test "$d/u$f.test" --json -q)
    a=$("$embkit" mf --algo als --train "$d/u$f.base" --test "$d/u$f.test" --json -q)
    read -r rm se <<<"$(/usr/bin/python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(d["test_rmse"], d["seconds_per_epoch"])' "$s")"
    read -r nd pd si <<<"$(/usr/bin/python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(d["ndcg@10"], d["baseline"]["ndcg@10"], d["seconds_per_iteration"])' "$a")"
    printf "u%-4s %10.4f %10.4f %12.4f %12.4f %8.2f %10.4f\n" $f $rm $se $nd $pd "$(echo "$nd / $pd" | bc -l)" $si
    sr=$(echo "$sr + $rm / 5" | bc -l); an=$(echo "$an + $nd / 5" | bc -l); pn=$(echo "$pn + $pd / 5" | bc -l)
  done
  printf "mean  %10.4f %10s %12.4f %12.4f %8.2f   (targets: rmse <= 0.915, ratio >= 1.3; Surprise SVD 0.934, SVD++ 0.920)\n" $sr - $an $pn "$(echo "$an / $pn" | bc -l)"
}

score() {  # vectors → "ws353 simlex analogy"
  local v=$1 w="$data/wordsim"
  ws=$("$embkit" similarity -v "$v" -d "$w/EN-WS-353-ALL.txt" --json 2>/dev/null)
  sl=$("$embkit" similarity -v "$v" -d "$w/EN-SIMLEX-999.txt" --json 2>/dev/null)
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

case $what in
  recsys) recsys ;;
  words) words ;;
  all) recsys; words ;;
  *) echo "usage: $0 [recsys|words|all]" >&2; exit 2 ;;
esac
