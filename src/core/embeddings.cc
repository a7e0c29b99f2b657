#include "core/embeddings.h"

#include <cmath>
#include <unordered_set>

#include "core/error.h"
#include "core/hash.h"
#include "core/text.h"

namespace embkit {

Embeddings::Embeddings(std::vector<std::string> labels_, Matrix vectors_)
    : labels(std::move(labels_)), vectors(std::move(vectors_)) {
  if (static_cast<std::int64_t>(labels.size()) != vectors.rows())
    throw InputError("embeddings: " + std::to_string(labels.size()) + " labels for " +
                     std::to_string(vectors.rows()) + " rows");
}

std::int64_t Embeddings::find(const std::string& label) const {
  if (indexed_rows_ != labels.size() || index_.size() != labels.size()) {
    index_.clear();
    index_.reserve(labels.size());
    // On duplicate labels the first (most frequent) row wins, as in gensim.
    for (std::size_t i = 0; i < labels.size(); ++i) index_.emplace(labels[i], static_cast<std::int64_t>(i));
    indexed_rows_ = labels.size();
  }
  auto it = index_.find(label);
  return it == index_.end() ? -1 : it->second;
}

void Embeddings::normalize_rows() {
  for (Eigen::Index i = 0; i < vectors.rows(); ++i) {
    const float norm = vectors.row(i).norm();
    if (norm > 0) vectors.row(i) /= norm;
  }
}

void Embeddings::validate(const std::string& source) const {
  if (static_cast<std::int64_t>(labels.size()) != vectors.rows())
    throw_input_error(source, 0, std::to_string(labels.size()) + " labels for " +
                                     std::to_string(vectors.rows()) + " vectors");
  std::unordered_set<std::string> seen;
  seen.reserve(labels.size());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i].empty()) throw_input_error(source, 0, "row " + std::to_string(i + 1) + " has an empty label");
    if (!seen.insert(labels[i]).second)
      throw_input_error(source, 0, "duplicate label " + quote_input(labels[i]) + " (row " + std::to_string(i + 1) + ")");
    for (Eigen::Index j = 0; j < vectors.cols(); ++j)
      if (!std::isfinite(vectors(static_cast<Eigen::Index>(i), j)))
        throw_input_error(source, 0, "row " + std::to_string(i + 1) + " (" + quote_input(labels[i]) +
                                         ") has a NaN or Inf value in column " + std::to_string(j + 1));
  }
}

std::uint64_t Embeddings::fingerprint() const {
  std::uint64_t hash = kFnv1aBasis;
  for (Eigen::Index i = 0; i < vectors.rows(); ++i) {
    if (static_cast<std::size_t>(i) < labels.size()) hash = fnv1a(labels[i].data(), labels[i].size(), hash);
    hash = fnv1a("\n", 1, hash);
    hash = fnv1a(vectors.row(i).data(), static_cast<std::size_t>(vectors.cols()) * sizeof(float), hash);
  }
  return hash;
}

}  // namespace embkit
