"""similarity and analogy give the numbers `embkit similarity/analogy --json` print."""
import math

import pytest

import embkit
from conftest import CORPORA, cli_json

DATASETS = ["EN-WS-353-ALL.txt", "EN-SIMLEX-999.txt", "EN-RG-65.txt"]


@pytest.mark.parametrize("dataset", DATASETS)
def test_similarity_equals_the_cli(sample_vectors, dataset):
    path = CORPORA / "eval" / dataset
    kv = embkit.read_vectors(sample_vectors)
    got = embkit.similarity(kv, path)
    want = cli_json("similarity", "--vectors", sample_vectors, "--dataset", path)["datasets"][0]
    for key in ("dataset", "spearman", "pairs_used", "pairs_total"):
        assert got[key] == want[key], key
    assert got["pairs_used"] + len(got["oov_pairs"]) == got["pairs_total"]
    restricted = embkit.similarity(kv, path, restrict=3000)
    want = cli_json("similarity", "--vectors", sample_vectors, "--dataset", path, "--restrict", 3000)["datasets"][0]
    assert (restricted["spearman"], restricted["pairs_used"]) == (want["spearman"], want["pairs_used"])


@pytest.mark.parametrize("method", ["3cosadd", "3cosmul"])
def test_analogy_equals_the_cli(sample_vectors, method):
    path = CORPORA / "eval" / "questions-words.txt"
    got = embkit.analogy(embkit.read_vectors(sample_vectors), path, method=method)
    want = cli_json("analogy", "--vectors", sample_vectors, "--questions", path, "--method", method)
    for key in ("method", "restrict", "semantic_accuracy", "syntactic_accuracy", "total_accuracy", "seen", "total"):
        assert got[key] == want[key], key
    assert len(got["sections"]) == len(want["sections"])
    for g, w in zip(got["sections"], want["sections"]):
        assert {k: g[k] for k in w} == w


def test_bad_datasets(tmp_path, sample_vectors):
    kv = embkit.read_vectors(sample_vectors)
    with pytest.raises(FileNotFoundError, match="missing.txt: cannot open"):
        embkit.similarity(kv, tmp_path / "missing.txt")
    bad = tmp_path / "bad.txt"
    bad.write_text("king\tqueen\t5\nman\twoman\tmany\n")
    with pytest.raises(ValueError, match="bad.txt:2"):
        embkit.similarity(kv, bad)
    with pytest.raises(ValueError, match="3cosadd or 3cosmul"):
        embkit.analogy(kv, CORPORA / "eval" / "questions-words.txt", method="3cosmax")
    with pytest.raises(ValueError, match="^restrict must be at least 0, got -1$"):
        embkit.similarity(kv, CORPORA / "eval" / "EN-RG-65.txt", restrict=-1)
    one = tmp_path / "one.txt"
    one.write_text("king\tqueen\t5\n")
    assert math.isnan(embkit.similarity(kv, one)["spearman"])
