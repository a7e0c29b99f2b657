#!/usr/bin/env bash
# The Python module's overhead against the CLI (issue 19), best of REPEAT on
# both sides, alternating, with the load printed:
#   1. word2vec on wiki17m (2 threads, defaults): `embkit word2vec` against
#      `python3 -c 'embkit.word2vec(...); embkit.write_vectors(...)'`, wall
#      time of the whole process each (start-up, reading, training, writing);
#   2. exact search of 2,000 rows of those vectors, k = 10: `embkit ann-bench
#      --index exact` q/s against embkit.Index(kv).search on the same rows
#      (ann-bench's --save-query-ids), one batch call each.
#   bench/python.sh      Env: EMBKIT (build/embkit), PYTHONPATH (build/python),
#                        THREADS (2), REPEAT (3), CORPUS (wiki17m text, decompressed
#                        once into $CACHE), CACHE (/tmp/pybench)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
EMBKIT="${EMBKIT:-$ROOT/build/embkit}"
export PYTHONPATH="${PYTHONPATH:-$ROOT/build/python}"
THREADS="${THREADS:-2}"
REPEAT="${REPEAT:-3}"
CACHE="${CACHE:-/tmp/pybench}"
export OMP_WAIT_POLICY=PASSIVE
mkdir -p "$CACHE"
CORPUS="${CORPUS:-$CACHE/wiki17m.txt}"
[ -f "$CORPUS" ] || xz -dc "$ROOT/../shared/data/corpora/wiki17m.txt.xz" > "$CORPUS"
now() { date +%s.%N; }
echo "python.sh: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), threads $THREADS, best of $REPEAT"

cli_best=1e9 py_best=1e9
for run in $(seq "$REPEAT"); do
  t0=$(now)
  "$EMBKIT" word2vec --input "$CORPUS" --output "$CACHE/cli.bin" --threads "$THREADS" --quiet
  t1=$(now)
  /usr/bin/python3 -c "import embkit; embkit.write_vectors('$CACHE/py.bin', embkit.word2vec('$CORPUS', threads=$THREADS, quiet=True))"
  t2=$(now)
  cli_best=$(echo "$t0 $t1 $cli_best" | awk '{ t = $2 - $1; print (t < $3 ? t : $3) }')
  py_best=$(echo "$t1 $t2 $py_best" | awk '{ t = $2 - $1; print (t < $3 ? t : $3) }')
  echo "  word2vec run $run: cli $(echo "$t0 $t1" | awk '{ printf "%.2f", $2 - $1 }') s, python $(echo "$t1 $t2" | awk '{ printf "%.2f", $2 - $1 }') s (load $(cut -d' ' -f1 /proc/loadavg))"
done
echo "word2vec $(basename "$CORPUS"): cli $cli_best s, python $py_best s, python/cli $(echo "$py_best $cli_best" | awk '{ printf "%.4f", $1 / $2 }')"

"$EMBKIT" ann-bench --vectors "$CACHE/cli.bin" --index exact --queries 2000 --k 10 --threads "$THREADS" \
  --repeat "$REPEAT" --latency-queries 0 --save-query-ids "$CACHE/ids.txt" -q | tee "$CACHE/ann.txt" | grep -E '^(index|exact)'
cli_qps=$(awk '$1 == "exact" { print $6; exit }' "$CACHE/ann.txt")  # the baseline row
/usr/bin/python3 - "$CACHE/cli.bin" "$CACHE/ids.txt" "$THREADS" "$REPEAT" "$cli_qps" <<'PY'
import sys, time
import numpy as np
import embkit
path, ids, threads, repeat, cli_qps = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
kv = embkit.read_vectors(path)
rows = np.loadtxt(ids, dtype=np.int64)
queries = np.ascontiguousarray(kv.vectors[rows])
index = embkit.Index(kv, "exact", threads=threads)
times = []
for _ in range(repeat):
    t0 = time.perf_counter()
    index.search(queries, 10)
    times.append(time.perf_counter() - t0)
best = min(times)
qps = len(rows) / best
print(f"exact search, {len(rows)} queries: cli {cli_qps:.0f} q/s, python {qps:.0f} q/s, python/cli {qps / cli_qps:.4f}")
PY
