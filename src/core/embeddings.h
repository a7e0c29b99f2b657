// Embeddings: the contract between every trainer and the evaluator.
//
// A set of labelled vectors: `labels[i]` names row i of `vectors`, a row-major
// float32 matrix of rows() × dim(). Trainers return it, the vector readers fill
// it, indexes borrow `vectors` without copying. Row order is meaningful: trainers
// write rows in descending frequency, so "the N most frequent labels" used by the
// analogy and similarity evaluators is simply the first N rows.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace embkit {

using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Vector = Eigen::VectorXf;
// Double-precision dense matrix for numerics that need it (SVD, PCA).
using MatrixD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct Embeddings {
  std::vector<std::string> labels;
  Matrix vectors;

  Embeddings() = default;
  Embeddings(std::vector<std::string> labels_, Matrix vectors_);

  std::int64_t rows() const { return vectors.rows(); }
  std::int64_t dim() const { return vectors.cols(); }

  // Row of `label`, or -1. The first call builds a hash index (O(rows)); later
  // calls are O(1). The index is rebuilt if labels were changed since.
  std::int64_t find(const std::string& label) const;

  // Scale every row to unit L2 norm; all-zero rows stay zero (cosine with them
  // is defined as 0 by the evaluator rather than NaN).
  void normalize_rows();

  // Throws InputError when labels and rows disagree, a label is empty or
  // duplicated, or a value is NaN/Inf. `source` names the origin in messages.
  void validate(const std::string& source) const;

  // FNV-1a (core/hash.h) over every row's label, a '\n', then its float32
  // values as stored (row-major, native byte order): fixed across runs, so a
  // saved index can tell the vectors it was built from (same words in another
  // order give another fingerprint).
  std::uint64_t fingerprint() const;

 private:
  mutable std::unordered_map<std::string, std::int64_t> index_;
  mutable std::size_t indexed_rows_ = 0;
};

}  // namespace embkit
