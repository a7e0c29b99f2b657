#include "factorization/lsa.h"

#include <chrono>
#include <cmath>

#include "core/error.h"

namespace embkit {

void LsaOptions::validate() const {
  require_at_least("dim", dim, 1);
  require_between("sigma_power", sigma_power, 0.0, 1.0);
  SvdOptions s = svd;
  s.rank = dim;
  s.validate();
}

Lsa::Lsa(LsaOptions options) : options_(std::move(options)), vectorizer_(options_.tfidf) { options_.validate(); }

const LsaModel& Lsa::fit(const std::vector<std::string>& docs) {
  const auto start = std::chrono::steady_clock::now();
  model_.tfidf = vectorizer_.fit_transform(docs);
  model_.tfidf_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  SvdOptions svd = options_.svd;
  svd.rank = options_.dim;
  model_.svd = randomized_svd(model_.tfidf, svd);
  model_.svd_seconds = model_.svd.seconds;
  const Eigen::VectorXd scale = model_.svd.S.array().pow(options_.sigma_power);
  model_.documents = model_.svd.U * scale.asDiagonal();
  model_.terms = model_.svd.V * scale.asDiagonal();
  return model_;
}

MatrixD Lsa::transform(const std::vector<std::string>& docs) const {
  const SparseMatrix X = vectorizer_.transform(docs);
  // x V Σ^(p−1); a zero singular value (rank-deficient X) maps to 0.
  Eigen::VectorXd scale(model_.svd.S.size());
  for (Eigen::Index j = 0; j < scale.size(); ++j)
    scale(j) = model_.svd.S(j) > 0 ? std::pow(model_.svd.S(j), options_.sigma_power - 1.0) : 0.0;
  return sparse_times_dense(X, model_.svd.V, options_.svd.threads) * scale.asDiagonal();
}

Embeddings to_embeddings(const MatrixD& m, std::vector<std::string> labels) {
  return Embeddings(std::move(labels), m.cast<float>());
}

}  // namespace embkit
