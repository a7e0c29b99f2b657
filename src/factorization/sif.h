// SIF sentence and document vectors: "smooth inverse frequency" (Arora, Liang
// & Ma 2017, "A Simple but Tough-to-Beat Baseline for Sentence Embeddings",
// Algorithm 1).
//
// With word vectors v_w, word probabilities p(w) and a smoothing constant a:
//   1. weight        ω(w) = a / (a + p(w))
//   2. weighted mean v_d = (1/|d|) Σ_{w ∈ d} ω(w) v_w, over the tokens of d that
//                    have a vector (|d| counts those; as the authors' code)
//   3. common component removal: u = the first right singular vector of the
//                    n × dim matrix whose rows are the v_d (not centred, as the
//                    paper and its code's TruncatedSVD), then
//                    v_d ← v_d − u uᵀ v_d
// `components` > 1 removes the span of the first `components` singular
// vectors, v_d ← v_d − U Uᵀ v_d; 0 keeps the weighted means.
// Frequent words (p ≫ a) are weighted down, rare ones (p ≪ a) count fully.
//
// Documents come in as rows of the word-vector matrix: the caller tokenizes
// and looks words up (embkit sif and classify use scikit-learn's tokens and
// case-insensitive lookup, eval/document_vectors.h). A document without any
// known token is the zero vector, counted in `empty_documents`; it neither
// moves u nor is moved by it. InputError if no document has a known token.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/embeddings.h"
#include "core/vocabulary.h"
#include "factorization/randomized_svd.h"

namespace embkit {

struct SifOptions {
  double a = 1e-3;      // smoothing a of ω(w) = a / (a + p(w)); the paper's range is 1e-4 … 1e-3
  int components = 1;   // principal directions removed (the paper removes 1)
  SvdOptions svd;       // rank is set from `components`; seed and threads are used
};
// ParameterError unless a > 0 (finite) and components ≥ 0.
void validate(const SifOptions& options);

// One document's tokens as rows of the word-vector matrix, -1 for a token
// without a vector (it still counts in p(w)'s denominator).
using DocumentRows = std::vector<std::vector<std::int64_t>>;

struct SifResult {
  Matrix vectors;                    // n × dim, in document order
  MatrixD components;                // components × dim, unit rows: the removed directions
  std::int64_t empty_documents = 0;  // documents with no token that has a vector (zero rows)
};

// ω(w) for every row: a / (a + probability[w]).
std::vector<double> sif_weights(const std::vector<double>& probability, double a);

SifResult sif(const Matrix& words, const DocumentRows& documents, const std::vector<double>& probability,
              const SifOptions& options);

// p(w) estimated from the documents themselves: (occurrences of row w) / (all
// tokens of the documents, with or without a vector). One entry per row.
std::vector<double> probabilities_from_documents(const DocumentRows& documents, std::int64_t rows);
// p(w) from a vocabulary's counts (embkit vocab's word<TAB>count file): for
// row i, count(labels[i]) / total count of the vocabulary. A label the
// vocabulary lacks gets p = 0, weight 1 (as the authors' code does).
std::vector<double> probabilities_from_vocabulary(const Vocabulary& vocabulary, const std::vector<std::string>& labels);

}  // namespace embkit
