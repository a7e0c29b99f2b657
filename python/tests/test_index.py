"""embkit.Index: exact search equals numpy's brute force; the approximate
indexes find most of the true neighbours; bad arguments."""
import numpy as np
import pytest

import embkit


def data(rows=500, dim=24, queries=40, seed=3):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((rows, dim)).astype(np.float32),
            rng.standard_normal((queries, dim)).astype(np.float32))


def brute_force(X, Q, k, metric):
    """(ids, scores): best first, ties by ascending id, as index.h states."""
    X64, Q64 = X.astype(np.float64), Q.astype(np.float64)
    if metric == "cosine":
        scores = (Q64 / np.linalg.norm(Q64, axis=1, keepdims=True)) @ (X64 / np.linalg.norm(X64, axis=1, keepdims=True)).T
    elif metric == "dot":
        scores = Q64 @ X64.T
    else:
        scores = -np.sqrt(((Q64[:, None, :] - X64[None, :, :]) ** 2).sum(axis=2))
    ids = np.argsort(-scores, axis=1, kind="stable")[:, :k]
    best = np.take_along_axis(scores, ids, axis=1)
    return ids, (best if metric != "l2" else -best)


@pytest.mark.parametrize("metric", ["cosine", "dot", "l2"])
def test_exact_search_equals_numpy(metric):
    X, Q = data()
    ids, scores = embkit.Index(X, "exact", metric).search(Q, 10)
    want_ids, want_scores = brute_force(X, Q, 10, metric)
    assert ids.dtype == np.int64 and scores.dtype == np.float32 and ids.shape == (40, 10)
    assert np.array_equal(ids, want_ids)
    np.testing.assert_allclose(scores, want_scores, rtol=1e-4, atol=1e-4)


def test_index_over_keyed_vectors_and_one_query():
    X, Q = data()
    kv = embkit.KeyedVectors([f"w{i}" for i in range(len(X))], X)
    index = embkit.Index(kv)
    assert (index.kind, index.metric, len(index), index.dim) == ("exact", "cosine", 500, 24)
    ids, _ = index.search(Q[0], 5)
    assert ids.shape == (1, 5)
    assert np.array_equal(ids[0], brute_force(X, Q[:1], 5, "cosine")[0][0])


@pytest.mark.parametrize("kind,params", [("hnsw", {}), ("ivf", {"nprobe": 64}),
                                         ("lsh", {"lsh_bits": 6, "lsh_tables": 32, "lsh_probes": 2}), ("kdtree", {})])
def test_approximate_indexes_find_the_true_neighbours(kind, params):
    X, Q = data(rows=2000)
    metric = "l2" if kind == "kdtree" else "cosine"
    ids, _ = embkit.Index(X, kind, metric, threads=1, **params).search(Q, 10)
    truth, _ = brute_force(X, Q, 10, metric)
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(ids, truth)])
    assert recall > 0.9, recall


def test_bad_arguments():
    X, Q = data()
    with pytest.raises(ValueError, match="index"):
        embkit.Index(X, "annoy")
    with pytest.raises(ValueError, match="metric"):
        embkit.Index(X, "exact", "manhattan")
    with pytest.raises(ValueError, match="^M must be at least 2, got 1$"):
        embkit.Index(X, "hnsw", M=1)
    with pytest.raises(ValueError, match="lsh_probes must be at most lsh_bits"):
        embkit.Index(X, "lsh", lsh_bits=4, lsh_probes=5)
    index = embkit.Index(X)
    with pytest.raises(ValueError, match="queries have 3 dimensions, the index 24"):
        index.search(np.zeros((2, 3), np.float32), 5)
    with pytest.raises(ValueError, match="^k must be at least 1, got 0$"):
        index.search(Q, 0)
