// IvfIndex: inverted-file index with exact ("flat") lists (Jégou, Douze &
// Schmid 2011, §III-A; faiss IndexIVFFlat).
//
// Build: k-means (kmeans.h; spherical for cosine) cuts the space into `nlist`
// cells; every row is stored in the list of its nearest centroid. Search: the
// query's `nprobe` nearest centroids are found (one GEMM for a batch), and the
// rows of those lists are scored exactly with a bounded heap. nprobe = nlist
// is exact search; recall and cost grow with nprobe.
//
// Layout: the index copies the rows into list order (contiguous per list,
// unit rows for cosine) with their original ids, so a probe reads one
// sequential block; memory ≈ rows · (dim · 4 + 8) bytes plus the centroids.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "eval/exact_index.h"
#include "eval/index.h"

namespace embkit {

// The defaults are `embkit knn`'s: its documented outputs (docs/knn.md, the
// labs) were taken with them.
struct IvfParams {
  int nlist = 0;   // 0 = 4·√rows (rounded, at least 1), a common rule of thumb
  int nprobe = 16;
  int iterations = 20;
  std::uint64_t seed = 1;
};

// The nlist that nlist = 0 stands for over `rows` rows: 4·√rows, rounded, at least 1.
int ivf_default_nlist(std::int64_t rows);

class IvfIndex : public Index {
 public:
  IvfIndex(const Matrix& vectors, Metric metric, const IvfParams& params, int threads = 0);
  // coarse_ points into centroids_: neither copied nor moved.
  IvfIndex(const IvfIndex&) = delete;
  IvfIndex& operator=(const IvfIndex&) = delete;

  void set_nprobe(int nprobe);
  int nlist() const { return params_.nlist; }
  int nprobe() const { return params_.nprobe; }

  std::uint64_t memory_bytes() const override;
  std::string describe() const override;

 protected:
  void search_impl(const float* queries, std::int64_t n, std::int64_t k, std::int64_t* ids,
                   float* scores) const override;

 private:
  IvfParams params_;
  Matrix centroids_;                   // nlist × dim
  Matrix list_vectors_;                // rows in list order
  std::vector<std::int64_t> list_ids_; // original id of each list row
  std::vector<std::int64_t> offsets_;  // list c = [offsets_[c], offsets_[c + 1])
  std::unique_ptr<ExactIndex> coarse_; // exact search over centroids_ (nprobe nearest)
};

}  // namespace embkit
