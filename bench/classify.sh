#!/usr/bin/env bash
# R8 k-NN classification (TF-IDF, cosine, k = 5): `embkit classify` against
# scikit-learn's TfidfVectorizer + KNeighborsClassifier(metric="cosine",
# algorithm="brute"), same files, same run, reading included on both sides,
# best of REPEAT (3) wall times each; prints accuracy and the ratio.
#   EMBKIT=build/embkit bash bench/classify.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
EMBKIT="${EMBKIT:-$ROOT/build/embkit}"
REPEAT="${REPEAT:-3}"
D="$ROOT/../shared/data/docs"
source "$ROOT/bench/peers.sh"
[ -f "$D/r8-train-all-terms.txt" ] || { echo "skipped: $D not found"; exit 0; }
$PY -c 'import sklearn' 2>/dev/null || { echo "skipped: /usr/bin/python3 lacks scikit-learn"; exit 0; }
peer_versions
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
best=1e9
for ((r = 0; r < REPEAT; r++)); do
  /usr/bin/time -f "%e" -o "$TMP/t" "$EMBKIT" classify --train "$D/r8-train-all-terms.txt" \
    --test "$D/r8-test-all-terms.txt" --features tfidf --tie-rule smallest-label --k 5 --json --quiet > "$TMP/e.json"
  best=$(awk -v t="$(tail -1 "$TMP/t")" -v m="$best" 'BEGIN { print (t < m) ? t : m }')
done
$PY - "$D/r8-train-all-terms.txt" "$D/r8-test-all-terms.txt" "$REPEAT" "$best" "$TMP/e.json" <<'PY'
import json, sys, time
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.neighbors import KNeighborsClassifier
train, test, repeat, embkit_s, embkit_json = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
def read(path):
    labels, texts = [], []
    with open(path, encoding="utf-8") as f:
        next(f)  # header
        for line in f:
            label, text = line.rstrip("\n").split("\t", 1)
            labels.append(label); texts.append(text)
    return texts, labels
best = float("inf")
for _ in range(repeat):
    t = time.perf_counter()
    xtr, ytr = read(train); xte, yte = read(test)
    vectorizer = TfidfVectorizer()
    predicted = KNeighborsClassifier(n_neighbors=5, metric="cosine", algorithm="brute").fit(
        vectorizer.fit_transform(xtr), ytr).predict(vectorizer.transform(xte))
    best = min(best, time.perf_counter() - t)
correct = sum(p == y for p, y in zip(predicted, yte))
e = json.load(open(embkit_json))
print(f"embkit classify: {embkit_s:.2f} s, accuracy {e['accuracy']:.4f}")
print(f"scikit-learn:    {best:.2f} s, accuracy {correct / len(yte):.4f} ({correct}/{len(yte)})")
print(f"speed-up (best of {repeat} each): {best / embkit_s:.1f}x")
PY
