// Positive pointwise mutual information (PPMI) and its truncated SVD.
//
// From a symmetric co-occurrence matrix X (cooccurrence.h), with #w = Σ_c X_wc:
//   PMI_α(w, c) = log( X_wc · Σ_c' #c'^α / (#w · #c^α) )
// i.e. log P(w,c) / (P(w) P_α(c)) with the context distribution smoothed by
// α = 0.75 (Levy, Goldberg & Dagan 2015, §3.2), and
//   SPPMI_k(w, c) = max(PMI_α(w, c) − log k, 0)
// (Levy & Goldberg 2014: skip-gram with k negative samples implicitly factors
// PMI − log k). Only positive cells are stored, so the result stays sparse.
//
// Word vectors come from the rank-d truncated SVD  PPMI ≈ U Σ Vᵀ:
//   W = U Σ^p       (p = sigma_power; p = 0.5 symmetrizes, LGD 2015 §3.3)
//   W + C = U Σ^p + V Σ^p  with add_context (LGD 2015 §3.3, "w+c")
#pragma once

#include "core/embeddings.h"
#include "core/sparse.h"
#include "core/vocabulary.h"
#include "factorization/cooccurrence.h"
#include "factorization/randomized_svd.h"

namespace embkit {

struct PpmiOptions {
  // The counts the matrix is made of: count_cooccurrence(corpus, vocabulary,
  // options.cooccurrence) (ppmi_matrix itself reads only the counts). Levy,
  // Goldberg & Dagan's setting: window 5 with word2vec's dynamic-window weights.
  CooccurrenceOptions cooccurrence{5, WindowWeighting::Dynamic};
  double cds_alpha = 0.75;  // context distribution smoothing exponent (1 = none)
  double shift = 1.0;       // k in log k; 1 = plain PPMI

  void validate() const;    // the counting's, cds in [1e-6, 1], shift in [1, 1e9]
};

// Symmetric counts in, CSR PPMI out (vocab × vocab, double).
SparseMatrix ppmi_matrix(const Cooccurrence& counts, const PpmiOptions& options);

struct PpmiSvdOptions {
  double sigma_power = 0.5;
  bool add_context = false;
  // The SVD the vectors come from (ppmi_svd_vectors itself reads only the
  // two settings above): rank `dim`, the vectors' dimensions.
  int dim = 300;
  SvdOptions svd{};         // rank is set from `dim`

  void validate() const;    // dim ≥ 1, sigma_power in [0, 1], the SVD's
};

// Rows of W (or W + C) from an SVD of the PPMI matrix; float32, vocab × rank.
Matrix ppmi_svd_vectors(const SvdResult& svd, const PpmiSvdOptions& options);

// `embkit ppmi` in one call: the vocabulary of the file `corpus`, its
// co-occurrence counts, ppmi_matrix, the rank-`vectors.dim` randomized SVD and
// ppmi_svd_vectors, rows labelled by the vocabulary. InputError when the
// vocabulary is smaller than dim or the PPMI matrix has no positive cell.
Embeddings ppmi_word_vectors(const std::string& corpus, const VocabularyOptions& vocabulary,
                             const PpmiOptions& options, const PpmiSvdOptions& vectors);

}  // namespace embkit
