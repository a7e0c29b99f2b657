#!/usr/bin/env bash
# embkit on several processes (issue 22, docs/distributed.md): the same job on
# N = 1 process with 2 threads against N = 2 MPI ranks with 1 thread each, on
# this one machine, alternating, best of REPEAT, with the load printed:
#   1. word2vec: bench/distributed_word2vec.sh (N=1 × 2 threads vs N=2 × 1 thread, wiki17m,
#      the N=2 runs with --sync-rows all and touched; then both schemes' cost model);
#   2. mf --algo als on MovieLens 100K (u.data, --split random, 15 iterations,
#      dim 64): wall time, the metrics of both (they must agree), bytes sent;
#   3. svd --dim 100 of the article dump's TF-IDF (tfidf --format wikidoc
#      --min-df 2, written once to $CACHE/X.npz): wall time, the largest
#      relative difference between the two runs' singular values, bytes sent;
#   4. counting on wiki17m (decompressed once to $CACHE/wiki17m.txt): vocab
#      (one thread either way: it has no --threads) and glove's counting phase
#      (glove --epochs 1 --dim 2): wall time, bytes sent, and cmp of the
#      outputs against one process with the same --threads.
# "bytes sent per rank" is the payload each rank handed to MPI's collectives
# (EMBKIT_MPI_STATS=1, core/distributed.h): an Allreduce of n bytes counts n.
# ALS also times its training phase alone (the sweeps and the loss, from --json's
# seconds_per_iteration): what synchronisation costs, without starting MPI.
#   bench/distributed.sh [word2vec|als|svd|counting|all]    Env: EMBKIT (build/embkit), REPEAT (3),
#                                         CACHE (/tmp/distbench), DATA (../shared/data),
#                                         MPIRUN_ARGS (extra mpirun options, e.g. "--mca pml ob1")
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
EMBKIT="${EMBKIT:-$ROOT/build/embkit}"
REPEAT="${REPEAT:-3}"
CACHE="${CACHE:-/tmp/distbench}"
DATA="${DATA:-$ROOT/../shared/data}"
what="${1:-all}"
read -r -a mpirun_args <<< "${MPIRUN_ARGS:-}"
mkdir -p "$CACHE"
export OMP_WAIT_POLICY=PASSIVE
# CI and this machine run as root; mpirun refuses root without these.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
[ -f "$(dirname "$EMBKIT")/libembkit_mpi.so" ] || { echo "distributed.sh: $EMBKIT was built without MPI"; exit 1; }
command -v mpirun >/dev/null || { echo "distributed.sh: mpirun not found (openmpi-bin)"; exit 1; }
PY=/usr/bin/python3
now() { date +%s.%N; }
load() { cut -d' ' -f1 /proc/loadavg; }
echo "distributed.sh: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), best of $REPEAT; N=1 --threads 2 vs N=2 --threads 1;" \
     "mpirun ${MPIRUN_ARGS:-(no extra options)}"

# compare NAME ARGS...: runs `embkit ARGS --threads 2` and `mpirun -np 2 embkit
# ARGS --threads 1` alternately REPEAT times; stdout of the last runs in
# $CACHE/NAME.1.out and NAME.2.out, stderr in .err; prints the best times,
# their ratio and rank 0's report of the bytes each rank sent.
# THREADS=no: a command without --threads, one thread either way.
compare() {
  local name=$1 best1=1e9 best2=1e9 t0 t1 t2 run threads1=(--threads 2) threads2=(--threads 1) each="2 threads"
  shift
  [ "${THREADS:-}" = no ] && threads1=() threads2=() each="1 thread"
  for run in $(seq "$REPEAT"); do
    t0=$(now)
    "$EMBKIT" "$@" "${threads1[@]}" > "$CACHE/$name.1.out" 2> "$CACHE/$name.1.err"
    t1=$(now)
    EMBKIT_MPI_STATS=1 mpirun -np 2 --oversubscribe "${mpirun_args[@]}" "$EMBKIT" "$@" "${threads2[@]}" \
      > "$CACHE/$name.2.out" 2> "$CACHE/$name.2.err"
    t2=$(now)
    best1=$(echo "$t0 $t1 $best1" | awk '{ t = $2 - $1; print (t < $3 ? t : $3) }')
    best2=$(echo "$t1 $t2 $best2" | awk '{ t = $2 - $1; print (t < $3 ? t : $3) }')
    echo "  $name run $run: N=1 $(echo "$t0 $t1" | awk '{ printf "%.2f", $2 - $1 }') s," \
         "N=2 $(echo "$t1 $t2" | awk '{ printf "%.2f", $2 - $1 }') s (load $(load))"
  done
  echo "$name: N=1 ($each) $best1 s, N=2 (1 thread each) $best2 s," \
       "N=2/N=1 $(echo "$best2 $best1" | awk '{ printf "%.3f", $1 / $2 }')" | tee "$CACHE/$name.summary"
  grep -h "bytes sent per rank" "$CACHE/$name.2.err" | sed "s/^/$name: /"
}

# cost_model NAME SECONDS SYNCS BYTES KIND: docs/distributed.md's model for
# N = 8, 32, 128 machines on 10 and 100 Gb/s from one process's SECONDS of
# compute split into SYNCS steps, each ending with a collective of BYTES
# (KIND allreduce: 2·B·(N−1)/N on the wire per rank, ring; allgather:
# B·(N−1)/N); latency α = 10 µs at 10 Gb/s (TCP), 2 µs at 100 Gb/s (RDMA).
cost_model() {
  awk -v name="$1" -v t="$2" -v syncs="$3" -v bytes="$4" -v kind="$5" 'BEGIN {
    step = t / syncs
    printf "%s cost model: %.4f s of compute per step, %d steps, %.0f bytes per collective (%s)\n", name, step, syncs, bytes, kind
    printf "%s   %5s %8s %12s %12s %10s\n", name, "N", "Gb/s", "compute_s", "sync_s", "efficiency"
    split("8 32 128", ns, " "); split("10 100", gbs, " ")
    for (i = 1; i <= 3; i++) for (j = 1; j <= 2; j++) {
      n = ns[i]; beta = gbs[j] * 1e9 / 8; alpha = gbs[j] == 10 ? 10e-6 : 2e-6
      wire = (kind == "allreduce" ? 2 : 1) * bytes * (n - 1) / n
      sync = wire / beta + alpha * log(n) / log(2)
      c = step / n
      printf "%s   %5d %8d %12.5f %12.5f %10.3f\n", name, n, gbs[j], c, sync, c / (c + sync)
    }
  }'
}

# ---------------------------------------------------------------------------
# 1. word2vec (skip-gram, wiki17m, 5 epochs; N=1, N=2 --sync-rows all, N=2
#    --sync-rows touched; quality on WS353, SimLex and the analogies, mean of 3
#    seeds; bytes per rank per epoch; the compute rate and bytes per sync the
#    cost model takes, and the model for both schemes):
#    bench/distributed_word2vec.sh.
# ---------------------------------------------------------------------------

if [[ "$what" == all || "$what" == word2vec ]]; then
  bash "$ROOT/bench/distributed_word2vec.sh" "$EMBKIT"
fi

if [[ "$what" == all || "$what" == als ]]; then
  ratings="$DATA/ratings/ml-100k/u.data"
  [ -f "$ratings" ] || { echo "als: skipped: $ratings not found"; ratings=""; }
  if [ -n "$ratings" ]; then
    als_args=(mf --input "$ratings" --algo als --split random --dim 64 --epochs 15 --quiet)
    compare als "${als_args[@]}"
    # The training phase alone: 15 × seconds_per_iteration of --json.
    train1=1e9 train2=1e9
    for run in $(seq "$REPEAT"); do
      s1=$("$EMBKIT" "${als_args[@]}" --threads 2 --json | $PY -c 'import json,sys; print(15 * json.load(sys.stdin)["seconds_per_iteration"])')
      s2=$(mpirun -np 2 --oversubscribe "${mpirun_args[@]}" "$EMBKIT" "${als_args[@]}" --threads 1 --json |
           $PY -c 'import json,sys; print(15 * json.load(sys.stdin)["seconds_per_iteration"])')
      train1=$(echo "$s1 $train1" | awk '{ print ($1 < $2 ? $1 : $2) }')
      train2=$(echo "$s2 $train2" | awk '{ print ($1 < $2 ? $1 : $2) }')
    done
    echo "als: training phase (15 iterations): N=1 $train1 s, N=2 $train2 s," \
         "N=2/N=1 $(echo "$train2 $train1" | awk '{ printf "%.3f", $1 / $2 }') (load $(load))"
    if cmp -s "$CACHE/als.1.out" "$CACHE/als.2.out"; then
      echo "als: metrics identical: $(head -1 "$CACHE/als.1.out")"
    else
      echo "als: metrics DIFFER:"; cat "$CACHE/als.1.out" "$CACHE/als.2.out"
    fi
    # Two half-sweeps per iteration, each ending with an Allgatherv of one
    # side's factors: (users + items)·64·4 bytes per iteration in all.
    read -r users items < <(awk '{ u[$1]; i[$2] } END { print length(u), length(i) }' "$ratings")
    t1=$(awk '/^als: N=1/ { print $5 }' "$CACHE/als.summary")
    cost_model als "$t1" 30 "$(( (users + items) * 64 * 4 / 2 ))" allgather
  fi
fi

if [[ "$what" == all || "$what" == svd ]]; then
  dump="$DATA/corpora/enwiki-articles.txt.xz"
  if [ ! -f "$dump" ]; then echo "svd: skipped: $dump not found"; else
    if [ ! -f "$CACHE/X.npz" ]; then
      xz -dc "$dump" > "$CACHE/dump.txt"
      "$EMBKIT" tfidf -q --input "$CACHE/dump.txt" --format wikidoc --min-df 2 --output "$CACHE/X.npz"
      rm -f "$CACHE/dump.txt"
    fi
    compare svd svd --input "$CACHE/X.npz" --dim 100 --quiet --output-s /dev/stdout
    paste "$CACHE/svd.1.out" "$CACHE/svd.2.out" |
      awk '{ d = ($1 > $2 ? $1 - $2 : $2 - $1) / $1; if (d > worst) worst = d }
           END { printf "svd: %d singular values, largest relative difference N=2 vs N=1: %.2e\n", NR, worst }'
    # Block Krylov, q = 4, l = 110: AΩ, then 5 blocks each through A and Aᵀ;
    # 6 Allreduces of the short side's m × 110 doubles (m = min(rows, cols)).
    docs=$(/usr/bin/python3 -c "import scipy.sparse as sp; print(min(sp.load_npz('$CACHE/X.npz').shape))")
    t1=$(awk '/^svd: N=1/ { print $5 }' "$CACHE/svd.summary")
    [ -n "$docs" ] && cost_model svd "$t1" 6 "$(( docs * 110 * 8 ))" allreduce
  fi
fi

if [[ "$what" == all || "$what" == counting ]]; then
  if [ ! -f "$DATA/corpora/wiki17m.txt.xz" ]; then echo "counting: skipped: $DATA/corpora/wiki17m.txt.xz not found"; else
    corpus="$CACHE/wiki17m.txt"
    [ -f "$corpus" ] || xz -dc "$DATA/corpora/wiki17m.txt.xz" > "$corpus"
    # The outputs go to stdout (/dev/stdout): the last run of each side stays in $CACHE/NAME.{1,2}.out.
    THREADS=no compare vocab vocab --input "$corpus" --quiet --output /dev/stdout
    cmp -s "$CACHE/vocab.1.out" "$CACHE/vocab.2.out" && echo "vocab: identical" || echo "vocab: DIFFER"
    compare glove glove --input "$corpus" --epochs 1 --dim 2 --seed 1 --quiet --output /dev/stdout
    # One process's co-occurrence sums depend on --threads: N=2 (1 thread each) is compared with N=1 --threads 1.
    "$EMBKIT" glove --input "$corpus" --epochs 1 --dim 2 --seed 1 --quiet --threads 1 --output /dev/stdout > "$CACHE/glove.1t.out"
    cmp -s "$CACHE/glove.1t.out" "$CACHE/glove.2.out" && echo "glove: identical to N=1 --threads 1" || echo "glove: DIFFER"
  fi
fi
