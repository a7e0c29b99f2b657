"""embkit.mf gives the CLI's metrics and factors (one thread, same seed)."""
import math

import numpy as np
import pytest

import embkit
from conftest import CORPORA, cli, cli_json

RATINGS = CORPORA / "ratings-small.tsv"


def test_sgd_equals_the_cli(tmp_path):
    want = cli_json("mf", "--train", RATINGS, "--algo", "sgd", "--dim", 8, "--epochs", 5, "--threads", 1,
                    "--seed", 4, "--quiet", "--output-users", tmp_path / "u.bin")
    got = embkit.mf(RATINGS, algo="sgd", dim=8, epochs=5, threads=1, seed=4, quiet=True)
    assert got["train_rmse"] == want["train_rmse"] and math.isnan(got["test_rmse"])
    users = embkit.read_vectors(tmp_path / "u.bin")
    assert users.words == got["user_ids"]
    assert np.array_equal(users.vectors, got["user_factors"])
    assert got["item_factors"].shape == (len(got["item_ids"]), 8) and got["user_bias"].shape == (len(got["user_ids"]),)


def test_als_metrics_equal_the_cli(tmp_path):
    lines = RATINGS.read_text().splitlines()
    (tmp_path / "train.tsv").write_text("\n".join(lines[::2]) + "\n")
    (tmp_path / "test.tsv").write_text("\n".join(lines[1::2]) + "\n")
    want = cli_json("mf", "--train", tmp_path / "train.tsv", "--test", tmp_path / "test.tsv", "--algo", "als",
                    "--dim", 8, "--epochs", 3, "--threads", 1, "--quiet")
    got = embkit.mf(tmp_path / "train.tsv", tmp_path / "test.tsv", algo="als", dim=8, epochs=3, threads=1, quiet=True)
    for key in ("loss", "precision@10", "recall@10", "ndcg@10", "map@10", "users"):
        assert got[key] == want[key], key
    assert got["baseline"] == want["baseline"]


def test_bad_arguments():
    with pytest.raises(ValueError, match="^algo must be sgd or als, got 'svd'$"):
        embkit.mf(RATINGS, algo="svd")
    with pytest.raises(ValueError, match="^lr must be between"):
        embkit.mf(RATINGS, lr=0)
    with pytest.raises(FileNotFoundError, match="nothing.tsv: cannot open"):
        embkit.mf(CORPORA / "nothing.tsv")
