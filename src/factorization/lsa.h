// Latent semantic analysis (Deerwester, Dumais, Furnas, Landauer & Harshman
// 1990, "Indexing by latent semantic analysis"): the truncated SVD of the
// TF-IDF document-term matrix, X ≈ U_k Σ_k V_kᵀ, gives
//   document vectors  U_k Σ_k^p   (rows of X in the latent space)
//   term vectors      V_k Σ_k^p
// with p = sigma_power: 1 is sklearn's TruncatedSVD.fit_transform (= X V_k),
// 0 keeps the orthonormal singular vectors, 0.5 splits Σ between the two sides
// (the symmetric choice of Levy, Goldberg & Dagan 2015 for word vectors).
// New documents fold in as  x V_k Σ_k^(p−1)  (= x V_k for p = 1), which for the
// fitted documents reproduces their U_k Σ_k^p exactly.
#pragma once

#include <string>
#include <vector>

#include <Eigen/Core>

#include "core/embeddings.h"
#include "factorization/randomized_svd.h"
#include "tfidf/tfidf_vectorizer.h"

namespace embkit {

struct LsaOptions {
  TfidfOptions tfidf;
  int dim = 100;
  double sigma_power = 1.0;  // p in {0, 0.5, 1}
  SvdOptions svd;            // rank is set from `dim`

  // dim ≥ 1, sigma_power in [0, 1], the SVD's oversample/power_iters/threads
  // (ParameterError naming the field; the TF-IDF options are checked by the vectorizer).
  void validate() const;
};

struct LsaModel {
  SparseMatrix tfidf;              // the fitted documents' TF-IDF (kept for callers)
  SvdResult svd;                   // U (docs × k), S, V (terms × k)
  MatrixD documents;               // docs × k  = U Σ^p
  MatrixD terms;                   // terms × k = V Σ^p
  double tfidf_seconds = 0;
  double svd_seconds = 0;
};

class Lsa {
 public:
  explicit Lsa(LsaOptions options);
  // TF-IDF then truncated SVD of `docs`. UsageError if sigma_power is outside [0, 1].
  const LsaModel& fit(const std::vector<std::string>& docs);
  // New documents in the fitted space: tfidf(x) V Σ^(p−1).
  MatrixD transform(const std::vector<std::string>& docs) const;

  const LsaModel& model() const { return model_; }
  const TfidfVectorizer& vectorizer() const { return vectorizer_; }
  const LsaOptions& options() const { return options_; }

 private:
  LsaOptions options_;
  TfidfVectorizer vectorizer_;
  LsaModel model_;
};

// Rows of `m` as float Embeddings labelled `labels`.
Embeddings to_embeddings(const MatrixD& m, std::vector<std::string> labels);

}  // namespace embkit
