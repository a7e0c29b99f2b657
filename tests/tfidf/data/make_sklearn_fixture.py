# Regenerates sklearn_fixture_*.txt with scikit-learn 1.2 (run with /usr/bin/python3).
# Each expected file holds "row col value" (0-based) of TfidfVectorizer's output
# for the labeled documents in sklearn_fixture_docs.tsv, after a "# terms" line
# listing the vocabulary in column order.
import sys
from sklearn.feature_extraction.text import TfidfVectorizer

here = sys.argv[1] if len(sys.argv) > 1 else "."
with open(f"{here}/sklearn_fixture_docs.tsv", encoding="utf-8") as f:
    docs = [line.rstrip("\n").split("\t", 1)[1] for line in f]
for name, kwargs in [("default", {}), ("sublinear", {"sublinear_tf": True}),
                     ("pruned", {"min_df": 2, "max_df": 0.5, "max_features": 40})]:
    v = TfidfVectorizer(**kwargs)
    X = v.fit_transform(docs).tocoo()
    with open(f"{here}/sklearn_fixture_{name}.txt", "w", encoding="utf-8") as out:
        out.write("# terms " + " ".join(v.get_feature_names_out()) + "\n")
        for r, c, x in sorted(zip(X.row, X.col, X.data)):
            out.write(f"{r} {c} {x!r}\n")
