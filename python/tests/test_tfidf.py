"""embkit.tfidf equals scikit-learn's TfidfVectorizer; svd, pca and lsa."""
import numpy as np
import pytest
import scipy.sparse

import embkit
from conftest import require_module, shared

DOCS = ["the cat sat on the mat", "the dog sat", "a cat and a dog", "Mat mat MAT"]


def by_hand(docs):
    """sklearn's default weighting from its formula: c · (ln((1+N)/(1+df)) + 1), rows L2-normalized."""
    import re
    tokens = [re.findall(r"(?u)\b\w\w+\b", d.lower()) for d in docs]
    terms = sorted({t for ts in tokens for t in ts})
    counts = np.array([[ts.count(t) for t in terms] for ts in tokens], dtype=float)
    df = (counts > 0).sum(axis=0)
    w = counts * (np.log((1 + len(docs)) / (1 + df)) + 1)
    return w / np.linalg.norm(w, axis=1, keepdims=True), terms


def test_tfidf_equals_its_formula():
    X, terms = embkit.tfidf(DOCS)
    want, want_terms = by_hand(DOCS)
    assert scipy.sparse.isspmatrix_csr(X) and X.shape == (4, len(want_terms))
    assert terms == want_terms
    np.testing.assert_allclose(X.toarray(), want, rtol=0, atol=1e-15)


def test_tfidf_equals_scikit_learn_on_r8():
    text = require_module("sklearn.feature_extraction.text")
    path = shared("docs/r8-train-all-terms.txt")
    docs = [line.split("\t", 1)[1] for line in path.read_text(encoding="utf-8").splitlines()[1:] if line]
    for options, sk in [({}, {}), ({"sublinear_tf": True, "min_df": 2, "max_df": 0.5}, {"sublinear_tf": True, "min_df": 2, "max_df": 0.5})]:
        X, terms = embkit.tfidf(docs, **options)
        vectorizer = text.TfidfVectorizer(**sk)
        want = vectorizer.fit_transform(docs)
        assert terms == list(vectorizer.get_feature_names_out())
        assert X.shape == want.shape
        assert abs(X - want).max() <= 1e-12
    X_path, _ = embkit.tfidf(path)  # label<TAB>text read as `embkit tfidf --input`
    assert abs(X_path - embkit.tfidf(docs)[0]).max() == 0


def test_tfidf_bad_arguments():
    with pytest.raises(ValueError, match="min_df"):
        embkit.tfidf(DOCS, min_df=-1)
    with pytest.raises(ValueError, match="sublinear_tf applies to raw counts"):
        embkit.tfidf(DOCS, smart="bsc", sublinear_tf=True)
    with pytest.raises(ValueError, match="empty vocabulary"):
        embkit.tfidf(["a b", "c"])


def test_svd_matches_numpy():
    rng = np.random.default_rng(0)
    A = rng.standard_normal((60, 40))
    U, S, V = embkit.svd(scipy.sparse.csr_matrix(A), 5, exact=True)
    u, s, vt = np.linalg.svd(A, full_matrices=False)
    np.testing.assert_allclose(S, s[:5], rtol=1e-10)
    np.testing.assert_allclose(np.abs(U.T @ u[:, :5]), np.eye(5), atol=1e-8)
    np.testing.assert_allclose(U * S @ V.T, (u[:, :5] * s[:5]) @ vt[:5], atol=1e-10)
    S_dense = embkit.svd(A, 5, power_iters=30)[1]  # randomized, dense input: close on a flat spectrum
    np.testing.assert_allclose(S_dense, s[:5], rtol=1e-2)
    with pytest.raises(ValueError, match="^k must be at least 1, got 0$"):
        embkit.svd(A, 0)


def test_pca_matches_numpy():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((50, 6)) @ rng.standard_normal((6, 6))
    r = embkit.pca(X, 3)
    Xc = X - X.mean(axis=0)
    _, s, vt = np.linalg.svd(Xc, full_matrices=False)
    np.testing.assert_allclose(r["mean"], X.mean(axis=0), atol=1e-12)
    np.testing.assert_allclose(r["explained_variance"], s[:3] ** 2 / 49, rtol=1e-10)
    np.testing.assert_allclose(np.abs(r["components"]), np.abs(vt[:3]), atol=1e-10)
    np.testing.assert_allclose(r["projection"], Xc @ r["components"].T, atol=1e-10)


def test_lsa_documents_are_tfidf_times_v():
    r = embkit.lsa(DOCS, 2, exact=True)
    X, terms = embkit.tfidf(DOCS)
    assert r["terms"].words == terms and r["documents"].shape == (4, 2)
    V = r["terms"].vectors.astype(np.float64) / r["singular_values"]  # terms = V S (sigma_power 1)
    np.testing.assert_allclose(r["documents"], X @ V, atol=1e-6)


def test_lsa_options_are_checked_by_the_library_with_keyword_names():
    # LsaOptions::validate, the same check as `embkit lsa`'s, named as the keywords.
    for kw, fragment in [(dict(dim=0), "dim must be at least 1"),
                         (dict(sigma_power=3.0), "sigma_power must be between 0 and 1"),
                         (dict(power_iters=-1), "power_iters must be at least 0"),
                         (dict(oversample=-2), "oversample must be at least 0")]:
        with pytest.raises(ValueError, match=fragment):
            embkit.lsa(DOCS, **({"dim": 2} | kw))
