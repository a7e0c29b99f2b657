#include "factorization/sif.h"

#include <cmath>

#include "core/error.h"
#include "core/json.h"

namespace embkit {

void validate(const SifOptions& options) {
  if (!(std::isfinite(options.a) && options.a > 0))
    throw ParameterError("a", "must be a positive number, got " + format_double(options.a));
  if (options.components < 0)
    throw ParameterError("components", "must be at least 0, got " + std::to_string(options.components));
}

std::vector<double> sif_weights(const std::vector<double>& probability, double a) {
  std::vector<double> weights(probability.size());
  for (std::size_t i = 0; i < probability.size(); ++i) weights[i] = a / (a + probability[i]);
  return weights;
}

SifResult sif(const Matrix& words, const DocumentRows& documents, const std::vector<double>& probability,
              const SifOptions& options) {
  validate(options);
  EMBKIT_CHECK(static_cast<Eigen::Index>(probability.size()) == words.rows(), "one probability per word row");
  const std::vector<double> weights = sif_weights(probability, options.a);
  const Eigen::Index n = static_cast<Eigen::Index>(documents.size()), dim = words.cols();
  // Step 2 in double precision: the weights span orders of magnitude.
  MatrixD means = MatrixD::Zero(n, dim);
  SifResult r;
  for (Eigen::Index d = 0; d < n; ++d) {
    std::int64_t known = 0;
    for (const std::int64_t w : documents[static_cast<std::size_t>(d)]) {
      if (w < 0) continue;
      EMBKIT_CHECK(w < words.rows(), "word row out of range");
      means.row(d) += weights[static_cast<std::size_t>(w)] * words.row(w).cast<double>();
      ++known;
    }
    if (known > 0) means.row(d) /= static_cast<double>(known);
    else ++r.empty_documents;
  }
  if (r.empty_documents == n)
    throw InputError("none of the " + std::to_string(n) + " documents has a word with a vector");
  // Step 3: the leading right singular vectors of the (uncentred) matrix of means.
  const Eigen::Index c = std::min<Eigen::Index>(options.components, std::min(n, dim));
  r.components = MatrixD(c, dim);
  if (c > 0) {
    SvdOptions svd = options.svd;
    svd.rank = static_cast<int>(c);
    r.components = randomized_svd(means, svd).V.transpose();
    means -= (means * r.components.transpose()) * r.components;
  }
  r.vectors = means.cast<float>();
  return r;
}

std::vector<double> probabilities_from_documents(const DocumentRows& documents, std::int64_t rows) {
  std::vector<double> p(static_cast<std::size_t>(rows), 0.0);
  std::uint64_t tokens = 0;
  for (const auto& doc : documents) {
    tokens += doc.size();
    for (const std::int64_t w : doc)
      if (w >= 0) p[static_cast<std::size_t>(w)] += 1;
  }
  if (tokens > 0)
    for (double& x : p) x /= static_cast<double>(tokens);
  return p;
}

std::vector<double> probabilities_from_vocabulary(const Vocabulary& vocabulary, const std::vector<std::string>& labels) {
  std::vector<double> p(labels.size(), 0.0);
  const double total = static_cast<double>(vocabulary.total_count());
  if (total <= 0) return p;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const std::int64_t id = vocabulary.find(labels[i]);
    if (id >= 0) p[i] = static_cast<double>(vocabulary[id].count) / total;
  }
  return p;
}

}  // namespace embkit
