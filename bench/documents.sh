#!/usr/bin/env bash
# Document vectors on R8 (../shared/data/docs): embkit doc2vec against gensim
# 4.2's Doc2Vec with the same settings (dim 100, 20 epochs, min-count 2,
# 2 threads; gensim's other defaults, which are embkit's), PV-DBOW (dm=0) and
# PV-DM (dm=1). Both train on the training and test texts together
# (unsupervised) and are scored by the same `embkit classify --features doc:…`
# (k = 5, cosine); accuracy is the mean over SEEDS (3) seeds, time the best
# wall time over those runs (training only for gensim; reading, training and
# writing for embkit). TF-IDF and LSA rows give the count-based side; given
# word vectors WORDS (e.g. skip-gram vectors of wiki17m) and optionally their
# corpus's counts COUNTS (embkit vocab), SIF rows (p(w) from the documents, and
# from COUNTS as the paper does) beside the mean of the word vectors. Report the
# load (uptime) with the figures.
#   EMBKIT=build/embkit bash bench/documents.sh [WORDS.vec [COUNTS.tsv]]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
EMBKIT="${EMBKIT:-$ROOT/build/embkit}"
SEEDS="${SEEDS:-3}"
D="$ROOT/../shared/data/docs"
WORDS="${1:-}" COUNTS="${2:-}"
source "$ROOT/bench/peers.sh"
[ -f "$D/r8-train-all-terms.txt" ] || { echo "skipped: $D not found"; exit 0; }
$PY -c 'import gensim' 2>/dev/null || { echo "skipped: $PY lacks gensim"; exit 0; }
peer_versions
uptime
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
TRAIN="$D/r8-train-all-terms.txt" TEST="$D/r8-test-all-terms.txt"
# One file, training documents first: the row order classify's doc:VECTORS expects.
cat "$TRAIN" > "$TMP/all.tsv"; tail -n +2 "$TEST" >> "$TMP/all.tsv"
cat > "$TMP/gensim_doc2vec.py" <<'PY'
import sys, time
from gensim.models.doc2vec import Doc2Vec, TaggedDocument
path, out, dm, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
docs = []
with open(path, encoding="utf-8") as f:
    next(f)  # header
    for line in f:
        if line.strip():
            docs.append(TaggedDocument(line.rstrip("\n").split("\t", 1)[1].split(), [len(docs)]))
t = time.perf_counter()
model = Doc2Vec(docs, dm=dm, vector_size=100, epochs=20, min_count=2, workers=2, seed=seed)
seconds = time.perf_counter() - t
with open(out, "w") as f:
    f.write(f"{len(docs)} 100\n")
    for i in range(len(docs)):
        f.write(f"doc{i} " + " ".join(f"{x:.7g}" for x in model.dv[i]) + "\n")
print(f"{seconds:.3f}")
PY
accuracy() {  # accuracy of classify on FEATURES
  "$EMBKIT" classify --train "$TRAIN" --test "$TEST" --features "$1" --json -q |
    $PY -c 'import json, sys; print("%.4f" % json.load(sys.stdin)["accuracy"])'
}
printf '| method | tool | accuracy (mean of %s seeds) | best wall time (s) |\n|---|---|---|---|\n' "$SEEDS"
for mode in dbow dm; do
  dm=$([ $mode = dm ] && echo 1 || echo 0)
  e_acc="" g_acc="" e_best=1e9 g_best=1e9
  for ((s = 1; s <= SEEDS; s++)); do
    /usr/bin/time -f "%e" -o "$TMP/t" "$EMBKIT" doc2vec --input "$TMP/all.tsv" --output "$TMP/e.vec" --mode $mode \
      --dim 100 --epochs 20 --min-count 2 --threads 2 --seed $s -q
    e_best=$(awk -v t="$(tail -1 "$TMP/t")" -v m="$e_best" 'BEGIN { print (t < m) ? t : m }')
    e_acc="$e_acc $(accuracy "doc:$TMP/e.vec")"
    g_s=$($PY "$TMP/gensim_doc2vec.py" "$TMP/all.tsv" "$TMP/g.vec" $dm $s)
    g_best=$(awk -v t="$g_s" -v m="$g_best" 'BEGIN { print (t < m) ? t : m }')
    g_acc="$g_acc $(accuracy "doc:$TMP/g.vec")"
  done
  mean() { echo "$1" | awk '{ s = 0; for (i = 1; i <= NF; i++) s += $i; printf "%.4f", s / NF }'; }
  echo "| PV-$mode | embkit doc2vec | $(mean "$e_acc") | $e_best |"
  echo "| PV-$mode | gensim Doc2Vec(dm=$dm) | $(mean "$g_acc") | $g_best |"
  echo "| PV-$mode | time ratio gensim / embkit | | $(awk -v g="$g_best" -v e="$e_best" 'BEGIN { printf "%.2f", g / e }') |"
done
echo "| TF-IDF | embkit classify | $(accuracy tfidf) | |"
echo "| LSA 100 | embkit classify | $(accuracy lsa:100) | |"
if [ -n "$WORDS" ]; then
  "$EMBKIT" sif --vectors "$WORDS" --input "$TMP/all.tsv" --output "$TMP/sif.vec" -q
  echo "| SIF, p(w) from R8 ($(basename "$WORDS")) | embkit sif | $(accuracy "doc:$TMP/sif.vec") | |"
  if [ -n "$COUNTS" ]; then
    "$EMBKIT" sif --vectors "$WORDS" --input "$TMP/all.tsv" --output "$TMP/sif.vec" --counts "$COUNTS" -q
    echo "| SIF, p(w) from $(basename "$COUNTS") ($(basename "$WORDS")) | embkit sif | $(accuracy "doc:$TMP/sif.vec") | |"
  fi
  echo "| mean of word vectors ($(basename "$WORDS")) | embkit classify | $(accuracy "avg:$WORDS") | |"
fi
uptime
