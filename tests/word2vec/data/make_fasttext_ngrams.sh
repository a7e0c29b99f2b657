#!/bin/sh
# Regenerates fasttext_ngrams.tsv with the fastText binary (Debian's fasttext).
# fastText has no command printing bucket ids, so: train a tiny 8-dim model
# (-thread 10, because fastText 0.9.2 randomises only thread/10 of the input
# rows and the rows must be distinct), print each word's n-grams with their
# vectors (print-ngrams), and find each vector's row in the dumped input matrix
# (rows below the vocabulary size are word rows, the rest nwords + bucket).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
printf 'the cat sat on the mat\nwhere the cat café naïve straße\nmoscow москва\n' > c.txt
fasttext skipgram -input c.txt -output m -dim 8 -minCount 1 -minn 3 -maxn 6 -bucket 2000000 -epoch 1 \
  -thread 10 -verbose 0
fasttext dump m.bin input > input.txt
nwords=$(fasttext dump m.bin dict | head -1)
for w in cat a ab the café naïve straße über résumé été Ωμέγα москва 東京都 日本 😀ok x😀y supercalifragilistic; do
  fasttext print-ngrams m.bin "$w" | sed "s/^/$w\t/"
done > ngrams.txt
{
  echo "# word<TAB>n-gram<TAB>row: fastText 0.9.2 (Debian fasttext 0.9.2+ds-1+b1), -minn 3 -maxn 6 -bucket 2000000;"
  echo "# row = bucket id of the n-gram, or 'word' for the in-vocabulary word's own row. Made by tests/word2vec/data/make_fasttext_ngrams.sh."
  /usr/bin/python3 - "$nwords" <<'PY'
import sys
import numpy as np
nwords = int(sys.argv[1])
rows = np.loadtxt('input.txt', skiprows=1, dtype=np.float32)
for line in open('ngrams.txt', encoding='utf-8'):
    word, rest = line.rstrip(' \n').split('\t')
    parts = rest.split(' ')
    v = np.array([float(x) for x in parts[1:]], dtype=np.float32)
    d = np.abs(rows - v).max(axis=1)
    best = np.sort(d)[:2]
    assert best[0] < 2e-5 and best[1] > 1e-4, (word, parts[0], best)
    i = int(d.argmin())
    print(f"{word}\t{parts[0]}\t{'word' if i < nwords else i - nwords}")
PY
} > "$here/fasttext_ngrams.tsv"
