"""embkit.encode: the encodings by their definitions, and the CLI's bag of words."""
import numpy as np
import pytest

import embkit
from conftest import CORPORA, cli

COLOURS = ["red", "green", "red", "blue"]


def test_categorical_encodings():
    X, names = embkit.encode(COLOURS, "onehot")
    assert names == ["blue", "green", "red"] and X.dtype == np.float32
    assert np.array_equal(X, [[0, 0, 1], [0, 1, 0], [0, 0, 1], [1, 0, 0]])
    X, names = embkit.encode(COLOURS, "dummy")
    assert names == ["green", "red"] and np.array_equal(X, [[0, 1], [1, 0], [0, 1], [0, 0]])
    X, _ = embkit.encode(COLOURS, "ordinal")
    assert np.array_equal(X.ravel(), [2, 1, 2, 0])
    X, _ = embkit.encode(["red", "pink"], "onehot", fit=COLOURS, unknown="ignore")
    assert np.array_equal(X, [[0, 0, 1], [0, 0, 0]])
    with pytest.raises(ValueError, match="pink"):
        embkit.encode(["red", "pink"], "onehot", fit=COLOURS)
    with pytest.raises(ValueError, match="^method must be ordinal, onehot, dummy or bow, got 'hash'$"):
        embkit.encode(COLOURS, "hash")


def test_bag_of_words_equals_the_cli(tmp_path):
    docs = (CORPORA / "three-documents.txt").read_text().splitlines()
    X, terms = embkit.encode(docs, "bow")
    out = tmp_path / "bow.csv"
    cli("encode", "--method", "bow", "--input", CORPORA / "three-documents.txt", "--output", out)
    header, *rows = out.read_text().splitlines()
    assert header.split(",") == terms
    assert np.array_equal(X.toarray(), np.array([r.split(",") for r in rows], dtype=float))
