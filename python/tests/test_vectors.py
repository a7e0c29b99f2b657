"""KeyedVectors, read_vectors and write_vectors."""
import numpy as np
import pytest

import embkit
from conftest import require_module


def small():
    rng = np.random.default_rng(1)
    return embkit.KeyedVectors(["king", "queen", "man", "woman", "apple"],
                               rng.standard_normal((5, 8)).astype(np.float32))


def test_vectors_share_memory_with_the_object():
    kv = small()
    v = kv.vectors
    assert v.dtype == np.float32 and v.shape == (5, 8) and len(kv) == 5 and kv.dim == 8
    assert np.shares_memory(v, kv.vectors)
    v[1, 0] = 42.0  # a write through the array is seen by the C++ side
    assert kv["queen"][0] == 42.0
    assert kv.index_of("queen") == 1 and kv.words[1] == "queen" and "queen" in kv and "prince" not in kv
    del kv
    assert v[1, 0] == 42.0  # the view keeps the vectors alive


def test_missing_word_is_a_key_error():
    kv = small()
    with pytest.raises(KeyError, match="prince"):
        kv["prince"]
    with pytest.raises(KeyError):
        kv.index_of("prince")


def test_most_similar_is_a_brute_force_cosine_search():
    kv = small()
    got = kv.most_similar("king", topn=3)
    x = kv.vectors / np.linalg.norm(kv.vectors, axis=1, keepdims=True)
    cos = x @ x[0]
    cos[0] = -np.inf
    order = np.argsort(-cos, kind="stable")[:3]
    assert [w for w, _ in got] == [kv.words[i] for i in order]
    np.testing.assert_allclose([s for _, s in got], cos[order], rtol=1e-5)
    by_vector = kv.most_similar(kv["king"], topn=1)
    assert by_vector[0][0] == "king"
    with pytest.raises(ValueError, match="topn must be at least 1, got 0"):
        kv.most_similar("king", topn=0)


@pytest.mark.parametrize("name", ["v.vec", "v.bin", "v.npy"])
def test_write_then_read_gives_the_same_vectors(tmp_path, name):
    kv = small()
    embkit.write_vectors(tmp_path / name, kv)
    back = embkit.read_vectors(tmp_path / name)
    assert back.words == kv.words
    if name == "v.vec":
        np.testing.assert_allclose(back.vectors, kv.vectors, rtol=1e-6)
    else:
        assert np.array_equal(back.vectors, kv.vectors)
    assert len(embkit.read_vectors(tmp_path / name, limit=2)) == 2


def test_bad_files_and_arguments_raise_the_library_messages(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothing.vec: cannot open: No such file or directory"):
        embkit.read_vectors(tmp_path / "nothing.vec")
    bad = tmp_path / "bad.vec"
    bad.write_text("2 3\na 1 2 3\nb 1 2\n")
    with pytest.raises(ValueError, match=r"bad.vec:3: "):
        embkit.read_vectors(bad)
    with pytest.raises(ValueError, match="vector format must be"):
        embkit.read_vectors(bad, format="xml")
    with pytest.raises(ValueError, match="limit must be at least 0, got -1"):
        embkit.read_vectors(bad, limit=-1)
    with pytest.raises(ValueError, match="duplicate"):
        embkit.KeyedVectors(["a", "a"], np.zeros((2, 3), np.float32))
    with pytest.raises(ValueError):
        embkit.KeyedVectors(["a", "b"], np.zeros((3, 3), np.float32))


def test_to_gensim():
    require_module("gensim")
    kv = small()
    g = kv.to_gensim()
    assert list(g.index_to_key) == kv.words
    assert np.array_equal(g["woman"], kv["woman"])
