"""embkit.word2vec: the CLI's vectors, from a path or from sentences; errors,
progress and interruption."""
import os
import signal
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import embkit
from conftest import REPO, cli

SETTINGS = dict(dim=32, epochs=2, min_count=3, threads=1, seed=7)


def test_equals_the_cli_with_one_thread(sample_corpus, sample_vectors):
    kv = embkit.word2vec(sample_corpus, quiet=True, **SETTINGS)
    expected = embkit.read_vectors(sample_vectors)
    assert kv.words == expected.words
    assert np.array_equal(kv.vectors, expected.vectors)


@pytest.mark.parametrize("model", ["skipgram", "cbow"])
def test_sentences_equal_the_file_of_their_lines(sample_corpus, model):
    sentences = [line.split(" ") for line in sample_corpus.read_text(encoding="ascii").splitlines()]
    from_file = embkit.word2vec(sample_corpus, model=model, quiet=True, **SETTINGS)
    from_list = embkit.word2vec(sentences, model=model, quiet=True, **SETTINGS)
    assert from_list.words == from_file.words
    assert np.array_equal(from_list.vectors, from_file.vectors)
    from_generator = embkit.word2vec((s for s in sentences), model=model, quiet=True, **SETTINGS)
    assert np.array_equal(from_generator.vectors, from_file.vectors)


def test_lr_is_the_clis_alpha(sample_corpus, tmp_path):
    out = tmp_path / "cbow.bin"
    cli("word2vec", "--input", sample_corpus, "--output", out, "--model", "cbow", "--lr", 0.03, "--dim", 16,
        "--epochs", 1, "--min-count", 3, "--threads", 1, "--seed", 3, "--quiet")
    kv = embkit.word2vec(sample_corpus, model="cbow", lr=0.03, dim=16, epochs=1, min_count=3, threads=1, seed=3,
                         quiet=True)
    assert np.array_equal(kv.vectors, embkit.read_vectors(out).vectors)


def test_bad_arguments_raise_value_errors_naming_the_keyword(sample_corpus, tmp_path):
    with pytest.raises(ValueError, match="^min_count must be at least 1, got 0$"):
        embkit.word2vec(sample_corpus, min_count=0)
    with pytest.raises(ValueError, match="^lr must be a finite number$"):
        embkit.word2vec(sample_corpus, lr=float("nan"))
    with pytest.raises(ValueError, match="dim must be at least 1, got 0"):
        embkit.word2vec(sample_corpus, dim=0)
    with pytest.raises(ValueError, match="model"):
        embkit.word2vec(sample_corpus, model="glove")
    with pytest.raises(FileNotFoundError, match="no-such.txt: cannot open"):
        embkit.word2vec(tmp_path / "no-such.txt")
    with pytest.raises(ValueError, match="min_count"):
        embkit.word2vec([["a", "b"]], min_count=5, quiet=True)
    with pytest.raises(TypeError, match="corpus must be a path or an iterable of token lists"):
        embkit.word2vec([1, 2, 3])


def test_progress_callback_reports_and_can_stop(sample_corpus):
    calls = []
    embkit.word2vec(sample_corpus, quiet=True, progress=lambda *a: calls.append(a), **SETTINGS)
    assert calls and calls[-1][0] == "word2vec" and calls[-1][1] == 1.0 and "loss" in calls[-1][2]

    def stop(label, fraction, fields):
        return False
    with pytest.raises(KeyboardInterrupt):
        embkit.word2vec(sample_corpus, quiet=True, progress=stop, **dict(SETTINGS, epochs=50))

    class Stop(Exception):
        pass

    def fail(label, fraction, fields):
        raise Stop("from the callback")
    with pytest.raises(Stop, match="from the callback"):
        embkit.word2vec(sample_corpus, quiet=True, progress=fail, **dict(SETTINGS, epochs=50))
    # The process is fine afterwards: the same call trains again.
    assert len(embkit.word2vec(sample_corpus, quiet=True, **SETTINGS)) > 0


def test_ctrl_c_raises_keyboard_interrupt_and_the_interpreter_goes_on(sample_corpus):
    script = textwrap.dedent(f"""
        import os, signal, sys, threading
        sys.path.insert(0, {str(embkit.__path__[0].rsplit(os.sep, 1)[0])!r})
        import embkit
        # Python's own Ctrl-C handling, even when the tests run as a background
        # job (whose SIGINT is ignored, which embkit respects).
        signal.signal(signal.SIGINT, signal.default_int_handler)
        threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGINT)).start()
        try:
            embkit.word2vec({str(sample_corpus)!r}, epochs=500, dim=32, min_count=3, threads=2, quiet=True)
            print("finished")
        except KeyboardInterrupt:
            print("interrupted")
        kv = embkit.word2vec({str(sample_corpus)!r}, epochs=1, dim=8, min_count=3, threads=1, quiet=True)
        print("again", len(kv) > 0)
        try:
            os.kill(os.getpid(), signal.SIGINT)  # Python's own handler is back
            import time; time.sleep(1)
        except KeyboardInterrupt:
            print("python handler")
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["interrupted", "again", "True", "python", "handler"]


def test_gil_is_released_while_training(sample_corpus):
    import threading
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(1)
            stop.wait(0.01)
    t = threading.Thread(target=tick)
    t.start()
    try:
        embkit.word2vec(sample_corpus, quiet=True, **dict(SETTINGS, epochs=3))
    finally:
        stop.set()
        t.join()
    assert len(ticks) > 10


def test_glove_and_ppmi_equal_the_cli(sample_corpus, tmp_path):
    cli("glove", "--input", sample_corpus, "--output", tmp_path / "glove.bin", "--dim", 16, "--epochs", 2,
        "--threads", 1, "--seed", 2, "--quiet")
    kv = embkit.glove(sample_corpus, dim=16, epochs=2, threads=1, seed=2, quiet=True)
    want = embkit.read_vectors(tmp_path / "glove.bin")
    assert kv.words == want.words and np.array_equal(kv.vectors, want.vectors)
    cli("ppmi", "--input", sample_corpus, "--output", tmp_path / "ppmi.bin", "--dim", 16, "--min-count", 10,
        "--threads", 1, "--seed", 2, "--quiet")
    kv = embkit.ppmi(sample_corpus, dim=16, min_count=10, threads=1, seed=2, quiet=True)
    want = embkit.read_vectors(tmp_path / "ppmi.bin")
    assert kv.words == want.words and np.array_equal(kv.vectors, want.vectors)
    with pytest.raises(ValueError, match="^lr must be between 1e-09 and 10, got 0$"):
        embkit.glove(sample_corpus, lr=0)
    with pytest.raises(ValueError, match="fewer than dim 100000"):
        embkit.ppmi(sample_corpus, dim=100000, quiet=True)
    # The ranges live in the options structs (GloveOptions, PpmiOptions,
    # SvdOptions::validate): the messages name the keyword arguments.
    with pytest.raises(ValueError, match="^weight_exponent must be between 0 and 10, got -1$"):
        embkit.glove(sample_corpus, weight_exponent=-1)
    with pytest.raises(ValueError, match="^bias_lr must be between 1e-09 and 10, got 20$"):
        embkit.glove(sample_corpus, bias_lr=20)
    with pytest.raises(ValueError, match="^cds must be between 1e-06 and 1, got 2$"):
        embkit.ppmi(sample_corpus, cds=2)
    with pytest.raises(ValueError, match="^power_iters must be at least 0, got -1$"):
        embkit.ppmi(sample_corpus, power_iters=-1)
    with pytest.raises(ValueError, match="^threads must be 0 \\(all cores\\) or positive, got -2$"):
        embkit.glove(sample_corpus, threads=-2)
