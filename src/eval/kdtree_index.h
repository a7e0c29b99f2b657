// KdTreeIndex: exact k-NN with a k-d tree (Bentley 1975; Friedman, Bentley &
// Finkel 1977).
//
// Build: split a node's rows at the median of the dimension with the widest
// spread until at most `leaf_size` rows remain. Every node keeps its bounding
// box, which gives a bound on the best score any row inside can reach:
//   L2:          min |q − x|² over the box  = Σ_j max(lo_j − q_j, 0, q_j − hi_j)²
//   dot/cosine:  max q·x over the box       = Σ_j max(q_j lo_j, q_j hi_j)
// (cosine uses unit rows and a unit query). Search visits the nearer child
// first and skips a subtree whose bound cannot beat the current k-th result,
// so results are exact. In low dimensions this prunes almost everything; in
// 100 dimensions the boxes overlap every query's ball and the search degrades
// towards a full scan — the curse of dimensionality, measured by ann-bench
// (dist_fraction: the fraction of rows whose distance was computed).
//
// Layout: the index copies the rows in tree order (unit rows for cosine), so
// each leaf is one contiguous block; memory ≈ rows·dim·4 + nodes·2·dim·4.
#pragma once

#include <cstdint>
#include <vector>

#include "eval/index.h"

namespace embkit {

struct KdTreeParams {
  int leaf_size = 16;
};

class KdTreeIndex : public Index {
 public:
  KdTreeIndex(const Matrix& vectors, Metric metric, const KdTreeParams& params = {});

  // Mean fraction of rows scored per query in the last search() call.
  double last_scanned_fraction() const { return last_scanned_fraction_; }

  std::uint64_t memory_bytes() const override;
  std::string describe() const override;

 protected:
  void search_impl(const float* queries, std::int64_t n, std::int64_t k, std::int64_t* ids,
                   float* scores) const override;

 private:
  struct Node {
    std::int64_t begin, end;  // rows [begin, end) of points_
    std::int32_t left = -1, right = -1;
  };
  std::int32_t build(std::int64_t begin, std::int64_t end);
  float bound(const float* query, std::int32_t node) const;

  KdTreeParams params_;
  Matrix points_;                 // rows in tree order
  std::vector<std::int64_t> ids_; // original id of each row of points_
  std::vector<Node> nodes_;
  Matrix lower_, upper_;          // bounding box of each node (nodes × dim)
  mutable double last_scanned_fraction_ = 0;
};

}  // namespace embkit
