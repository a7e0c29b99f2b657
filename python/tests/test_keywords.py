"""The keyword arguments are the CLI's flags with '_' (issue 19): every
keyword of a binding that has a command is one of that command's flags, so a
flag renamed on the command line cannot leave its old name behind here."""
import re
import subprocess

import pytest

import embkit
from conftest import BINARY

# function: (command, the positional inputs and Python-only keywords)
BINDINGS = {
    "word2vec": ("word2vec", {"corpus", "progress"}),
    "glove": ("glove", {"corpus", "progress"}),
    "ppmi": ("ppmi", {"corpus", "progress"}),
    "mf": ("mf", {"train", "test", "progress"}),
    "doc2vec": ("doc2vec", {"docs", "progress"}),
    "doc2vec_infer": ("doc2vec", {"docs"}),
    "sif": ("sif", {"docs"}),
}


def keywords(function):
    signature = function.__doc__.splitlines()[0]
    return set(re.findall(r"(\w+): ", signature))


def flags(command):
    text = subprocess.run([str(BINARY), command, "--help"], capture_output=True, text=True, check=True).stdout
    return {f.replace("-", "_") for f in re.findall(r"--([a-z0-9-]+)", text)}


@pytest.mark.parametrize("name", sorted(BINDINGS))
def test_keywords_are_the_commands_flags(name):
    command, python_only = BINDINGS[name]
    strays = keywords(getattr(embkit, name)) - python_only - flags(command)
    assert not strays, f"embkit.{name} keywords that are not `embkit {command}` flags: {sorted(strays)}"
