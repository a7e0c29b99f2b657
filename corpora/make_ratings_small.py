#!/usr/bin/env python3
"""Writes corpora/ratings-small.tsv: a small synthetic user-item ratings set for
the matrix-factorization lab (docs/labs/lab5-matrix-factorization.md).

The data come from a latent-factor model, so that factorization has something to
find. Items belong to one of four genres; item i has the latent vector
    q_i = e_genre(i) + 0.3 z_i          (e_g = the g-th unit vector, z_i ~ N(0, I))
and user u the taste vector p_u ~ N(0, I) (one preference per genre). A rating is
    r_ui = clip(round(3 + b_u + b_i + p_u . q_i + 0.5 e_ui), 1, 5)
with biases b_u ~ N(0, 0.4^2), b_i ~ N(0, 0.4^2) and noise e_ui ~ N(0, 1). Each user
rates each item with probability 0.35. Timestamps grow by 60 s per rating in file
order, so `embkit mf --split last` has an order to use.

Deterministic: the generator below is a fixed 64-bit linear congruential generator
(Knuth's MMIX constants) with Box-Muller normals, so the output is the same on
every Python 3 and platform. Run from anywhere:
    python3 corpora/make_ratings_small.py            # rewrites corpora/ratings-small.tsv
    python3 corpora/make_ratings_small.py --check    # exit 1 if the file differs
License of the generated file: public domain (it is synthetic).
"""

import math
import os
import sys

GENRES = ["scifi", "romance", "horror", "comedy"]
ITEMS_PER_GENRE = 10
USERS = 200
RATE_PROBABILITY = 0.35
SEED = 20240508


class Lcg:
    """x <- a x + c mod 2^64; uniforms from the top 53 bits."""

    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFFFFFFFFFF

    def uniform(self):
        self.state = (6364136223846793005 * self.state + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
        return (self.state >> 11) / float(1 << 53)

    def normal(self):
        u1 = 1.0 - self.uniform()  # in (0, 1], so the log is finite
        u2 = self.uniform()
        return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)


def generate():
    rng = Lcg(SEED)
    k = len(GENRES)
    items = []  # (id, latent vector, bias)
    for g, genre in enumerate(GENRES):
        for n in range(1, ITEMS_PER_GENRE + 1):
            q = [(1.0 if d == g else 0.0) + 0.3 * rng.normal() for d in range(k)]
            items.append(("%s%02d" % (genre, n), q, 0.4 * rng.normal()))
    lines = []
    timestamp = 1000000000
    for u in range(1, USERS + 1):
        p = [rng.normal() for _ in range(k)]
        b_u = 0.4 * rng.normal()
        for item_id, q, b_i in items:
            if rng.uniform() >= RATE_PROBABILITY:
                continue
            score = 3.0 + b_u + b_i + sum(a * b for a, b in zip(p, q)) + 0.5 * rng.normal()
            rating = min(5, max(1, int(math.floor(score + 0.5))))
            timestamp += 60
            lines.append("u%03d\t%s\t%d\t%d\n" % (u, item_id, rating, timestamp))
    return "".join(lines)


def main():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ratings-small.tsv")
    text = generate()
    if sys.argv[1:] == ["--check"]:
        with open(path, encoding="ascii") as f:
            same = f.read() == text
        print("%s: %s" % (path, "up to date" if same else "DIFFERS from the generator"))
        return 0 if same else 1
    with open(path, "w", encoding="ascii", newline="\n") as f:
        f.write(text)
    print("wrote %s (%d ratings)" % (path, text.count("\n")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
