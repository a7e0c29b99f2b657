#!/usr/bin/env bash
# Benchmark (issue 22, word2vec part of bench/distributed.sh): word2vec on one
# process with 2 threads against 2 MPI ranks with 1 thread each, averaging
# every row at each sync (--sync-rows all) and only the frequent and touched
# rows (--sync-rows touched); same machine, same corpus (wiki17m), same
# settings, same run.
#
#   bench/distributed_word2vec.sh [path/to/embkit]
# Environment:
#   SEEDS        seeds to average the quality over (default "1 2 3")
#   EPOCHS       default 5
#   MODEL        skipgram (default) or cbow
#   SYNC_WORDS   --sync-words of the 2-rank runs (default: embkit's)
#   BENCH_BYTES  use only the first N bytes of wiki17m (default: all, ~17M words)
#   CORPUS       an already decompressed wiki17m.txt (default: decompress the .xz)
# Prints, per run, wall seconds, WS353 ρ, SimLex ρ and analogy accuracy (embkit
# similarity / analogy --restrict 30000), then the means over the seeds, the
# ratio of the best walls (N=2 / N=1) for each sync scheme, the syncs and bytes
# each rank sent per epoch, the compute rate (words/s per thread, from the N=1
# runs) and the bytes per sync: the figures docs/distributed.md's cost model
# takes; then that model for both schemes (bench/sync_rows_model.py, from the
# corpus's vocabulary and the measured rate and bytes).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DATA="$ROOT/../shared/data"
EMBKIT=${1:-$ROOT/build/embkit}
SEEDS=${SEEDS:-"1 2 3"}
EPOCHS=${EPOCHS:-5}
MODEL=${MODEL:-skipgram}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

if [ ! -f "$DATA/corpora/wiki17m.txt.xz" ]; then echo "skipped: $DATA/corpora/wiki17m.txt.xz not found"; exit 0; fi
[ -x "$EMBKIT" ] || { echo "embkit binary not found: $EMBKIT (build it, or pass its path)" >&2; exit 1; }
if [ ! -f "$(dirname "$EMBKIT")/libembkit_mpi.so" ] || ! command -v mpirun >/dev/null; then
  echo "skipped: embkit built without MPI (libembkit_mpi.so) or no mpirun"; exit 0
fi
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
if [ -n "${BENCH_BYTES:-}" ]; then
  { xz -dc "$DATA/corpora/wiki17m.txt.xz" || true; } | head -c "$BENCH_BYTES" | sed 's/ [a-z]*$//' > "$TMP/corpus.txt"
elif [ -n "${CORPUS:-}" ]; then
  ln -s "$(realpath "$CORPUS")" "$TMP/corpus.txt"
else
  xz -dc "$DATA/corpora/wiki17m.txt.xz" > "$TMP/corpus.txt"
fi
SETTINGS="--model $MODEL --dim 100 --window 5 --negative 5 --sample 1e-4 --min-count 5 --epochs $EPOCHS --quiet --json"
[ -z "${SYNC_WORDS:-}" ] || SETTINGS="$SETTINGS --sync-words $SYNC_WORDS"
echo "corpus: $(wc -w < "$TMP/corpus.txt") words; $EPOCHS epochs; seeds: $SEEDS; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"

# score NAME: one line "NAME wall ws353 simlex analogy train_words seconds syncs bytes_sent"
score() {
  local name=$1 wall=$2
  local ws sl an
  ws=$("$EMBKIT" similarity --vectors "$TMP/$name.bin" --dataset "$DATA/wordsim/EN-WS-353-ALL.txt" --json --quiet |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["datasets"][0]["spearman"])')
  sl=$("$EMBKIT" similarity --vectors "$TMP/$name.bin" --dataset "$DATA/wordsim/EN-SIMLEX-999.txt" --json --quiet |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["datasets"][0]["spearman"])')
  an=$("$EMBKIT" analogy --vectors "$TMP/$name.bin" --questions "$DATA/analogy/questions-words.txt" --restrict 30000 \
    --json --quiet | python3 -c 'import json,sys; print(json.load(sys.stdin)["total_accuracy"])')
  python3 - "$TMP/$name.json" "$name" "$wall" "$ws" "$sl" "$an" <<'PYEOF' | tee -a "$TMP/runs.txt"
import json, sys
j = json.load(open(sys.argv[1]))
print(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6], j["train_words"] * j["epochs"],
      j["training_seconds"], j.get("syncs", 0), j.get("bytes_sent_per_rank", 0))
PYEOF
}

# The three configurations alternate, seed by seed, so all see the same load.
for seed in $SEEDS; do
  /usr/bin/time -f %e -o "$TMP/wall" "$EMBKIT" word2vec --input "$TMP/corpus.txt" --output "$TMP/n1-$seed.bin" \
    $SETTINGS --threads 2 --seed "$seed" > "$TMP/n1-$seed.json"
  score "n1-$seed" "$(tail -1 "$TMP/wall")"
  for rows in all touched; do
    /usr/bin/time -f %e -o "$TMP/wall" mpirun -np 2 --oversubscribe "$EMBKIT" word2vec --input "$TMP/corpus.txt" \
      --output "$TMP/n2$rows-$seed.bin" $SETTINGS --threads 1 --seed "$seed" --sync-rows $rows > "$TMP/n2$rows-$seed.json"
    score "n2$rows-$seed" "$(tail -1 "$TMP/wall")"
  done
  echo "  (load $(cut -d' ' -f1-3 /proc/loadavg))"
done

python3 - "$TMP/runs.txt" "$EPOCHS" <<'PYEOF'
import sys
runs = [l.split() for l in open(sys.argv[1])]
epochs = int(sys.argv[2])
def group(prefix):
    return [[float(x) for x in r[1:]] for r in runs if r[0].startswith(prefix + "-")]
n1, n2all, n2touched = group("n1"), group("n2all"), group("n2touched")
mean = lambda rows, i: sum(r[i] for r in rows) / len(rows)
print("\n| run | seeds | best wall s | WS353 ρ | SimLex ρ | analogy | syncs | MB sent per rank per epoch |")
print("|---|---|---|---|---|---|---|---|")
for name, rows in (("N=1, 2 threads", n1), ("N=2, 1 thread each, --sync-rows all", n2all),
                   ("N=2, 1 thread each, --sync-rows touched", n2touched)):
    print(f"| {name} | {len(rows)} | {min(r[0] for r in rows):.1f} | {mean(rows, 1):.3f} | {mean(rows, 2):.3f} | "
          f"{mean(rows, 3):.3f} | {mean(rows, 6):.0f} | {mean(rows, 7) / epochs / 1e6:.1f} |")
for name, n2 in (("all", n2all), ("touched", n2touched)):
    print(f"\n--sync-rows {name}: wall N=2 / N=1 (best of the seeds): {min(r[0] for r in n2) / min(r[0] for r in n1):.3f}")
    print("  quality N=2 - N=1: WS353 %+.4f, SimLex %+.4f, analogy %+.4f" %
          tuple(mean(n2, i) - mean(n1, i) for i in (1, 2, 3)))
    syncs, sent = mean(n2, 6), mean(n2, 7)
    print(f"  syncs per run {syncs:.0f}; bytes sent per rank per epoch {sent / epochs / 1e6:.1f} MB; "
          f"bytes per sync {sent / max(syncs, 1) / 1e6:.2f} MB")
print(f"\nbytes touched / all: {mean(n2touched, 7) / mean(n2all, 7):.3f}; "
      f"wall touched / all (best): {min(r[0] for r in n2touched) / min(r[0] for r in n2all):.3f}")
rate = max(r[4] / r[5] / 2 for r in n1)
print(f"compute rate (N=1, best): {rate / 1e3:.0f} k words/s per thread")
PYEOF

# The cost model of both sync schemes at N = 8, 32, 128 (--min-count 5, as above).
"$EMBKIT" vocab --input "$TMP/corpus.txt" --min-count 5 --output "$TMP/vocab.tsv" --quiet
read -r rate bytes_all bytes_touched < <(python3 - "$TMP/runs.txt" <<'PYEOF'
import sys
runs = [l.split() for l in open(sys.argv[1])]
per_sync = lambda p: [float(r[8]) / max(float(r[7]), 1) for r in runs if r[0].startswith(p + "-")]
rate = max(float(r[5]) / float(r[6]) for r in runs if r[0].startswith("n1-"))  # words/s, both threads
print(rate, sum(per_sync("n2all")) / len(per_sync("n2all")), sum(per_sync("n2touched")) / len(per_sync("n2touched")))
PYEOF
)
python3 "$ROOT/bench/sync_rows_model.py" "$TMP/vocab.tsv" "$rate" "$bytes_all" "$bytes_touched" "${SYNC_WORDS:-1000000}"
