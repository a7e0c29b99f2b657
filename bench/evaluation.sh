#!/usr/bin/env bash
# Evaluation suite benchmark: embkit similarity / analogy vs gensim 4.2's
# evaluate_word_pairs / evaluate_word_analogies(restrict_vocab=30000) on the
# same vector file, in the same run; prints the scores side by side (they must
# agree) and the time ratio.
#
# usage: bench/evaluation.sh [VECTORS.vec]
# Without VECTORS, trains fastText skip-gram vectors (-minn 0 -maxn 0 -epoch 1
# -dim 100 -thread 2) on wiki17m into a temporary directory first (slow on a
# busy machine: ~25 min). EMBKIT defaults to ./build/embkit.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=../shared/data
EMBKIT=${EMBKIT:-./build/embkit}
source bench/peers.sh
if [[ ! -f $DATA/analogy/questions-words.txt || ! -d $DATA/wordsim ]]; then
  echo "skipped: $DATA (shared data) not found"; exit 0
fi
if ! $PY -c 'import gensim' 2>/dev/null; then echo "skipped: gensim not importable by $PY"; exit 0; fi
peer_versions
[[ -x $EMBKIT ]] || { echo "build embkit first (or set EMBKIT=path)"; exit 1; }

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
VECTORS=${1:-}
if [[ -z $VECTORS ]]; then
  command -v fasttext >/dev/null || { echo "skipped: no VECTORS given and no fasttext CLI"; exit 0; }
  xz -dc $DATA/corpora/wiki17m.txt.xz > "$TMP/wiki17m.txt"
  fasttext skipgram -input "$TMP/wiki17m.txt" -output "$TMP/ft" -minn 0 -maxn 0 -thread 2 \
    -epoch 1 -dim 100 > /dev/null 2>&1
  VECTORS=$TMP/ft.vec
fi
PAIRS=("$DATA/wordsim/EN-WS-353-ALL.txt" "$DATA/wordsim/EN-SIMLEX-999.txt" "$DATA/wordsim/EN-RG-65.txt")

# Best of REPEAT runs on both sides (default 3), vector loading included in each.
REPEAT=${REPEAT:-3}
now() { date +%s.%N; }
best_sim=1e9 best_ana=1e9
for ((r = 0; r < REPEAT; r++)); do
  t0=$(now)
  "$EMBKIT" similarity --vectors "$VECTORS" --dataset "${PAIRS[@]}" --json > "$TMP/sim.json" 2>/dev/null
  t1=$(now)
  "$EMBKIT" analogy --vectors "$VECTORS" --questions $DATA/analogy/questions-words.txt --json --quiet > "$TMP/ana.json"
  t2=$(now)
  best_sim=$(awk -v a="$t0" -v b="$t1" -v m="$best_sim" 'BEGIN { s = b - a; print (s < m) ? s : m }')
  best_ana=$(awk -v a="$t1" -v b="$t2" -v m="$best_ana" 'BEGIN { s = b - a; print (s < m) ? s : m }')
done

$PY - "$VECTORS" "$TMP" "$best_sim" "$best_ana" "$REPEAT" "${PAIRS[@]}" <<'PYEOF'
import json, logging, sys, time
from gensim.models import KeyedVectors
vectors, tmp, emb_sim_s, emb_ana_s, repeat, *pairs = sys.argv[1:]
emb_sim_s, emb_ana_s = float(emb_sim_s), float(emb_ana_s)
sim = json.load(open(tmp + "/sim.json"))
ana = json.load(open(tmp + "/ana.json"))
g_sim_s = g_ana_s = float("inf")
for _ in range(int(repeat)):
    t = time.time()
    kv = KeyedVectors.load_word2vec_format(vectors, binary=False)
    load_s = time.time() - t
    t = time.time()
    g_sim = [kv.evaluate_word_pairs(p)[1][0] for p in pairs]
    g_sim_s = min(g_sim_s, time.time() - t + load_s)
    t = time.time()
    _, sections = kv.evaluate_word_analogies(
        "../shared/data/analogy/questions-words.txt", restrict_vocab=30000)
    g_ana_s = min(g_ana_s, time.time() - t + load_s)
total = sections[-1]
g_correct, g_seen = len(total["correct"]), len(total["correct"]) + len(total["incorrect"])
print("| dataset | embkit | gensim 4.2 | |diff| |")
print("|---|---:|---:|---:|")
for d, g in zip(sim["datasets"], g_sim):
    print("| %s Spearman | %.6f | %.6f | %.1e |" % (d["dataset"], d["spearman"], g, abs(d["spearman"] - g)))
e_correct = round(ana["total_accuracy"] * ana["seen"])
print("| analogy 3CosAdd correct/seen | %d/%d | %d/%d | %d |" % (
    e_correct, ana["seen"], g_correct, g_seen, abs(e_correct - g_correct)))
print()
print(f"| task (best of {repeat} wall times, vector loading included) | embkit | gensim | gensim/embkit |")
print("|---|---:|---:|---:|")
print("| similarity, 3 datasets | %.2fs | %.2fs | %.1fx |" % (emb_sim_s, g_sim_s, g_sim_s / emb_sim_s))
print("| analogy, 19,544 questions, restrict 30000 | %.2fs | %.2fs | %.1fx |" % (emb_ana_s, g_ana_s, g_ana_s / emb_ana_s))
print("(gensim vector loading alone: %.2fs)" % load_s)
PYEOF
