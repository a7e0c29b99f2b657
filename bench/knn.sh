#!/usr/bin/env bash
# k-NN benchmark: embkit's exact/HNSW/IVF/LSH/k-d tree search against faiss
# (IndexFlatIP, IndexHNSWFlat, IndexIVFFlat, IndexLSH) and hnswlib, in one run,
# on the same vectors and the SAME query rows (embkit ann-bench writes the row
# numbers it drew, the peers read them), cosine (inner product on unit
# vectors), k = 10, 2 threads.
#
#   bench/knn.sh                        # wiki17m skip-gram vectors (trained once, cached)
#   KNN_CORPUS=enwiki bench/knn.sh      # the 65M-word article dump at min-count 2
#   KNN_VECTORS=vecs.vec bench/knn.sh   # any vector file embkit reads
# Env: EMBKIT (binary, default build/embkit), THREADS (2), QUERIES (2000),
#      KNN_CACHE (/tmp/knnbench: trained vectors, reused by later runs),
#      EF (hnsw efSearch sweep), NPROBE (ivf nprobe sweep),
#      REPEAT (5: every batch search is timed this many times on both sides and
#      the fastest run kept, which filters out other processes on a shared box),
#      BUILD_REPEAT (2: the same for index builds; embkit, hnswlib and faiss).
# faiss's flat search is a BLAS GEMM: Debian's default libblas3 is the slow
# reference BLAS, so when OpenBLAS is installed (apt-get install
# libopenblas0-pthread) the peers load it (LD_LIBRARY_PATH, OPENBLAS_NUM_THREADS
# = THREADS) whatever the system-wide alternative says; the report names the BLAS.
# Vectors: embkit word2vec skip-gram, dim 100, 5 epochs, --seed 1, 2 threads.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA="$ROOT/../shared/data"
EMBKIT="${EMBKIT:-$ROOT/build/embkit}"
THREADS="${THREADS:-2}"
QUERIES="${QUERIES:-2000}"
CACHE="${KNN_CACHE:-/tmp/knnbench}"
CORPUS="${KNN_CORPUS:-wiki17m}"
EF="${EF:-10,16,20,24,32,40,64,80,128}"
NPROBE="${NPROBE:-4,8,12,16,24,32,48,64}"
REPEAT="${REPEAT:-5}"
BUILD_REPEAT="${BUILD_REPEAT:-2}"
source "$ROOT/bench/peers.sh"
# Passive OpenMP waiting for everyone: spinning threads distort timings badly
# when the machine is shared.
export OMP_WAIT_POLICY=PASSIVE

[ -x "$EMBKIT" ] || { echo "knn.sh: build embkit first ($EMBKIT not found)"; exit 1; }
$PY -c 'import faiss, hnswlib, numpy' 2>/dev/null || { echo "knn.sh: skipped (needs /usr/bin/python3 with faiss, hnswlib, numpy)"; exit 0; }
peer_versions
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
mkdir -p "$CACHE"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

VECTORS="${KNN_VECTORS:-}"
if [ -z "$VECTORS" ]; then
  case "$CORPUS" in
    wiki17m) XZ="$DATA/corpora/wiki17m.txt.xz"; MIN_COUNT=5 ;;
    enwiki) XZ="$DATA/corpora/enwiki-articles.txt.xz"; MIN_COUNT=2 ;;
    *) echo "knn.sh: KNN_CORPUS must be wiki17m or enwiki, got '$CORPUS'"; exit 1 ;;
  esac
  VECTORS="$CACHE/$CORPUS-sg.bin"
  if [ ! -s "$VECTORS" ]; then
    [ -f "$XZ" ] || { echo "knn.sh: skipped ($XZ absent)"; exit 0; }
    echo "knn.sh: training $CORPUS skip-gram vectors once (min-count $MIN_COUNT, cached in $CACHE)" >&2
    if [ "$CORPUS" = enwiki ]; then
      # The dump is raw article text (<doc> blocks, case, punctuation): normalise
      # it as text8 is (lowercase a-z words), ~70M tokens, 270k words at min-count 2.
      xz -dc "$XZ" | "$EMBKIT" tokenize --mode text8 --input - --output "$WORK/corpus.txt" --quiet
    else
      xz -dc "$XZ" > "$WORK/corpus.txt"
    fi
    # Written under a temporary name and renamed, so an interrupted run never
    # leaves a truncated cache behind.
    "$EMBKIT" word2vec --input "$WORK/corpus.txt" --output "$CACHE/$CORPUS-sg.tmp.bin" --model skipgram \
      --min-count "$MIN_COUNT" --threads "$THREADS" --seed 1 --quiet
    mv "$CACHE/$CORPUS-sg.tmp.bin" "$VECTORS"
    rm -f "$WORK/corpus.txt"
  fi
fi
# One unit-normalised .npy for Python; embkit reads the same file.
"$EMBKIT" convert -i "$VECTORS" -o "$WORK/vecs.npy" --normalize --quiet

echo "== embkit ann-bench" >&2
BENCH_CMD=("$EMBKIT" ann-bench --vectors "$WORK/vecs.npy" --queries "$QUERIES" --k 10 --metric cosine
  --threads "$THREADS" --index hnsw,ivf,lsh,kdtree --M 16 --ef-construction 200 --ef-search "$EF"
  --nprobe "$NPROBE" --lsh-tables 16 --lsh-bits 16 --lsh-probes 0,4,16 --latency-queries 300
  --repeat "$REPEAT" --build-repeat "$BUILD_REPEAT" --save-query-ids "$WORK/query_ids.txt")
"${BENCH_CMD[@]}" --json --quiet > "$WORK/embkit.json"

echo "== faiss / hnswlib" >&2
OPENBLAS_DIR=/usr/lib/x86_64-linux-gnu/openblas-pthread
if [ -f "$OPENBLAS_DIR/libblas.so.3" ]; then
  export LD_LIBRARY_PATH="$OPENBLAS_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" OPENBLAS_NUM_THREADS="$THREADS"
fi
$PY - "$WORK/vecs.npy" "$WORK/query_ids.txt" "$THREADS" "$EF" "$NPROBE" "$REPEAT" "$BUILD_REPEAT" \
  > "$WORK/peers.json" <<'PY'
import json, sys, time
import numpy as np, faiss, hnswlib
path, ids_path, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
efs = [int(v) for v in sys.argv[4].split(',')]
nprobes = [int(v) for v in sys.argv[5].split(',')]
repeat, build_repeat = int(sys.argv[6]), int(sys.argv[7])
X = np.ascontiguousarray(np.load(path).astype(np.float32))
n, d = X.shape
# The very rows embkit ann-bench used as queries.
Q = np.ascontiguousarray(X[np.loadtxt(ids_path, dtype=np.int64).reshape(-1)])
k = 10
faiss.omp_set_num_threads(threads)
blas = sorted({l.split()[-1] for l in open("/proc/self/maps") if "libblas" in l or "libopenblas" in l})
out = {"rows": n, "dim": d, "queries": len(Q), "blas": blas, "results": []}

def timed(f):
    t = time.perf_counter(); r = f(); return r, time.perf_counter() - t

def fastest(f, times=None):  # the fastest of `repeat` runs, as embkit ann-bench --repeat
    runs = [timed(f) for _ in range(times or repeat)]
    return runs[-1][0], min(t for _, t in runs)

def build_fastest(make, fill):  # a new index per run, as ann-bench --build-repeat
    best, index = float("inf"), None
    for _ in range(build_repeat):
        index = None
        index = make()
        _, t = timed(lambda: fill(index))
        best = min(best, t)
    return index, best

flat = faiss.IndexFlatIP(d); flat.add(X)
(D, I), t = fastest(lambda: flat.search(Q, k))
out["exact"] = {"qps": len(Q) / t}
kth = D[:, -1]

def recall(ids):  # tie-aware, as embkit: a returned id counts if its score is within 1e-6 of the k-th
    hits = 0
    for i in range(len(Q)):
        ok = [j for j in set(int(x) for x in ids[i]) if j >= 0]
        s = X[ok] @ Q[i]
        hits += min(k, int((s >= kth[i] - 1e-6).sum()))
    return hits / (k * len(Q))

def add(name, params, build, labels, t):
    out["results"].append({"index": name, "params": params, "build_s": build,
                           "recall": recall(labels), "qps": len(Q) / t})

def new_hnswlib():
    h = hnswlib.Index(space="ip", dim=d)
    h.init_index(max_elements=n, ef_construction=200, M=16, random_seed=1)
    h.set_num_threads(threads)
    return h
h, build = build_fastest(new_hnswlib, lambda h: h.add_items(X, np.arange(n)))
for ef in efs:
    h.set_ef(max(ef, k))
    (labels, _), t = fastest(lambda: h.knn_query(Q, k=k))
    add("hnswlib", {"M": 16, "efConstruction": 200, "efSearch": ef}, build, labels, t)

def new_faiss_hnsw():
    fh = faiss.IndexHNSWFlat(d, 16, faiss.METRIC_INNER_PRODUCT)
    fh.hnsw.efConstruction = 200
    return fh
fh, build = build_fastest(new_faiss_hnsw, lambda fh: fh.add(X))
for ef in efs:
    fh.hnsw.efSearch = max(ef, k)
    (_, labels), t = fastest(lambda: fh.search(Q, k))
    add("faiss-hnsw", {"M": 16, "efConstruction": 200, "efSearch": ef}, build, labels, t)

nlist = max(1, int(round(4 * np.sqrt(n))))  # embkit's default rule
def new_ivf():  # faiss keeps a reference to the quantizer
    return faiss.IndexIVFFlat(faiss.IndexFlatIP(d), d, nlist, faiss.METRIC_INNER_PRODUCT)
ivf, build = build_fastest(new_ivf, lambda ivf: (ivf.train(X), ivf.add(X)))
for nprobe in sorted(set(nprobes) | {1}):  # 1 is faiss's default nprobe
    ivf.nprobe = nprobe
    (_, labels), t = fastest(lambda: ivf.search(Q, k))
    add("faiss-ivf", {"nlist": nlist, "nprobe": nprobe}, build, labels, t)

lsh, build = build_fastest(lambda: faiss.IndexLSH(d, 256), lambda lsh: lsh.add(X))
(_, labels), t = fastest(lambda: lsh.search(Q, k))
add("faiss-lsh", {"bits": 256}, build, labels, t)
json.dump(out, sys.stdout)
PY

echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "command: EMBKIT=$EMBKIT THREADS=$THREADS QUERIES=$QUERIES REPEAT=$REPEAT BUILD_REPEAT=$BUILD_REPEAT KNN_CORPUS=$CORPUS bench/knn.sh"
echo "embkit:  ${BENCH_CMD[*]#$WORK/}"
$PY - "$WORK/embkit.json" "$WORK/peers.json" "$THREADS" <<'PY'
import json, sys, math
e, p = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert p["queries"] == e["queries"], "peers and embkit must share the queries"
print(f"\nk-NN benchmark: {e['rows']} x {e['dim']} vectors, {e['queries']} queries (same rows for all), "
      f"k = 10, cosine, {sys.argv[3]} threads, best of the repeats")
print(f"faiss BLAS: {', '.join(p['blas']) or 'unknown'}")
print(f"| {'index':12} | {'params':34} | {'build_s':>7} | {'mem_MB':>6} | {'recall':>6} | {'qps':>8} | "
      f"{'p50_ms':>6} | {'p99_ms':>6} |")
print("|" + "|".join("-" * w for w in (14, 36, 9, 8, 8, 10, 8, 8)) + "|")
def line(name, params, build, mem, rec, qps, p50, p99):
    print(f"| {name:12} | {params:34} | {build:>7} | {mem:>6} | {rec:6.3f} | {qps:8.0f} | {p50:>6} | {p99:>6} |")
line("embkit-exact", "-", "-", "-", 1.0, e["exact"]["qps"], "-", "-")
line("faiss-flat", "-", "-", "-", 1.0, p["exact"]["qps"], "-", "-")
rows = [dict(r, index="embkit-" + r["index"]) for r in e["results"]] + p["results"]
for r in rows:
    params = " ".join(f"{k}={v:.3g}" if isinstance(v, float) and v != int(v) else f"{k}={int(v)}"
                      for k, v in r["params"].items() if k not in ("M", "efConstruction"))
    mem = f"{r['memory_mb']:.1f}" if "memory_mb" in r else "-"
    p50 = f"{r['p50_ms']:.3f}" if r.get("p50_ms") is not None else "-"
    p99 = f"{r['p99_ms']:.3f}" if r.get("p99_ms") is not None else "-"
    line(r["index"], params, f"{r['build_s']:.2f}", mem, r["recall"], r["qps"], p50, p99)

def qps_at(name, target):
    # queries/s at recall = target, interpolated (log qps, linear recall) between sweep points
    pts = sorted((r["recall"], r["qps"]) for r in rows if r["index"] == name)
    for (r0, q0), (r1, q1) in zip(pts, pts[1:]):
        if r0 <= target <= r1 and r1 > r0:
            w = (target - r0) / (r1 - r0)
            return math.exp((1 - w) * math.log(q0) + w * math.log(q1))
    return None

def build(name):
    return next(r["build_s"] for r in rows if r["index"] == name)

def at(name, param, value):
    return next((r for r in rows if r["index"] == name and r["params"].get(param) == value), None)

# Defaults against defaults: what a user gets without tuning. embkit knn: HNSW M 16,
# efConstruction 200, efSearch 64; IVF nlist 4*sqrt(n), nprobe 16. hnswlib: M 16,
# ef_construction 200, ef 10 (its set_ef default); faiss IVFFlat: nprobe 1 (nlist has
# no default, so both use embkit's rule).
print("\ndefaults against defaults (recall@10 against exact search; qps)")
for ours, theirs, param, dv_ours, dv_theirs in (("embkit-hnsw", "hnswlib", "efSearch", 64, 10),
                                                 ("embkit-ivf", "faiss-ivf", "nprobe", 16, 1)):
    a, b = at(ours, param, dv_ours), at(theirs, param, dv_theirs)
    if a and b:
        print(f"  {ours:12} {param}={dv_ours:<3} recall {a['recall']:.3f} qps {a['qps']:8.0f}   |   "
              f"{theirs:10} {param}={dv_theirs:<3} recall {b['recall']:.3f} qps {b['qps']:8.0f}   "
              f"qps ratio {a['qps'] / b['qps']:.2f}")
    else:
        print(f"  {ours} / {theirs}: the sweeps do not include the defaults ({param} {dv_ours} / {dv_theirs})")
print("\ntuned against tuned: each side at the same recall (interpolated along its sweep)")

def verdict(ok):
    return "MET" if ok else "NOT MET"

print("\nratios (embkit / peer)")
ex = e["exact"]["qps"] / p["exact"]["qps"]
print(f"  exact qps            embkit / faiss IndexFlatIP : {ex:.2f}  target >= 1.0  {verdict(ex >= 1.0)}")
for peer in ("hnswlib", "faiss-hnsw"):
    a, b = qps_at("embkit-hnsw", 0.95), qps_at(peer, 0.95)
    if a and b:
        print(f"  hnsw qps @ recall .95 embkit / {peer:17}: {a / b:.2f}  ({a:.0f} vs {b:.0f})"
              + (f"  target >= 1.0  {verdict(a >= b)}" if peer == "hnswlib" else ""))
    else:
        print(f"  hnsw qps @ recall .95 embkit / {peer:17}: n/a (a sweep does not bracket 0.95)")
    bt = build("embkit-hnsw") / build(peer)
    print(f"  hnsw build time      embkit / {peer:17}: {bt:.2f}  ({build('embkit-hnsw'):.2f} s vs "
          f"{build(peer):.2f} s)" + (f"  target <= 1.0  {verdict(bt <= 1.0)}" if peer == "hnswlib" else ""))
for target in (0.90, 0.95, 0.99):
    a, b = qps_at("embkit-ivf", target), qps_at("faiss-ivf", target)
    if a and b:
        print(f"  ivf qps @ recall {target:.2f} embkit / faiss IVFFlat   : {a / b:.2f}  ({a:.0f} vs {b:.0f})"
              f"  target >= 1/1.2 = 0.83  {verdict(a / b >= 1 / 1.2)}")
PY
