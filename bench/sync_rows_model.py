#!/usr/bin/env python3
"""docs/distributed.md's cost model for word2vec under mpirun, for both sync
schemes (--sync-rows all | touched), from a corpus's vocabulary.

  bench/sync_rows_model.py VOCAB.tsv RATE [MEASURED_ALL MEASURED_TOUCHED [SYNC_WORDS]]

VOCAB.tsv: `embkit vocab --min-count 5` of the corpus (word<TAB>count, most
frequent first). RATE: one machine's training rate in words/s (the N = 1 run
of bench/distributed_word2vec.sh). MEASURED_*: bytes per sync of the N = 2 runs
at --sync-words SYNC_WORDS (default 1000000), printed beside the model's
prediction as its check.

Bytes per sync and rank handed to the Allreduces (dim 100, 4-byte floats,
both matrices of V rows):
  all:      S_all = 2·V·dim·4
  touched:  S_touched(I) = (R_in(I) + R_out(I))·dim·4 + the union's exchange
            (R = V when the union exceeds 3/4 of the rare rows: averaged in place)
with I = the words all ranks train between two syncs (--sync-words) and, per
matrix, R(I) = F + Σ_{w ≥ F} (1 − e^(−λ_w)) the expected rows averaged:
F frequent rows (word2vec/touched_rows.h) and each rare row averaged when at
least one of its expected λ_w touches (Poisson) falls in the interval:
  input:  λ_w = I·c_w·k_w/T            (kept occurrences; k_w the keep probability)
  output: λ_w = I·c_w·k_w/T + I·k̄·K·q_w (also drawn as one of the K noise words per
          kept centre, q_w = c_w^0.75/Σ c^0.75, k̄ = Σ c·k/T)
The union travels as ids (4 bytes each) or as a bitmap (R/8 bytes), the fewer.
On the wire a ring Allreduce of S bytes puts B = 2·S·(N−1)/N per rank:
  t_sync = B/β + α·log2 N, efficiency = (W/r) / (W/r + t_sync)
(W = I/N words per rank between syncs, r = RATE per machine). Poisson
occurrences spread a word's touches over the most intervals; real text is
bursty (a rare word's occurrences cluster in a few articles), so the model's
touched bytes are an upper bound: on wiki17m at I = 10⁶ it predicts 0.82 of
whole averaging's bytes, 0.76 were measured.
"""
import math
import sys

DIM, NEGATIVE, SAMPLE = 100, 5, 1e-4


def main():
    counts = [int(line.split("\t")[1]) for line in open(sys.argv[1], encoding="utf-8") if "\t" in line]
    rate = float(sys.argv[2])
    measured = [float(x) for x in sys.argv[3:5]] if len(sys.argv) >= 5 else None
    sync_words = float(sys.argv[5]) if len(sys.argv) >= 6 else 1e6
    words = sum(counts)  # T, the training words per epoch
    threshold = SAMPLE * words
    keep = [min(1.0, (math.sqrt(c / threshold) + 1) * threshold / c) for c in counts]
    kept = [c * k for c, k in zip(counts, keep)]
    kept_fraction = sum(kept) / words
    noise_total = sum(c ** 0.75 for c in counts)
    noise = [c ** 0.75 / noise_total for c in counts]
    vocab = len(counts)
    bytes_all = 2 * vocab * DIM * 4

    def touched_bytes(interval):
        per_word = interval / words
        cut = math.log(100.0)
        frequent = 0
        while frequent < vocab and kept[frequent] * per_word >= cut:
            frequent += 1
        rows_in = rows_out = float(frequent)
        marked_in = marked_out = 0.0
        for w in range(frequent, vocab):
            lam_in = kept[w] * per_word
            lam_out = lam_in + interval * kept_fraction * NEGATIVE * noise[w]
            rows_in += 1 - math.exp(-lam_in)
            rows_out += 1 - math.exp(-lam_out)
        marked_in, marked_out = rows_in - frequent, rows_out - frequent
        rare = vocab - frequent
        exchange = sum(min(4 * m, rare / 8) for m in (marked_in, marked_out))
        # A union of more than 3/4 of the rare rows: the rare range in place.
        rows = sum(vocab if m > 0.75 * rare else frequent + m for m in (marked_in, marked_out))
        return rows * DIM * 4 + exchange, frequent

    b1, f1 = touched_bytes(sync_words)
    print(f"vocabulary {vocab} words, {words} training words per epoch; --sync-words {sync_words:.0f}: "
          f"{f1} frequent rows, bytes per sync all {bytes_all / 1e6:.2f} MB, touched (model) {b1 / 1e6:.2f} MB "
          f"(ratio {b1 / bytes_all:.3f})")
    # The ratio depends on the interval as a share of the corpus, I/T: a corpus
    # 10x longer (same vocabulary shape) at the same --sync-words behaves as
    # this one at a tenth of it.
    print("touched / all by words between syncs: " + ", ".join(
        f"{i / 1e6:g} M {touched_bytes(i)[0] / bytes_all:.2f}" for i in (0.1e6, 0.3e6, 1e6, 3e6, 10e6)))
    if measured:
        print(f"  measured (N = 2): all {measured[0] / 1e6:.2f} MB, touched {measured[1] / 1e6:.2f} MB "
              f"(ratio {measured[1] / measured[0]:.3f})")
    # docs/distributed.md's table: per network and N, the efficiency (and the
    # job's words/s) of all → touched at three intervals W per rank.
    print("\n| network | N | W = 10⁶/N (the default `--sync-words 1000000`) | W = 160 k | W = 1.6 M |")
    print("|---|---|---|---|---|")
    for gbs, alpha in ((10, 10e-6), (100, 2e-6)):
        beta = gbs * 1e9 / 8
        for n in (8, 32, 128):
            row = f"| {gbs} Gb/s | {n} |"
            for per_rank in (1e6 / n, 160e3, 1.6e6):
                compute = per_rank / rate
                cells = []
                for size in (bytes_all, touched_bytes(per_rank * n)[0]):
                    sync = 2 * size * (n - 1) / n / beta + alpha * math.log2(n)
                    eff = compute / (compute + sync)
                    cells.append((sync, eff, n * rate * eff / 1e6))
                (s0, e0, r0), (s1, e1, r1) = cells
                row += (f" {s0 * 1e3:.3g} → {s1 * 1e3:.3g} ms: {e0:.2f} → {e1:.2f} ({r0:.1f} → {r1:.1f} M) |"
                        if abs(e1 - e0) >= 0.005 else f" {s0 * 1e3:.3g} ms: {e0:.2f} ({r0:.1f} M), both |")
            print(row)

if __name__ == "__main__":
    main()
