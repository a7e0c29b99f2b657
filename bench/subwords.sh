#!/usr/bin/env bash
# Benchmark: embkit word2vec --subwords 3-6 against fastText's subword model
# (fasttext skipgram/cbow -minn 3 -maxn 6, Debian's fasttext), and embkit
# without subwords, in the same run, alternating, on wiki17m. Called by
# bench/word2vec.sh (SUBWORDS=0 skips it); runs on its own too.
#
#   bench/subwords.sh [path/to/embkit]
# Environment:
#   BENCH_BYTES   use only the first N bytes of wiki17m (default: all, ~17M words)
#   SEEDS         seeds (default "1 2 3"; quality is the mean, time the best)
#   MODELS        "skipgram cbow" (default)
# Settings (issue 23): dim 100, window 5, negative 5, sample 1e-4, min-count 5,
# 5 epochs, 2 threads; n-grams 3-6 in 2,000,000 buckets; learning rate 0.05 for
# both models on both sides, fastText's default (-lr not given to fastText,
# embkit's --subwords default); embkit without subwords at its own defaults
# (0.025 skip-gram, 0.05 CBOW). Everything else at each tool's defaults (fastText
# draws noise words ∝ count^0.5, embkit ∝ count^0.75).
# Scores use embkit's own evaluator: Spearman ρ on WS353 and SimLex-999 over
# the pairs whose words are in the .vec file, 3CosAdd analogy accuracy over
# the 30,000 most frequent words; then ρ with every pair covered: each side's
# vectors for all the datasets' words from its model (embkit vectors
# --load-model, fasttext print-word-vectors), unseen words included.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DATA="$ROOT/../shared/data"
EMBKIT=${1:-$ROOT/build/embkit}
SEEDS=${SEEDS:-"1 2 3"}
MODELS=${MODELS:-"skipgram cbow"}
PY=/usr/bin/python3

if [ ! -f "$DATA/corpora/wiki17m.txt.xz" ]; then echo "skipped: $DATA/corpora/wiki17m.txt.xz not found"; exit 0; fi
command -v fasttext > /dev/null || { echo "skipped: fasttext not installed (apt-get install fasttext)"; exit 0; }
[ -x "$EMBKIT" ] || { echo "embkit binary not found: $EMBKIT (build it, or pass its path)" >&2; exit 1; }
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT

if [ -n "${BENCH_BYTES:-}" ]; then
  # Cut at a word boundary so no partial word enters the vocabulary.
  { xz -dc "$DATA/corpora/wiki17m.txt.xz" || true; } | head -c "$BENCH_BYTES" | sed 's/ [a-z]*$//' > "$TMP/corpus.txt"
else
  xz -dc "$DATA/corpora/wiki17m.txt.xz" > "$TMP/corpus.txt"
fi
WS="$DATA/wordsim/EN-WS-353-ALL.txt"
SL="$DATA/wordsim/EN-SIMLEX-999.txt"
AN="$DATA/analogy/questions-words.txt"
# Every word of the similarity sets, for the every-pair-covered scores.
cut -f1,2 "$WS" "$SL" | tr '\t' '\n' | sort -u > "$TMP/words.txt"
echo "subwords: corpus $(wc -w < "$TMP/corpus.txt") words; seeds: $SEEDS; $(nproc) cores;" \
     "load at start $(cut -d' ' -f1-3 /proc/loadavg); $(dpkg-query -W -f='fasttext ${Version}' fasttext 2>/dev/null || true)"

timed() {  # timed NAME cmd...  → appends "NAME wall_s rss_mb" to $TMP/times
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$TMP/t" "$@" > "$TMP/log.$name" 2>&1 || { echo "$name failed:"; cat "$TMP/log.$name"; exit 1; }
  read -r wall rss < <(tail -1 "$TMP/t")
  echo "$name $wall $((rss / 1024))" >> "$TMP/times"
}

common_embkit=(--dim 100 --window 5 --negative 5 --sample 1e-4 --min-count 5 --epochs 5 --threads 2 --quiet)
: > "$TMP/times"
for model in $MODELS; do
  for seed in $SEEDS; do
    timed "embkit_subwords-$model-$seed" "$EMBKIT" word2vec --input "$TMP/corpus.txt" --model $model \
      --subwords 3-6 --seed $seed "${common_embkit[@]}" \
      --output "$TMP/embkit_subwords-$model-$seed.vec" --save-model "$TMP/embkit_subwords-$model-$seed.model"
    timed "fasttext-$model-$seed" fasttext $model -input "$TMP/corpus.txt" -output "$TMP/fasttext-$model-$seed" \
      -dim 100 -ws 5 -neg 5 -t 1e-4 -minCount 5 -epoch 5 -thread 2 -minn 3 -maxn 6 -bucket 2000000 \
      -seed $seed -verbose 0
    timed "embkit_plain-$model-$seed" "$EMBKIT" word2vec --input "$TMP/corpus.txt" --model $model --seed $seed \
      "${common_embkit[@]}" --output "$TMP/embkit_plain-$model-$seed.vec"
    echo "  $model seed $seed done; load $(cut -d' ' -f1-3 /proc/loadavg)"
  done
done
echo "load at end $(cut -d' ' -f1-3 /proc/loadavg)"

similarity() {  # similarity VECTORS → "ws353 simlex"
  "$EMBKIT" similarity --vectors "$1" --dataset "$WS" "$SL" --json --quiet |
    $PY -c 'import json,sys; d=json.load(sys.stdin)["datasets"]; print(" ".join("%.4f" % x["spearman"] for x in d))'
}
while read -r name wall rss; do
  vec="$TMP/$name.vec"
  read -r ws sl < <(similarity "$vec")
  an=$("$EMBKIT" analogy --vectors "$vec" --questions "$AN" --restrict 30000 --json --quiet |
       $PY -c 'import json,sys; print("%.4f" % json.load(sys.stdin)["total_accuracy"])')
  full="- -"
  case $name in
    embkit_subwords-*) "$EMBKIT" vectors --load-model "$TMP/$name.model" --words "$TMP/words.txt" > "$TMP/$name.all.txt"
                       full=$(similarity "$TMP/$name.all.txt") ;;
    fasttext-*) fasttext print-word-vectors "$TMP/$name.bin" < "$TMP/words.txt" > "$TMP/$name.all.txt"
                full=$(similarity "$TMP/$name.all.txt") ;;
  esac
  echo "$name $wall $rss $ws $sl $an $full"
done < "$TMP/times" > "$TMP/results"

$PY "$ROOT/bench/seed_table.py" "$TMP/results" --reference fasttext --ratio-title "time / fastText's" \
  --scores "WS353 ρ,SimLex ρ,analogy,WS353 ρ all pairs,SimLex ρ all pairs" \
  --note "time / fastText's = the run's best wall time / fastText's best (same model); issue 23's target is <= 0.5x"
