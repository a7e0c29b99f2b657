"""The Python labs (docs/labs/*-python.md): their python blocks run in order
in one namespace, in a fresh directory, with `embkit` on PATH and REPO set,
and each block's printout is compared with the text block that follows it,
with the shell labs' rules (docs/labs/README.md, "How the labs are tested"):
empty lines and runs of whitespace do not count, "…" stands for any text, and
a number matches within one unit of its last written digit."""
import contextlib
import io
import os
import re

import pytest

from conftest import BINARY, REPO

LABS = sorted(p.name for p in (REPO / "docs" / "labs").glob("lab*-python.md"))
NUMBER = re.compile(r"-?\d+(?:\.(\d+))?")


def steps(markdown):
    """[(line, code, expected or None)] of the python blocks."""
    out, lines, i = [], markdown.splitlines(), 0
    while i < len(lines):
        if lines[i].strip() == "```python":
            start = i + 1
            i = lines.index("```", start)
            out.append([start, "\n".join(lines[start:i]), None])
        elif lines[i].strip() == "```text" and out and out[-1][2] is None:
            start = i + 1
            i = lines.index("```", start)
            out[-1][2] = "\n".join(lines[start:i])
        elif lines[i].startswith("```"):
            i = lines.index("```", i + 1)
        i += 1
    return out


def token_matches(expected, actual):
    if "…" in expected:
        head = expected.split("…", 1)[0]
        return actual.startswith(head)
    want, got = NUMBER.split(expected), NUMBER.split(actual)
    numbers_w, numbers_g = NUMBER.findall(expected), NUMBER.findall(actual)
    if len(want) != len(got) or len(numbers_w) != len(numbers_g):
        return False
    # split() with one group interleaves text and the group (the decimals):
    # compare the text parts, then the numbers within their last digit.
    if want[::2] != got[::2]:
        return False
    for w, g in zip(NUMBER.finditer(expected), NUMBER.finditer(actual)):
        tolerance = 10.0 ** -len(w.group(1)) * 1.0000001 if w.group(1) else 0  # integers are exact
        if abs(float(w.group()) - float(g.group())) > tolerance:
            return False
    return True


def line_matches(expected, actual):
    want, got = expected.split(), actual.split()
    if want and want[-1] == "…":
        want, got = want[:-1], got[:len(want) - 1]
    return len(want) == len(got) and all(token_matches(w, g) for w, g in zip(want, got))


def compare(expected, actual):
    """'' when `actual` matches `expected`, else the first difference."""
    want = [l.strip() for l in expected.splitlines() if l.strip()]
    got = [l.strip() for l in actual.splitlines() if l.strip()]
    if len(want) != len(got):
        return f"{len(got)} lines printed, {len(want)} expected"
    for w, g in zip(want, got):
        if not line_matches(w, g):
            return f"expected {w!r}, printed {g!r}"
    return ""


def test_the_comparison_catches_changed_numbers_and_text():
    assert compare("dreams\t0.0866\n\nbird 0", "dreams 0.08664339756999316\nbird\t0") == ""
    assert compare("dreams\t0.0868", "dreams 0.08664") != ""
    assert compare("bird 1", "bird 0") != ""
    assert compare("birds 0.0866", "dreams 0.0866") != ""
    assert compare("a [0.783 ]", "a [0.783 ]") == ""
    assert compare("a 1", "a 1\nb 2") != ""
    assert compare("x 12.12% 16/132", "x 12.1212% 16/132") == ""
    assert compare("x 12.12% 16/132", "x 12.1212% 17/132") != ""


@pytest.mark.parametrize("lab", LABS)
def test_lab(lab, tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "embkit").symlink_to(BINARY.resolve())
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("REPO", str(REPO))
    monkeypatch.setenv("LC_ALL", "C")
    monkeypatch.chdir(tmp_path)
    namespace = {"__name__": "__lab__"}
    blocks = steps((REPO / "docs" / "labs" / lab).read_text(encoding="utf-8"))
    assert blocks, f"{lab} has no python blocks"
    for line, code, expected in blocks:
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, f"{lab}:{line}", "exec"), namespace)
        if expected is not None:
            why = compare(expected, printed.getvalue())
            assert not why, f"{lab}:{line}: {why}\n--- printed:\n{printed.getvalue()}"
