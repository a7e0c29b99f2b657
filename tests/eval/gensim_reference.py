#!/usr/bin/env python3
"""gensim 4.2's numbers for the embkit evaluation cross-check.

usage: gensim_reference.py VECTORS.vec QUESTIONS RESTRICT PAIRS [PAIRS...]
Prints one JSON object: {"pairs": [{"dataset", "spearman", "pairs_used",
"oov"}...], "analogy": {"restrict", "sections": [{"section", "correct",
"seen"}...]}} computed with evaluate_word_pairs (defaults) and
evaluate_word_analogies(restrict_vocab=RESTRICT).
"""
import json
import os
import sys

from gensim.models import KeyedVectors


def main():
    vectors, questions, restrict, *pairs = sys.argv[1:]
    kv = KeyedVectors.load_word2vec_format(vectors, binary=False)
    out = {"pairs": [], "analogy": {"restrict": int(restrict), "sections": []}}
    for path in pairs:
        _, spearman, oov_ratio = kv.evaluate_word_pairs(path)
        total = sum(1 for line in open(path, encoding="utf8")
                    if line.strip() and not line.startswith("#"))
        used = round(total * (1 - oov_ratio / 100))
        name = os.path.splitext(os.path.basename(path))[0]
        out["pairs"].append({"dataset": name, "spearman": float(spearman[0]),
                             "pairs_used": used})
    _, sections = kv.evaluate_word_analogies(questions, restrict_vocab=int(restrict))
    for s in sections:
        out["analogy"]["sections"].append({
            "section": s["section"], "correct": len(s["correct"]),
            "seen": len(s["correct"]) + len(s["incorrect"])})
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
