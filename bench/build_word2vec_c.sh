#!/usr/bin/env bash
# Builds word2vec.c (github.com/tmikolov/word2vec) for the benchmarks, with the
# fix for its epoch bug (the project's issue #47, fix proposed in its PR #39).
#
#   bench/build_word2vec_c.sh SRC OUT     SRC: the checkout's folder or its word2vec.c
#
# The bug: in TrainModelThread, when a thread's share of the file is used up it
# rewinds for the next epoch, but the thread that stopped at end-of-file never
# clears `eof`, so from then on it leaves every epoch at its first word. With
# -threads 2, half the corpus is trained for one epoch instead of -iter. The fix
# is one line, `eof = 0;`, where the epoch restarts. This script applies it to a
# copy of the source (or accepts a source that already has it), refuses a source
# whose epoch-restart block it does not recognise, and compiles with the flags of
# the project's makefile.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 SRC OUT" >&2; exit 2; }
src=$1 out=$2
[ -d "$src" ] && src="$src/word2vec.c"
[ -f "$src" ] || { echo "build_word2vec_c: no word2vec.c at '$1'" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
/usr/bin/python3 - "$src" "$work/word2vec.c" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="latin-1").read()
# The block that ends an epoch for one thread and rewinds its file position.
block = re.compile(r"(if \(eof \|\| \(word_count > train_words / num_threads\)\) \{)(.*?)(fseek\(fi, )", re.S)
m = block.search(text)
if not m:
    sys.exit("build_word2vec_c: the epoch-restart block of TrainModelThread was not found; not the expected word2vec.c")
if re.search(r"\beof = 0;", m.group(2)):
    status = "already has the eof fix"
else:
    indent = re.search(r"\n([ \t]*)fseek\(fi, ", text[m.start():]).group(1)
    text = text[:m.start(3)] + "eof = 0;\n" + indent + text[m.start(3):]
    status = "eof fix applied"
open(sys.argv[2], "w", encoding="latin-1").write(text)
print(status)
PY
# The makefile's flags (CFLAGS = -lm -pthread -O3 -march=native -Wall -funroll-loops -Wno-unused-result).
gcc "$work/word2vec.c" -o "$out" -lm -pthread -O3 -march=native -Wall -funroll-loops -Wno-unused-result
echo "build_word2vec_c: built $out from $src (sha256 $(sha256sum "$src" | cut -c1-12))"
