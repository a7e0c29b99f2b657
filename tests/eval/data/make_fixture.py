#!/usr/bin/env python3
"""Builds the checked-in cross-check fixture (run once; output is committed).

usage: make_fixture.py SHARED_DATA OUT_DIR
Writes OUT_DIR/fixture.vec: 24-dim vectors for every word of WS-353 and of
the Google analogy questions, with structure so that about half the analogies
are solvable (b = a + relation + noise), some words missing (OOV), and
case variants ("Paris" before "paris", i.e. more frequent) to exercise
case-insensitive lookup. Then copies the word-pair and question excerpts.
"""
import os
import sys

import numpy as np

shared, out = sys.argv[1], sys.argv[2]
rng = np.random.default_rng(7)
dim = 24

sections = []
for line in open(os.path.join(shared, "analogy/questions-words.txt")):
    if line.startswith(":"):
        sections.append((line[1:].strip(), []))
    elif line.strip():
        sections[-1][1].append(line.split())
# Keep every 25th question of each section: ~790 questions over all 14 sections.
kept = [(name, qs[::25]) for name, qs in sections]
with open(os.path.join(out, "questions.txt"), "w") as f:
    for name, qs in kept:
        f.write(": %s\n" % name)
        for q in qs:
            f.write(" ".join(q) + "\n")

ws = [l.rstrip("\r\n").split("\t") for l in open(os.path.join(shared, "wordsim/EN-WS-353-ALL.txt"))]
with open(os.path.join(out, "ws353.txt"), "w", newline="") as f:
    f.write("# excerpt of WordSim-353 (Finkelstein et al. 2002), CRLF line ends kept\r\n")
    for a, b, s in ws[:120]:
        f.write("%s\t%s\t%s\r\n" % (a, b, s))

vecs = {}
order = []
def vec(w):
    if w not in vecs:
        vecs[w] = rng.standard_normal(dim)
        order.append(w)
    return vecs[w]

for name, qs in kept:
    relation = rng.standard_normal(dim) * 1.5
    for a, b, c, d in qs:
        for x, y in ((a, b), (c, d)):
            if y.lower() not in {k.lower() for k in vecs}:
                vecs[y] = vec(x) + relation + rng.standard_normal(dim) * 0.9
                order.append(y)
            else:
                vec(x)
for a, b, _ in ws[:120]:
    vec(a); vec(b)
    t = float(_) / 10  # pairs people rate similar drift together, so rho is clearly > 0
    vecs[b] = (1 - t) * vecs[b] + t * vecs[a]

words = [w for w in order]
rng.shuffle(words)
# Drop a few words (OOV pairs and skipped questions).
words = [w for i, w in enumerate(words) if i % 37 != 5]
# Case variants: an upper-case twin placed before some words (more frequent,
# so it wins the case-insensitive lookup) and after others (ignored).
final = []
for i, w in enumerate(words):
    twin = w.upper() if w.islower() else w.lower()
    if i % 11 == 0:
        final.append((twin, vecs[w] + rng.standard_normal(dim)))
        final.append((w, vecs[w]))
    elif i % 11 == 1:
        final.append((w, vecs[w]))
        final.append((twin, rng.standard_normal(dim)))
    else:
        final.append((w, vecs[w]))
seen = set()
with open(os.path.join(out, "fixture.vec"), "w") as f:
    rows = [(w, v) for w, v in final if not (w in seen or seen.add(w))]
    f.write("%d %d\n" % (len(rows), dim))
    for w, v in rows:
        f.write(w + " " + " ".join("%.5f" % x for x in v) + "\n")
