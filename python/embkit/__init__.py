"""embkit from Python: the same library the `embkit` command runs.

Each function is one library call (see docs/python.md): keyword arguments are
the command's flags with '_' (`min_count` for `--min-count`), their defaults
the library's. Long calls release the GIL, stop on Ctrl-C (KeyboardInterrupt)
and report to an optional `progress(label, fraction, fields)` callback; bad
arguments raise ValueError or FileNotFoundError with the command's message.
"""

from ._embkit import (KeyedVectors, Index, read_vectors, write_vectors, word2vec, glove, ppmi, tfidf, lsa, svd,
                      pca, mf, doc2vec, doc2vec_infer, sif, encode, similarity, analogy)

__all__ = ["KeyedVectors", "Index", "read_vectors", "write_vectors", "word2vec", "glove", "ppmi", "tfidf", "lsa",
           "svd", "pca", "mf", "doc2vec", "doc2vec_infer", "sif", "encode", "similarity", "analogy"]


def _to_gensim(self):
    """The vectors as gensim's KeyedVectors (a copy); ImportError without gensim."""
    from gensim.models import KeyedVectors as GensimKeyedVectors
    kv = GensimKeyedVectors(self.dim)
    kv.add_vectors(self.words, self.vectors.copy())
    return kv


KeyedVectors.to_gensim = _to_gensim
