#!/usr/bin/env bash
# Peak memory and wall time of word2vec's streamed corpus (issue 22): 1 epoch of
# skip-gram with the benchmark settings, ROUNDS rounds alternating between the
# binaries given, each line "binary wall user peak-RSS", the load after each round.
#
#   bench/word2vec_memory.sh CORPUS ROUNDS EMBKIT [EMBKIT...]
# e.g. bench/word2vec_memory.sh articles.txt 2 /tmp/embkit.before build/embkit
# (articles.txt: ../shared/data/corpora/enwiki-articles.txt.xz decompressed).
set -euo pipefail
[ $# -ge 3 ] || { sed -n 2,8p "$0"; exit 2; }
corpus=$1 rounds=$2
shift 2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for _ in $(seq 1 "$rounds"); do
  for bin in "$@"; do
    /usr/bin/time -f "$bin %e s wall %U s user %M KB peak RSS" "$bin" word2vec --input "$corpus" \
      --output "$out/vectors.bin" --model skipgram --dim 100 --window 5 --negative 5 --sample 1e-4 \
      --min-count 5 --epochs 1 --threads 2 --quiet 2>&1 | tail -1
  done
  uptime
done
