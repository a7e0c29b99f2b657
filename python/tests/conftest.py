"""Shared fixtures of the Python module's tests (python -m pytest python/tests).

Where things are, from the environment scripts/test.sh sets (defaults in brackets):
  EMBKIT_PYTHON_DIR   the built package's folder [<repo>/build/python]
  EMBKIT_BINARY       the embkit command [<repo>/build/embkit]
  EMBKIT_SHARED_DATA  the shared reference data [<repo>/../shared/data]
A test that needs shared data or an optional peer (scikit-learn, gensim)
skips with the reason, never passes without running.
"""
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, os.environ.get("EMBKIT_PYTHON_DIR", str(REPO / "build" / "python")))

import embkit  # noqa: E402  (after the path is set)

BINARY = Path(os.environ.get("EMBKIT_BINARY", REPO / "build" / "embkit"))
SHARED = Path(os.environ.get("EMBKIT_SHARED_DATA", REPO.parent / "shared" / "data"))
CORPORA = REPO / "corpora"


def cli(*args):
    """Runs `embkit ARGS`; returns stdout. Fails the test on a non-zero exit."""
    done = subprocess.run([str(BINARY), *map(str, args)], capture_output=True, text=True)
    assert done.returncode == 0, f"embkit {' '.join(map(str, args))}: {done.stderr}"
    return done.stdout


def cli_json(*args):
    return json.loads(cli(*args, "--json"))


def shared(relative):
    """A file of the shared data, or a skip naming what is missing."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"shared data {path} is absent (EMBKIT_SHARED_DATA)")
    return path


def require_module(name):
    try:
        return importlib.import_module(name)
    except ImportError:
        pytest.skip(f"{sys.executable} cannot import {name}")


@pytest.fixture(scope="session")
def sample_corpus(tmp_path_factory):
    """The bundled Wikipedia sample normalized as in the README (`embkit
    tokenize --mode text8`), cut into lines of 1,000 words."""
    folder = tmp_path_factory.mktemp("corpus")
    cli("tokenize", "--mode", "text8", "--input", CORPORA / "wiki-sample.txt", "--output", folder / "one-line.txt")
    words = (folder / "one-line.txt").read_text(encoding="ascii").split()
    path = folder / "sample.txt"
    path.write_text("".join(" ".join(words[i:i + 1000]) + "\n" for i in range(0, len(words), 1000)),
                    encoding="ascii")
    return path


@pytest.fixture(scope="session")
def sample_vectors(sample_corpus, tmp_path_factory):
    """Skip-gram vectors of the sample written by the CLI (.bin: exact floats)."""
    path = tmp_path_factory.mktemp("vectors") / "sg.bin"
    cli("word2vec", "--input", sample_corpus, "--output", path, "--dim", 32, "--epochs", 2, "--min-count", 3,
        "--threads", 1, "--seed", 7, "--quiet")
    return path
