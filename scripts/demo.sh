#!/usr/bin/env bash
# The README's main job: install what is missing, build, then train word2vec
# skip-gram on the bundled Wikipedia sample and show what it learned —
# nearest neighbours, word-similarity and analogy scores.
set -euo pipefail
cd "$(dirname "$0")/.."
# Only the embkit binary: the test binaries are scripts/test.sh's business and
# would multiply the first build's time.
echo "== 0. build embkit in ${EMBKIT_BUILD_DIR:-build} (the first build takes a few minutes; later ones are incremental)"
bash scripts/setup.sh --target embkit
embkit=${EMBKIT_BUILD_DIR:-build}/embkit
work=${EMBKIT_BUILD_DIR:-build}/demo
mkdir -p "$work"

echo "== 1. tokenize: the bundled Wikipedia sample (corpora/wiki-sample.txt) to text8 form"
"$embkit" tokenize --mode text8 --input corpora/wiki-sample.txt --output "$work/sample.txt"

echo "== 2. word2vec skip-gram, 100 dimensions"
"$embkit" word2vec --input "$work/sample.txt" --output "$work/vectors.vec" \
  --model skipgram --dim 100 --window 5 --negative 5 --epochs 10 --min-count 3 --seed 1

echo "== 3. nearest neighbours (cosine, exact search)"
for word in king france war music river; do
  "$embkit" knn --vectors "$work/vectors.vec" --query "$word" --k 8
done

echo "== 4. word similarity (Spearman rho against human judgements)"
"$embkit" similarity --vectors "$work/vectors.vec" \
  --dataset corpora/eval/EN-WS-353-ALL.txt corpora/eval/EN-SIMLEX-999.txt corpora/eval/EN-RG-65.txt

echo "== 5. analogies (3CosAdd over the 30,000 most frequent words)"
"$embkit" analogy --vectors "$work/vectors.vec" --questions corpora/eval/questions-words.txt

echo "Vectors are in $work/vectors.vec (word2vec text format; gensim and fastText read it)."
