// LshIndex: random-hyperplane locality-sensitive hashing (Charikar 2002) with
// L tables of K bits, optional multi-probe (Lv et al. 2007) and exact
// re-ranking of the candidates.
//
// Bit b of table t is sign(h_tb · x) for a Gaussian random vector h_tb; two
// vectors at angle θ agree on a bit with probability 1 − θ/π, so near
// neighbours (in cosine) collide in some table with high probability. The
// hashes see only directions: the index is meant for cosine; with dot or L2 it
// still works as a candidate generator and the re-ranking uses the true metric.
//
// Centring: word vectors share a common direction, so raw hyperplanes through
// the origin put most rows on the same side and buckets become huge. The
// hyperplanes pass through the mean row instead (bit = sign(h·(x − μ))), which
// balances the buckets; candidates are re-ranked with the true metric anyway.
//
// Multi-probe: besides its own bucket, a query visits in each table the
// `probes` buckets obtained by flipping one bit, the bits whose projections
// are nearest to zero first (the most likely to differ for a neighbour).
//
// Layout: per table, (code, id) pairs sorted by code; a bucket is an
// equal_range. Memory ≈ L · rows · 12 bytes plus the L·K·dim hyperplanes; the
// rows are borrowed for re-ranking (cosine uses a stored 1/|x| per row).
#pragma once

#include <cstdint>
#include <vector>

#include "eval/index.h"

namespace embkit {

// The defaults are `embkit knn`'s: its documented outputs (docs/knn.md, the
// labs) were taken with them.
struct LshParams {
  int tables = 16; // L
  int bits = 16;   // K, 1…64
  int probes = 8;  // extra buckets per table (0 … K)
  std::uint64_t seed = 1;
};

class LshIndex : public Index {
 public:
  LshIndex(const Matrix& vectors, Metric metric, const LshParams& params, int threads = 0);

  void set_probes(int probes);
  const LshParams& params() const { return params_; }

  std::uint64_t memory_bytes() const override;
  std::string describe() const override;

 protected:
  void search_impl(const float* queries, std::int64_t n, std::int64_t k, std::int64_t* ids,
                   float* scores) const override;

 private:
  struct Entry {
    std::uint64_t code;
    std::int32_t id;
  };
  const Matrix* vectors_;
  LshParams params_;
  Matrix hyperplanes_;  // (tables · bits) × dim
  Eigen::RowVectorXf offsets_;  // h · μ per hyperplane (centring)
  std::vector<std::vector<Entry>> tables_;
  Eigen::VectorXf row_term_;  // cosine: 1/|x|, L2: |x|²
};

}  // namespace embkit
