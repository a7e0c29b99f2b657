"""embkit.doc2vec, embkit.doc2vec_infer and embkit.sif: the CLI's vectors
(one thread, same seed), the words only where they are trained, and errors."""
import numpy as np
import pytest

import embkit
from conftest import cli


def toy_documents():
    """Two topics of 10 words each plus shared words, 24 documents of 12 words."""
    rng = np.random.default_rng(3)
    docs = []
    for d in range(24):
        topic = "a" if d % 2 == 0 else "b"
        docs.append(" ".join(f"the{rng.integers(3)}" if rng.random() < 0.3 else f"{topic}{rng.integers(10)}"
                             for _ in range(12)))
    return docs


@pytest.fixture
def docs_file(tmp_path):
    path = tmp_path / "docs.txt"
    path.write_text("\n".join(toy_documents()) + "\n", encoding="ascii")
    return path


SETTINGS = dict(dim=8, epochs=3, min_count=1, threads=1, seed=5)


@pytest.mark.parametrize("mode", ["dbow", "dm"])
def test_doc2vec_equals_the_cli_with_one_thread(docs_file, tmp_path, mode):
    out, words = tmp_path / "d.bin", tmp_path / "w.bin"
    extra = ["--words-output", words] if mode == "dm" else []
    cli("doc2vec", "--input", docs_file, "--output", out, "--mode", mode, "--dim", 8, "--epochs", 3, "--min-count", 1,
        "--threads", 1, "--seed", 5, "--quiet", *extra)
    r = embkit.doc2vec(docs_file, mode=mode, quiet=True, **SETTINGS)
    expected = embkit.read_vectors(out)
    assert r["documents"].words == expected.words == [f"doc{i}" for i in range(24)]
    assert np.array_equal(r["documents"].vectors, expected.vectors)
    if mode == "dm":
        assert np.array_equal(r["words"].vectors, embkit.read_vectors(words).vectors)
    else:
        assert r["words"] is None  # plain PV-DBOW trains no word vectors
    from_list = embkit.doc2vec(toy_documents(), mode=mode, quiet=True, **SETTINGS)
    assert np.array_equal(from_list["documents"].vectors, expected.vectors)


def test_doc2vec_infer_uses_a_saved_model(docs_file, tmp_path):
    model = tmp_path / "m.d2v"
    embkit.doc2vec(docs_file, save_model=model, quiet=True, **SETTINGS)
    out = tmp_path / "n.bin"
    cli("doc2vec", "--infer", docs_file, "--load-model", model, "--output", out, "--seed", 2, "--quiet")
    inferred = embkit.doc2vec_infer(docs_file, load_model=model, seed=2, threads=2)
    assert np.array_equal(inferred.vectors, embkit.read_vectors(out).vectors)


def test_sif_equals_the_cli(docs_file, tmp_path):
    words = embkit.doc2vec(docs_file, mode="dm", quiet=True, **SETTINGS)["words"]
    vectors = tmp_path / "w.vec"
    embkit.write_vectors(vectors, words)
    out = tmp_path / "s.bin"
    cli("sif", "--vectors", vectors, "--input", docs_file, "--output", out, "--a", 0.01, "--threads", 1, "--quiet")
    expected = embkit.read_vectors(out).vectors
    assert np.allclose(embkit.sif(words, docs_file, a=0.01, threads=1).vectors, expected, atol=1e-6)
    assert np.allclose(embkit.sif(vectors, toy_documents(), a=0.01, threads=1).vectors, expected, atol=1e-6)


def test_bad_arguments_raise_value_error(docs_file, tmp_path):
    with pytest.raises(ValueError, match="mode must be dbow or dm"):
        embkit.doc2vec(docs_file, mode="dmx", quiet=True)
    with pytest.raises(ValueError, match="lr must be a positive number"):
        embkit.doc2vec(docs_file, lr=0, quiet=True)
    with pytest.raises(ValueError, match="dbow_words applies to mode dbow only"):
        embkit.doc2vec(docs_file, mode="dm", dbow_words=True, quiet=True)
    with pytest.raises(ValueError, match="not an embkit doc2vec model"):
        embkit.doc2vec_infer(docs_file, load_model=docs_file)
    with pytest.raises(ValueError, match="a must be a positive number"):
        embkit.sif(embkit.KeyedVectors(["a1"], np.ones((1, 2), dtype=np.float32)), docs_file, a=0)
    with pytest.raises(ValueError, match="none of the 24 documents has a word with a vector"):
        embkit.sif(embkit.KeyedVectors(["zebra"], np.ones((1, 2), dtype=np.float32)), docs_file)
