#!/usr/bin/env bash
# TF-IDF, truncated SVD and LSA: embkit against scikit-learn, same run, same input.
#
#   bench/tfidf_lsa.sh [r8|dump|tfidf|svd|all]  (default all; tfidf and svd only when named)
#
# r8:   R8 train → test k-NN accuracy (cosine, majority vote, ties to the
#       smallest label as scikit-learn's KNeighborsClassifier) for TF-IDF and LSA
#       features computed by embkit and by scikit-learn; the k-NN step is the same
#       sklearn code for both, so only the features differ.
# dump: the Wikipedia article dump (30,729 documents, min_df=2): TF-IDF speed and
#       peak memory, then truncated SVD (k=100) speed and accuracy of the top-100
#       singular values against a high-iteration reference.
# tfidf: only the dump's TF-IDF speed (embkit command, then sklearn, same run):
#       wall and CPU seconds of both, and the load average around each; then the
#       whole command against the whole job in Python, best of REPEAT (3) each:
#       `embkit tfidf --output X.npz` (read, fit, write) against reading the
#       articles, TfidfVectorizer(min_df=2).fit_transform and
#       scipy.sparse.save_npz(compressed=False) (the same uncompressed file; the
#       two matrices are checked equal). ENWIKI=/tmp/enwiki.txt skips the
#       decompression.
# svd:  truncated SVD (k=100) of the dump's TF-IDF matrix, every run scored by
#       the worst relative error of its top-100 singular values against ARPACK
#       (scipy.sparse.linalg.svds, the exact reference). First defaults against
#       defaults (embkit svd --dim 100; TruncatedSVD(100)), also value by value,
#       ending in a PASS/FAIL line for issue 20's target (embkit's defaults at
#       least as accurate on each of the top 100 values, >= 3x faster); then tuned against
#       tuned: every configuration in EMBKIT_SVD ("solver:power_iters:oversample
#       ...") and SKLEARN_SVD ("n_iter:n_oversamples ...") on the same matrix in
#       one run, and the fastest of each side within SVD_TOL (1e-3) gives the
#       ratio (EMBKIT_SVD="" SKLEARN_SVD="" runs only the defaults). Timings
#       are the best of REPEAT (3) runs on both sides. scikit-learn
#       runs on OpenBLAS's own kernel with THREADS threads (bench/peers.sh), as
#       embkit gets THREADS threads. ENWIKI=/tmp/enwiki.txt skips the decompression.
# Needs ../shared/data (skips cleanly otherwise), /usr/bin/python3 with sklearn.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
data="$here/../shared/data"
embkit="${EMBKIT:-$here/build/embkit}"
source "$here/bench/peers.sh"
py=$PY
what="${1:-all}"
[[ -x "$embkit" ]] || { echo "embkit binary not found at $embkit (set EMBKIT=...)"; exit 1; }
[[ -d "$data" ]] || { echo "skipped: $data not found"; exit 0; }
$py -c "import sklearn, scipy" 2>/dev/null || { echo "skipped: /usr/bin/python3 lacks scikit-learn"; exit 0; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
threads="${THREADS:-0}"
# The <doc …> … </doc> splitting both Python parts use (what embkit's wikidoc
# format reads: the lines between the tags, joined with "\n").
cat > "$tmp/wikidoc.py" <<'PY'
def read_wikidoc(path):
    docs, cur = [], None
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("<doc"):
                cur = []
            elif line.startswith("</doc>"):
                docs.append("\n".join(cur)); cur = None
            elif cur is not None:
                cur.append(line.rstrip("\n"))
    return docs
PY

if [[ "$what" == r8 || "$what" == all ]]; then
  train="$data/docs/r8-train-all-terms.txt"
  test="$data/docs/r8-test-all-terms.txt"
  for tf in n l; do
    sub=""; [[ $tf == l ]] && sub="--sublinear-tf"
    "$embkit" tfidf -q --threads "$threads" --input "$train" --fold-in "$test" $sub --output "$tmp/tfidf_$tf.mtx"
    for dim in 100 300; do
      "$embkit" lsa -q --threads "$threads" --input "$train" --fold-in "$test" $sub --dim "$dim" \
        --power-iters 5 --output-docs "$tmp/lsa_${tf}_$dim.npy"
    done
  done
  $py - "$train" "$test" "$tmp" <<'PY'
import sys, numpy as np, scipy.io
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.decomposition import TruncatedSVD
from sklearn.neighbors import KNeighborsClassifier
train_path, test_path, tmp = sys.argv[1:4]
def read(p):
    with open(p, encoding="utf-8") as f:
        next(f)
        rows = [l.rstrip("\n").split("\t", 1) for l in f if l.strip()]
    return [r[1] for r in rows], [r[0] for r in rows]
Xtr_text, ytr = read(train_path); Xte_text, yte = read(test_path)
n = len(Xtr_text)
def acc(Ftr, Fte, k):
    clf = KNeighborsClassifier(n_neighbors=k, metric="cosine", algorithm="brute").fit(Ftr, ytr)
    return (clf.predict(Fte) == np.array(yte)).mean()
print("| R8 test accuracy (cosine k-NN) | k | scikit-learn | embkit | diff |")
print("|---|---|---|---|---|")
for tf in "nl":
    v = TfidfVectorizer(sublinear_tf=(tf == "l"))
    Str = v.fit_transform(Xtr_text); Ste = v.transform(Xte_text)
    E = scipy.io.mmread(f"{tmp}/tfidf_{tf}.mtx").tocsr()
    name = "TF-IDF " + ("sublinear" if tf == "l" else "defaults")
    for k in (1, 5, 10):
        a, b = acc(Str, Ste, k), acc(E[:n], E[n:], k)
        print(f"| {name} | {k} | {a:.3f} | {b:.3f} | {b - a:+.3f} |")
    for dim in (100, 300):
        svd = TruncatedSVD(dim, n_iter=5, random_state=0)
        Ltr = svd.fit_transform(Str); Lte = svd.transform(Ste)
        L = np.load(f"{tmp}/lsa_{tf}_{dim}.npy")
        a, b = acc(Ltr, Lte, 5), acc(L[:n], L[n:], 5)
        print(f"| LSA {dim} on {name} | 5 | {a:.3f} | {b:.3f} | {b - a:+.3f} |")
PY
fi

if [[ "$what" == tfidf ]]; then
  dump="${ENWIKI:-}"
  if [[ -z "$dump" ]]; then
    [[ -f "$data/corpora/enwiki-articles.txt.xz" ]] || { echo "skipped: dump not found"; exit 0; }
    dump="$tmp/dump.txt"
    xz -dc "$data/corpora/enwiki-articles.txt.xz" > "$dump"
  fi
  # EMBKIT_BEFORE=path/to/older/embkit adds a row for it (a before/after in
  # the same run); its .mtx must equal the new one byte for byte.
  run_tfidf() {  # binary, tag
    echo "load before embkit ($2): $(cut -d' ' -f1-3 /proc/loadavg)"
    /usr/bin/time -f "%e %U %S %M" -o "$tmp/$2.time" "$1" tfidf --threads "$threads" --input "$dump" \
      --format wikidoc --min-df 2 --output "$tmp/$2/X.mtx" 2> "$tmp/$2.log"
    grep '^tfidf:' "$tmp/$2.log" | head -1
  }
  mkdir -p "$tmp/e_tfidf" "$tmp/before"
  [[ -n "${EMBKIT_BEFORE:-}" ]] && run_tfidf "$EMBKIT_BEFORE" before
  run_tfidf "$embkit" e_tfidf
  if [[ -n "${EMBKIT_BEFORE:-}" ]]; then  # line 3 names the terms file's path
    cmp -s <(sed 3d "$tmp/before/X.mtx") <(sed 3d "$tmp/e_tfidf/X.mtx") && \
      cmp -s "$tmp/before/X.terms.tsv" "$tmp/e_tfidf/X.terms.tsv" && echo "before/after outputs identical" || \
      echo "before/after outputs DIFFER"
  fi
  echo "load before sklearn: $(cut -d' ' -f1-3 /proc/loadavg)"
  $py - "$dump" "$tmp" <<'PY'
import sys, time, re
from sklearn.feature_extraction.text import TfidfVectorizer
path, tmp = sys.argv[1:3]
sys.path.insert(0, tmp)
from wikidoc import read_wikidoc
docs = read_wikidoc(path)
c = time.process_time(); t = time.perf_counter()
X = TfidfVectorizer(min_df=2).fit_transform(docs)
t_fit, c_fit = time.perf_counter() - t, time.process_time() - c
import os
print(f"matrix: {X.shape[0]} x {X.shape[1]}, {X.nnz} non-zeros")
print("| article dump TF-IDF | scikit-learn | embkit | speed-up |")
print("|---|---|---|---|")
for tag, name in (("before", "embkit before"), ("e_tfidf", "embkit")):
    if not os.path.exists(f"{tmp}/{tag}.time"):
        continue
    e_wall, e_user, e_sys, e_rss = open(f"{tmp}/{tag}.time").read().split()
    m = re.search(r"counting ([0-9.e+-]+) s, weighting ([0-9.e+-]+) s", open(f"{tmp}/{tag}.log").read())
    e_fit = float(m.group(1)) + float(m.group(2))
    e_cpu = float(e_user) + float(e_sys)
    print(f"| {name}: fit_transform wall (s) | {t_fit:.2f} | {e_fit:.2f} | {t_fit / e_fit:.1f}x |")
    print(f"| {name}: whole command wall incl. reading + writing .mtx (s) | | {float(e_wall):.2f} | {t_fit / float(e_wall):.1f}x |")
    print(f"| {name}: CPU s (sklearn fit_transform; embkit whole command) | {c_fit:.2f} | {e_cpu:.2f} | {c_fit / e_cpu:.1f}x |")
    print(f"| {name}: peak RSS (MB), whole command | | {int(e_rss) / 1e3:.0f} | |")
PY
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
  # Whole command against whole job: read + fit + write .npz on both sides.
  repeat="${REPEAT:-3}"
  export OPENBLAS_NUM_THREADS="$([[ "$threads" == 0 ]] && nproc || echo "$threads")"
  echo "load before embkit (.npz, best of $repeat): $(cut -d' ' -f1-3 /proc/loadavg)"
  : > "$tmp/e_npz.times"
  for ((r = 0; r < repeat; r++)); do
    /usr/bin/time -f "%e" -a -o "$tmp/e_npz.times" "$embkit" tfidf -q --threads "$threads" --input "$dump" \
      --format wikidoc --min-df 2 --output "$tmp/e_tfidf/X.npz"
  done
  echo "load before sklearn (read + fit_transform + save_npz, best of $repeat): $(cut -d' ' -f1-3 /proc/loadavg)"
  $py - "$dump" "$tmp" "$repeat" <<'PY'
import sys, time
import numpy as np, scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
path, tmp, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.path.insert(0, tmp)
from wikidoc import read_wikidoc
best = float("inf")
for _ in range(repeat):
    t = time.perf_counter()
    X = TfidfVectorizer(min_df=2).fit_transform(read_wikidoc(path))
    sp.save_npz(f"{tmp}/sklearn.npz", X, compressed=False)
    best = min(best, time.perf_counter() - t)
    del X
e_best = min(float(x) for x in open(f"{tmp}/e_npz.times").read().split())
E, S = sp.load_npz(f"{tmp}/e_tfidf/X.npz"), sp.load_npz(f"{tmp}/sklearn.npz")
same = E.shape == S.shape and E.nnz == S.nnz and abs(E - S).max() <= 1e-12
print(f"| whole job: read + fit + write .npz (s), best of {repeat} | scikit-learn | embkit | speed-up |")
print("|---|---|---|---|")
print(f"| article dump, min_df=2 | {best:.2f} | {e_best:.2f} | {best / e_best:.1f}x |")
print(f"matrices {'equal (max abs diff <= 1e-12)' if same else 'DIFFER'}: {E.shape[0]} x {E.shape[1]}, {E.nnz} non-zeros")
print(f"target >= 10x: {'met' if best / e_best >= 10 else 'NOT met'}")
PY
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
fi

if [[ "$what" == svd ]]; then
  if [[ -n "${ENWIKI:-}" ]]; then dump_txt="$ENWIKI"; else
    dump="$data/corpora/enwiki-articles.txt.xz"
    [[ -f "$dump" ]] || { echo "skipped: $dump not found"; exit 0; }
    xz -dc "$dump" > "$tmp/dump.txt"; dump_txt="$tmp/dump.txt"
  fi
  repeat="${REPEAT:-3}"
  export OPENBLAS_NUM_THREADS="$([[ "$threads" == 0 ]] && nproc || echo "$threads")"
  peer_versions
  # One matrix for every side: embkit's .npz, which scipy.sparse.load_npz reads.
  "$embkit" tfidf -q --threads "$threads" --input "$dump_txt" --format wikidoc --min-df 2 --output "$tmp/X.npz"
  # The exact reference: ARPACK's Lanczos (scipy.sparse.linalg.svds) to machine precision.
  $py - "$tmp" <<'PY'
import sys, json, time, numpy as np, scipy.sparse as sp
from scipy.sparse.linalg import svds
X = sp.load_npz(f"{sys.argv[1]}/X.npz").astype(np.float64)
t = time.perf_counter()
s = np.sort(svds(X, k=100, tol=0, return_singular_vectors=False, random_state=0))[::-1]
json.dump({"singular_values": s.tolist(), "seconds": time.perf_counter() - t}, open(f"{sys.argv[1]}/ref.json", "w"))
PY
  svd() { "$embkit" svd -q --threads "$threads" --input "$tmp/X.npz" --dim 100 --json "$@"; }
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  # Each configuration runs `repeat` times; the fastest run is kept (best-of-N on both sides).
  : > "$tmp/embkit_runs.txt"
  for cfg in defaults ${EMBKIT_SVD-krylov:4:10 krylov:5:10 subspace:4:10}; do
    for ((r = 0; r < repeat; r++)); do
      if [[ $cfg == defaults ]]; then svd > "$tmp/e.json"; else
        IFS=: read -r solver q p <<< "$cfg"
        svd --solver "$solver" --power-iters "$q" --oversample "$p" > "$tmp/e.json"
      fi
      echo "$cfg $(tr -d '\n' < "$tmp/e.json")" >> "$tmp/embkit_runs.txt"
    done
  done
  $py - "$tmp" "${SKLEARN_SVD-5:10 10:10 20:10 30:10}" "${SVD_TOL:-1e-3}" "$repeat" <<'PY'
import sys, json, time, numpy as np, scipy.sparse as sp
from sklearn.decomposition import TruncatedSVD
tmp, configs, tol, repeat = sys.argv[1], sys.argv[2].split(), float(sys.argv[3]), int(sys.argv[4])
X = sp.load_npz(f"{tmp}/X.npz")
ref_json = json.load(open(f"{tmp}/ref.json"))
ref = np.array(ref_json["singular_values"])
def err(s): return float(np.max(np.abs(np.asarray(s) - ref) / ref))
print(f"matrix {X.shape[0]} x {X.shape[1]}, {X.nnz} non-zeros; k = 100; best of {repeat} runs each; "
      f"errors against ARPACK (scipy svds, {ref_json['seconds']:.0f} s)")
runs, values = {}, {}
for line in open(f"{tmp}/embkit_runs.txt"):
    cfg, js = line.split(" ", 1); d = json.loads(js)
    setting = "defaults" if cfg == "defaults" else "--solver {} --power-iters {} --oversample {}".format(*cfg.split(":"))
    runs.setdefault(("embkit", setting), []).append((d["svd_seconds"], err(d["singular_values"])))
    values[("embkit", setting)] = np.asarray(d["singular_values"])
def sklearn(label, **kw):
    for _ in range(repeat):
        t = time.perf_counter()
        s = TruncatedSVD(100, random_state=0, **kw).fit(X).singular_values_
        runs.setdefault(("scikit-learn", label), []).append((time.perf_counter() - t, err(s)))
        values[("scikit-learn", label)] = np.asarray(s)
sklearn("defaults")
for cfg in configs:
    q, p = (int(x) for x in cfg.split(":"))
    sklearn(f"TruncatedSVD(n_iter={q}, n_oversamples={p})", n_iter=q, n_oversamples=p)
rows = [(tool, setting, min(t for t, _ in v), max(e for _, e in v)) for (tool, setting), v in runs.items()]
print("\ndefaults against defaults (embkit svd --dim 100; TruncatedSVD(100)):")
print("| tool | seconds | max rel. error, top 100 |")
print("|---|---:|---:|")
d = {tool: (secs, e) for tool, setting, secs, e in rows if setting == "defaults"}
for tool in ("embkit", "scikit-learn"):
    print(f"| {tool} | {d[tool][0]:.1f} | {d[tool][1]:.1e} |")
speedup = d['scikit-learn'][0] / d['embkit'][0]
print(f"speed-up with defaults: {speedup:.1f}x")
# Per value: embkit's relative error must not exceed scikit-learn's on any of
# the top 100. Below FLOOR both are rounding (ARPACK's own values are exact
# only to ~1e-15 relative on this spectrum: eps * sigma_1 / sigma_i), so errors
# under it count as equal.
FLOOR = 1e-14
e_err = np.abs(values[("embkit", "defaults")] - ref) / ref
s_err = np.abs(values[("scikit-learn", "defaults")] - ref) / ref
worse = [i for i in range(len(ref)) if e_err[i] > max(s_err[i], FLOOR)]
print("\nper value, defaults (relative error against ARPACK; every 10th value and every one where embkit is worse):")
print("| i | sigma_i (ARPACK) | embkit | scikit-learn |")
print("|---:|---:|---:|---:|")
for i in range(len(ref)):
    if i % 10 == 0 or i == len(ref) - 1 or i in worse:
        print(f"| {i + 1} | {ref[i]:.6f} | {e_err[i]:.1e} | {s_err[i]:.1e}{' ✗' if i in worse else ''} |")
print(f"embkit at least as accurate on {len(ref) - len(worse)} of {len(ref)} values (errors under {FLOOR:g} count as equal); "
      f"worst {e_err.max():.1e} against {s_err.max():.1e}")
ok = not worse and speedup >= 3
print(("PASS" if ok else "FAIL") + f": defaults at least as accurate on every top-{len(ref)} value: {'yes' if not worse else 'no'}; "
      f"{speedup:.1f}x faster (target >= 3x)")
print(f"\ntuned against tuned (fastest of each side within {tol:g} of ARPACK):")
print("| tool | setting | seconds | max rel. error, top 100 |")
print("|---|---|---:|---:|")
for tool, setting, secs, e in rows:
    if setting != "defaults":
        print(f"| {tool} | {setting} | {secs:.1f} | {e:.1e}{' ✓' if e <= tol else ''} |")
best = {}
for tool, setting, secs, e in rows:
    if setting != "defaults" and e <= tol and (tool not in best or secs < best[tool][1]): best[tool] = (setting, secs)
for tool in ("embkit", "scikit-learn"):
    print(f"fastest {tool} within {tol:g}: " + (f"{best[tool][0]}, {best[tool][1]:.1f} s" if tool in best else "none"))
if len(best) == 2:
    print(f"speed-up at equal accuracy: {best['scikit-learn'][1] / best['embkit'][1]:.1f}x")
PY
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
fi

if [[ "$what" == dump || "$what" == all ]]; then
  dump="$data/corpora/enwiki-articles.txt.xz"
  [[ -f "$dump" ]] || { echo "skipped: $dump not found"; exit 0; }
  xz -dc "$dump" > "$tmp/dump.txt"
  # TF-IDF: whole command (read + tokenize + count + weight + write) and the
  # in-library part, with peak RSS.
  /usr/bin/time -f "%e %M" -o "$tmp/e_tfidf.time" "$embkit" tfidf --threads "$threads" --input "$tmp/dump.txt" \
    --format wikidoc --min-df 2 --output "$tmp/X.mtx" 2> "$tmp/e_tfidf.log"
  grep '^tfidf:' "$tmp/e_tfidf.log" | head -1
  # The same matrix through the in-memory SVD path (no Matrix Market round trip):
  /usr/bin/time -f "%e %M" -o "$tmp/e_lsa.time" "$embkit" lsa -q --threads "$threads" --input "$tmp/dump.txt" \
    --format wikidoc --min-df 2 --dim 100 --power-iters "${POWER_ITERS:-4}" --json > "$tmp/e_lsa.json"
  "$embkit" lsa -q --threads "$threads" --input "$tmp/dump.txt" --format wikidoc --min-df 2 --dim 100 \
    --power-iters 12 --oversample 50 --json > "$tmp/ref.json"
  $py - "$tmp" <<'PY'
import sys, time, json, resource, numpy as np
tmp = sys.argv[1]
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.decomposition import TruncatedSVD
sys.path.insert(0, tmp)
from wikidoc import read_wikidoc
docs = read_wikidoc(f"{tmp}/dump.txt")
t = time.perf_counter(); X = TfidfVectorizer(min_df=2).fit_transform(docs); t_tfidf = time.perf_counter() - t
rss_tfidf = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
del docs
res = {}
for n_iter in (2, 5):
    t = time.perf_counter(); s = TruncatedSVD(100, n_iter=n_iter, random_state=0).fit(X).singular_values_
    res[n_iter] = (time.perf_counter() - t, s)
rss_all = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
e_secs, e_rss = open(f"{tmp}/e_tfidf.time").read().split()
log = open(f"{tmp}/e_tfidf.log").read()
import re
m = re.search(r"counting ([0-9.e+-]+) s, weighting ([0-9.e+-]+) s", log)
e_lib = float(m.group(1)) + float(m.group(2))
lsa = json.load(open(f"{tmp}/e_lsa.json")); ref = np.array(json.load(open(f"{tmp}/ref.json"))["singular_values"])
l_secs, l_rss = open(f"{tmp}/e_lsa.time").read().split()
def err(s): return np.max(np.abs(np.asarray(s) - ref) / ref)
print(f"matrix: {X.shape[0]} x {X.shape[1]}, {X.nnz} non-zeros (embkit: {lsa['documents']} x {lsa['terms']}, {lsa['nonzeros']})")
print("| article dump | scikit-learn | embkit | speed-up |")
print("|---|---|---|---|")
print(f"| TF-IDF fit_transform (s) | {t_tfidf:.1f} | {e_lib:.2f} | {t_tfidf / e_lib:.1f}x |")
print(f"| TF-IDF whole command incl. reading + writing .mtx (s) | | {float(e_secs):.1f} | {t_tfidf / float(e_secs):.1f}x |")
print(f"| TF-IDF peak RSS (MB) | {rss_tfidf / 1e6:.0f} | {int(e_rss) / 1e3:.0f} | |")
print(f"| LSA command peak RSS (MB), sklearn: TF-IDF + SVD | {rss_all / 1e6:.0f} | {int(l_rss) / 1e3:.0f} | |")
for n_iter in (2, 5):
    print(f"| TruncatedSVD(100, n_iter={n_iter}) (s) | {res[n_iter][0]:.1f} | {lsa['svd_seconds']:.1f} | {res[n_iter][0] / lsa['svd_seconds']:.1f}x |")
print(f"| max rel. error of top-100 singular values vs reference | n_iter=2: {err(res[2][1]):.2e}, n_iter=5: {err(res[5][1]):.2e} | {err(lsa['singular_values']):.2e} | |")
print("top-5 singular values (embkit):", " ".join(f"{x:.3f}" for x in lsa["singular_values"][:5]))
print("top-5 singular values (sklearn n_iter=5):", " ".join(f"{x:.3f}" for x in res[5][1][:5]))
PY
fi
