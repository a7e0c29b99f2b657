#!/usr/bin/env python3
"""The table of a benchmark's runs over seeds (bench/word2vec.sh, bench/subwords.sh).

  seed_table.py RESULTS --scores "WS353 ρ,SimLex ρ,analogy" --reference RUN --ratio-title TITLE [--note TEXT]

RESULTS holds one line per run, "NAME WALL_S RSS_MB SCORE...", NAME = RUN-MODEL-SEED;
a score written "-" is missing and prints as "–". One row per (model, run): the number
of seeds, the best wall time (best of N), the ratio of that time to the reference run's
best for the same model, the peak RSS, and the mean of each score over the seeds. Then
every run's line, and the note.
"""
import argparse
import collections

parser = argparse.ArgumentParser()
parser.add_argument("results")
parser.add_argument("--scores", required=True, help="comma-separated score column titles, in file order")
parser.add_argument("--reference", required=True, help="the RUN whose best time the ratio column divides by")
parser.add_argument("--ratio-title", required=True)
parser.add_argument("--note", default="")
args = parser.parse_args()
scores = args.scores.split(",")

rows = collections.defaultdict(list)
lines = [line.split() for line in open(args.results) if line.strip()]
for name, wall, rss, *values in lines:
    if len(values) != len(scores):
        raise SystemExit(f"seed_table.py: {name}: {len(values)} scores, expected {len(scores)}")
    run, model, _seed = name.rsplit("-", 2)
    rows[(model, run)].append((float(wall), float(rss), [float("nan") if v == "-" else float(v) for v in values]))

head = ["model", "run", "seeds", "best wall s", args.ratio_title, "peak RSS MB"] + scores
print("\n| " + " | ".join(head) + " |")
print("|" + "---|" * len(head))
for (model, run), runs in sorted(rows.items()):
    best = min(wall for wall, _, _ in runs)  # best-of-N wall time; quality is the mean over seeds
    reference = rows.get((model, args.reference))
    ratio = f"{best / min(wall for wall, _, _ in reference):.2f}x" if reference else ""
    means = [sum(r[2][i] for r in runs) / len(runs) for i in range(len(scores))]
    cells = [model, run, str(len(runs)), f"{best:.1f}", ratio, f"{max(rss for _, rss, _ in runs):.0f}"]
    cells += ["–" if m != m else f"{m:.3f}" for m in means]
    print("| " + " | ".join(cells) + " |")
print(f"\nper run (name wall_s rss_mb {' '.join(s.replace(' ', '_') for s in scores)}):")
for fields in lines:
    print("  " + " ".join(fields))
if args.note:
    print(args.note)
