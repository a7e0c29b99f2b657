#!/usr/bin/env bash
# k-NN benchmark: embkit's exact/HNSW/IVF/LSH search against faiss and hnswlib,
# same vectors, same number of queries drawn from the set, cosine (inner product
# on unit vectors), k = 10, 2 threads, all tools in this one run.
#
#   bench/knn.sh                       # wiki17m skip-gram vectors (trained once, cached)
#   KNN_VECTORS=vecs.vec bench/knn.sh  # any vector file embkit reads
# Env: EMBKIT (binary, default build/embkit), THREADS (2), QUERIES (2000),
#      KNN_CACHE (/tmp/embkit-knn-bench), EF (ef sweep), NPROBE (nprobe sweep),
#      REPEAT (3: every batch search is timed this many times on both sides and
#      the fastest run kept, which filters out other processes on a shared box).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DATA="$ROOT/../shared/data"
EMBKIT="${EMBKIT:-$ROOT/build/embkit}"
THREADS="${THREADS:-2}"
QUERIES="${QUERIES:-2000}"
CACHE="${KNN_CACHE:-/tmp/embkit-knn-bench}"
EF="${EF:-10,16,20,24,32,40,64,80,128}"
NPROBE="${NPROBE:-4,8,12,16,24,32,48,64}"
REPEAT="${REPEAT:-3}"
PY=/usr/bin/python3
# Passive OpenMP waiting for everyone: spinning threads distort timings badly
# when the machine is shared.
export OMP_WAIT_POLICY=PASSIVE OPENBLAS_NUM_THREADS=1

[ -x "$EMBKIT" ] || { echo "knn.sh: build embkit first ($EMBKIT not found)"; exit 1; }
$PY -c 'import faiss, hnswlib, numpy' 2>/dev/null || { echo "knn.sh: skipped (needs /usr/bin/python3 with faiss, hnswlib, numpy)"; exit 0; }
mkdir -p "$CACHE"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

VECTORS="${KNN_VECTORS:-}"
if [ -z "$VECTORS" ]; then
  VECTORS="$CACHE/wiki17m_sg.vec"
  if [ ! -s "$VECTORS" ]; then
    [ -f "$DATA/corpora/wiki17m.txt.xz" ] || { echo "knn.sh: skipped ($DATA/corpora/wiki17m.txt.xz absent)"; exit 0; }
    command -v fasttext >/dev/null || { echo "knn.sh: skipped (no vectors given and no fasttext to train them)"; exit 0; }
    echo "knn.sh: training wiki17m skip-gram vectors once (cached in $CACHE)" >&2
    xz -dc "$DATA/corpora/wiki17m.txt.xz" > "$WORK/wiki17m.txt"
    fasttext skipgram -input "$WORK/wiki17m.txt" -output "$CACHE/wiki17m_sg" -minn 0 -maxn 0 \
      -thread "$THREADS" -epoch 1 -dim 100 -minCount 5 -verbose 0
    rm -f "$CACHE/wiki17m_sg.bin" "$WORK/wiki17m.txt"
  fi
fi
# One unit-normalised .npy for Python; embkit reads the same file.
"$EMBKIT" convert -i "$VECTORS" -o "$WORK/vecs.npy" --normalize --quiet

echo "== embkit ann-bench" >&2
"$EMBKIT" ann-bench --vectors "$WORK/vecs.npy" --queries "$QUERIES" --k 10 --metric cosine \
  --threads "$THREADS" --index hnsw,ivf,lsh --M 16 --ef-construction 200 --ef-search "$EF" \
  --nprobe "$NPROBE" --lsh-tables 16 --lsh-bits 16 --lsh-probes 0,4,16 --latency-queries 300 \
  --repeat "$REPEAT" --json --quiet > "$WORK/embkit.json"

echo "== faiss / hnswlib" >&2
$PY - "$WORK/vecs.npy" "$QUERIES" "$THREADS" "$EF" "$NPROBE" "$REPEAT" > "$WORK/peers.json" <<'PY'
import json, sys, time
import numpy as np, faiss, hnswlib
path, nq, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
efs = [int(v) for v in sys.argv[4].split(',')]
nprobes = [int(v) for v in sys.argv[5].split(',')]
repeat = int(sys.argv[6])
X = np.ascontiguousarray(np.load(path).astype(np.float32))
n, d = X.shape
rng = np.random.default_rng(1)
Q = np.ascontiguousarray(X[rng.choice(n, min(nq, n), replace=False)])
k = 10
faiss.omp_set_num_threads(threads)
out = {"rows": n, "dim": d, "results": []}

def timed(f):
    t = time.perf_counter(); r = f(); return r, time.perf_counter() - t

def best(f):  # fastest of `repeat` runs, as embkit ann-bench --repeat
    runs = [timed(f) for _ in range(repeat)]
    return runs[0][0], min(t for _, t in runs)

flat = faiss.IndexFlatIP(d); flat.add(X)
(D, I), t = best(lambda: flat.search(Q, k))
out["exact"] = {"qps": len(Q) / t}
kth = D[:, -1]

def recall(ids):  # tie-aware: true score of each returned id within 1e-6 of the k-th
    hits = 0
    for i in range(len(Q)):
        ok = [j for j in set(int(x) for x in ids[i]) if j >= 0]
        s = X[ok] @ Q[i]
        hits += min(k, int((s >= kth[i] - 1e-6).sum()))
    return hits / (k * len(Q))

# hnswlib
h = hnswlib.Index(space="ip", dim=d)
h.init_index(max_elements=n, ef_construction=200, M=16, random_seed=1)
h.set_num_threads(threads)
_, build = timed(lambda: h.add_items(X, np.arange(n)))
for ef in efs:
    h.set_ef(max(ef, k))
    (labels, _), t = best(lambda: h.knn_query(Q, k=k))
    out["results"].append({"index": "hnswlib", "params": {"M": 16, "efConstruction": 200, "efSearch": ef},
                           "build_s": build, "recall": recall(labels), "qps": len(Q) / t})
# faiss HNSW
fh = faiss.IndexHNSWFlat(d, 16, faiss.METRIC_INNER_PRODUCT)
fh.hnsw.efConstruction = 200
_, build = timed(lambda: fh.add(X))
for ef in efs:
    fh.hnsw.efSearch = max(ef, k)
    (_, labels), t = best(lambda: fh.search(Q, k))
    out["results"].append({"index": "faiss-hnsw", "params": {"M": 16, "efConstruction": 200, "efSearch": ef},
                           "build_s": build, "recall": recall(labels), "qps": len(Q) / t})
# faiss IVF-flat, same nlist rule as embkit (4·sqrt(n))
nlist = max(1, int(round(4 * np.sqrt(n))))
quantizer = faiss.IndexFlatIP(d)
ivf = faiss.IndexIVFFlat(quantizer, d, nlist, faiss.METRIC_INNER_PRODUCT)
def build_ivf():
    ivf.train(X); ivf.add(X)
_, build = timed(build_ivf)
for nprobe in nprobes:
    ivf.nprobe = nprobe
    (_, labels), t = best(lambda: ivf.search(Q, k))
    out["results"].append({"index": "faiss-ivf", "params": {"nlist": nlist, "nprobe": nprobe},
                           "build_s": build, "recall": recall(labels), "qps": len(Q) / t})
# faiss LSH, 256 bits
lsh = faiss.IndexLSH(d, 256)
_, build = timed(lambda: lsh.add(X))
(_, labels), t = best(lambda: lsh.search(Q, k))
out["results"].append({"index": "faiss-lsh", "params": {"bits": 256}, "build_s": build,
                       "recall": recall(labels), "qps": len(Q) / t})
json.dump(out, sys.stdout)
PY

$PY - "$WORK/embkit.json" "$WORK/peers.json" "$THREADS" <<'PY'
import json, sys, math
e, p = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
print(f"k-NN benchmark: {e['rows']} x {e['dim']} vectors, {e['queries']} queries, k = 10, cosine, {sys.argv[3]} threads")
print(f"{'index':12} {'params':42} {'build_s':>8} {'recall':>7} {'qps':>9}")
print(f"{'embkit-exact':12} {'-':42} {'-':>8} {1.0:7.3f} {e['exact']['qps']:9.0f}")
print(f"{'faiss-flat':12} {'-':42} {'-':>8} {1.0:7.3f} {p['exact']['qps']:9.0f}")
rows = [dict(r, index="embkit-" + r["index"]) for r in e["results"]] + p["results"]
for r in rows:
    params = " ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}" for k, v in r["params"].items())
    print(f"{r['index']:12} {params:42} {r['build_s']:8.2f} {r['recall']:7.3f} {r['qps']:9.0f}")

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

print("\nratios (embkit / peer; > 1 means embkit is faster, build: < 1 means embkit builds faster)")
print(f"  exact qps          embkit / faiss IndexFlatIP : {e['exact']['qps'] / p['exact']['qps']:.2f}  (target >= 1.0)")
for peer in ("hnswlib", "faiss-hnsw"):
    a, b = qps_at("embkit-hnsw", 0.95), qps_at(peer, 0.95)
    if a and b:
        print(f"  hnsw qps @0.95     embkit / {peer:18}: {a / b:.2f}  ({a:.0f} vs {b:.0f}; target >= 1.0 vs hnswlib)")
    print(f"  hnsw build time    embkit / {peer:18}: {build('embkit-hnsw') / build(peer):.2f}  "
          f"({build('embkit-hnsw'):.1f}s vs {build(peer):.1f}s; target <= 1.0 vs hnswlib)")
for target in (0.9, 0.95):
    a, b = qps_at("embkit-ivf", target), qps_at("faiss-ivf", target)
    if a and b:
        print(f"  ivf qps @{target:.2f}      embkit / faiss IVFFlat    : {a / b:.2f}  ({a:.0f} vs {b:.0f}; target >= 1/1.2 = 0.83)")
PY
