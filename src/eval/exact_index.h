// ExactIndex: brute-force k-NN, the ground truth for every other index.
//
// Borrows the row-major matrix (it must outlive the index and not change).
// Search scores a block of queries against a block of rows with one
// matrix–matrix product (Eigen GEMM: S = Q_b · X_bᵀ), then feeds each row of S
// to a bounded heap per query (TopK). OpenMP runs query blocks in parallel.
//   cosine: queries are normalised; S(i, j) · 1/|x_j| (kept per row, 0 for a
//           zero row) is the cosine, so rows need not be normalised.
//   dot:    S(i, j).
//   L2:     |q − x|² = |q|² − 2 q·x + |x|² (|x|² kept per row); the public
//           score is the square root (metric.h).
// The product. With AVX-512 or AVX2+FMA (chosen at run time, core/simd.h) the
// index keeps a copy of the rows in panels of one register's width (16 or 8
// rows) stored dimension-major (panel b, dimension j: rows 16b … 16b+15 side
// by side), so a register tile of 8 queries × 2 panels is one broadcast and two
// loads per dimension; without them it is Eigen's GEMM.
// Memory: one float per row, the panel copy (rows × dim floats, SIMD CPUs)
// and a query-block × row-block score buffer per thread (256 × 1024 floats).
#pragma once

#include <cstdint>
#include <vector>

#include "eval/index.h"

namespace embkit {

class ExactIndex : public Index {
 public:
  ExactIndex(const Matrix& vectors, Metric metric);

  std::uint64_t memory_bytes() const override;
  std::string describe() const override { return ""; }

  // search() without exclusions, on `threads` threads instead of threads():
  // for an index held inside another one (IVF's coarse quantizer), whose
  // const search must not change the inner index's settings.
  void search_with_threads(int threads, const float* queries, std::int64_t n, std::int64_t k,
                           std::int64_t* ids, float* scores) const;

 protected:
  void search_impl(const float* queries, std::int64_t n, std::int64_t k, std::int64_t* ids,
                   float* scores) const override;

 private:
  const Matrix* vectors_;
  Eigen::VectorXf row_term_;  // cosine: 1/|x|; L2: |x|²; dot: unused
  std::vector<float> panels_; // the rows in panels of one SIMD register (AVX2/AVX-512), zero-padded
};

}  // namespace embkit
