#!/usr/bin/env bash
# Bag-of-words counting (CountVectorizer) on the Wikipedia article dump:
# `embkit encode --method bow` against scikit-learn's CountVectorizer, same run,
# same input (30,729 <doc> articles, min_df=2), 2 threads for embkit.
#
#   bench/encode.sh
# Env: EMBKIT (binary, default build/embkit), THREADS (2), ENWIKI (an already
#      decompressed dump, to skip the ~20 s decompression).
# Both sides time "read the file + fit_transform" (wall clock); embkit also
# prints its breakdown, and the two matrices are checked for equal shape and
# non-zeros. "process CPU s" is user + system time of the whole process (embkit's
# includes writing the .mtx) — a figure less sensitive to a busy machine.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA="$ROOT/../shared/data"
EMBKIT="${EMBKIT:-$ROOT/build/embkit}"
THREADS="${THREADS:-2}"
source "$ROOT/bench/peers.sh"

[ -x "$EMBKIT" ] || { echo "encode.sh: build embkit first ($EMBKIT not found)"; exit 1; }
$PY -c 'import sklearn' 2>/dev/null || { echo "encode.sh: skipped (needs /usr/bin/python3 with scikit-learn)"; exit 0; }
peer_versions
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
DUMP="${ENWIKI:-}"
if [ -z "$DUMP" ]; then
  [ -f "$DATA/corpora/enwiki-articles.txt.xz" ] || { echo "encode.sh: skipped ($DATA/corpora/enwiki-articles.txt.xz absent)"; exit 0; }
  DUMP="$WORK/enwiki.txt"
  xz -dc "$DATA/corpora/enwiki-articles.txt.xz" > "$DUMP"
fi

# embkit: wall time of read + fit_transform as the command reports it.
/usr/bin/time -f "%U %S" -o "$WORK/embkit.cpu" "$EMBKIT" encode --method bow --format wikidoc --min-df 2 --threads "$THREADS" \
  --input "$DUMP" --output "$WORK/bow.mtx" 2> "$WORK/embkit.log"
cat "$WORK/embkit.log"
read -r E_ROWS E_COLS E_NNZ < <(sed -n 's/^encode: \([0-9]*\) rows × \([0-9]*\) features (bow, \([0-9]*\) non-zeros).*/\1 \2 \3/p' "$WORK/embkit.log")
E_SECONDS=$(sed -n 's/^encode: read \([0-9.]*\) s, encode \([0-9.]*\) s.*/\1 \2/p' "$WORK/embkit.log" | awk '{print $1 + $2}')

# scikit-learn: the same <doc> parsing as embkit's --format wikidoc.
/usr/bin/time -f "%U %S" -o "$WORK/sklearn.cpu" "$PY" - "$DUMP" > "$WORK/sklearn.txt" <<'PY'
import sys, time
from sklearn.feature_extraction.text import CountVectorizer
t0 = time.perf_counter()
docs, text, inside = [], [], False
with open(sys.argv[1], encoding="utf-8", errors="replace") as f:
    for line in f:
        line = line.rstrip("\n")
        if line.startswith("<doc"):
            inside, text = True, []
        elif line.startswith("</doc"):
            inside = False
            docs.append("\n".join(text))
        elif inside:
            text.append(line)
t1 = time.perf_counter()
X = CountVectorizer(min_df=2).fit_transform(docs)
t2 = time.perf_counter()
print(X.shape[0], X.shape[1], X.nnz, t2 - t0, t1 - t0, t2 - t1)
PY
read -r S_ROWS S_COLS S_NNZ S_SECONDS S_READ S_FIT < "$WORK/sklearn.txt"

E_CPU=$(awk '{print $1 + $2}' "$WORK/embkit.cpu")
S_CPU=$(awk '{print $1 + $2}' "$WORK/sklearn.cpu")
printf '\n%-28s %10s %10s %12s %12s %16s\n' "tool" "docs" "terms" "non-zeros" "seconds" "process CPU s"
printf '%-28s %10s %10s %12s %12.2f %16.2f\n' "embkit encode (${THREADS} thr)" "$E_ROWS" "$E_COLS" "$E_NNZ" "$E_SECONDS" "$E_CPU"
printf '%-28s %10s %10s %12s %12.2f %16.2f   (read %.2f + fit %.2f)\n' "sklearn CountVectorizer" "$S_ROWS" "$S_COLS" "$S_NNZ" "$S_SECONDS" "$S_CPU" "$S_READ" "$S_FIT"
awk -v s="$S_SECONDS" -v e="$E_SECONDS" 'BEGIN { printf "speed-up (sklearn / embkit): %.1fx\n", s / e }'
if [ "$E_ROWS $E_COLS $E_NNZ" = "$S_ROWS $S_COLS $S_NNZ" ]; then echo "same shape and non-zeros: yes"; else echo "same shape and non-zeros: NO"; fi
