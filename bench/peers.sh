# Sourced by every benchmark that runs a peer. Puts the peers at their best and
# says what they ran with.
#
# OpenBLAS: this machine sets OPENBLAS_CORETYPE=Haswell and OPENBLAS_L2_SIZE for
# old OpenBLAS builds; on its CPU they force the AVX2 kernels, which halves the
# sgemm rate of the current OpenBLAS (103 against 197 GFLOP/s measured). faiss's
# flat search, scikit-learn's TruncatedSVD and numpy are BLAS-bound, so both are
# unset for the whole benchmark (embkit does not use BLAS: Eigen's own kernels).
# Debian's default libblas3 is the slow reference BLAS: the pthread OpenBLAS must
# be installed (apt-get install libopenblas0-pthread), and peer_versions checks
# which library and kernel numpy actually loaded (threadpoolctl).
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
PY=/usr/bin/python3

# peer_versions: one line per peer found, and the BLAS kernel numpy runs.
# Refuses to go on (exit 1) when numpy would run on the reference BLAS.
peer_versions() {
  "$PY" - <<'PYEOF' || exit 1
import importlib, importlib.metadata, sys
versions = []
for name in ("numpy", "scipy", "sklearn", "gensim", "faiss", "hnswlib"):
    try:
        module = importlib.import_module(name)
    except ImportError:
        continue
    version = getattr(module, "__version__", None)
    if version is None:  # hnswlib has no __version__; its package metadata does
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "?"
    versions.append(f"{name} {version}")
print("peers: " + ", ".join(versions))
try:
    import numpy, threadpoolctl
except ImportError:
    sys.exit("peers: numpy or threadpoolctl missing (apt-get install python3-numpy python3-threadpoolctl)")
blas = [i for i in threadpoolctl.threadpool_info() if i.get("user_api") == "blas"]
for i in blas:
    print(f"peers' BLAS: {i.get('internal_api')} {i.get('version')} ({i.get('threading_layer')}), "
          f"kernel {i.get('architecture')}, {i.get('num_threads')} threads, {i.get('filepath')}")
if not any(i.get("internal_api") == "openblas" for i in blas):
    sys.exit("peers: numpy does not run on OpenBLAS (apt-get install libopenblas0-pthread)")
PYEOF
  if command -v fasttext >/dev/null; then
    echo "peers: fasttext $(dpkg-query -W -f='${Version}' fasttext 2>/dev/null || echo '?')"
  fi
}
