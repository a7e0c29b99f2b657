// HnswIndex: Hierarchical Navigable Small World graphs
// (Malkov & Yashunin 2018, "Efficient and robust approximate nearest neighbor
// search using HNSW graphs", IEEE TPAMI; algorithm numbers below are theirs).
//
// Every node gets a random top layer l = ⌊−ln(U) · mL⌋ with mL = 1/ln(M)
// (Alg. 1, line 4). Layer 0 holds all nodes with up to Mmax0 = 2·M links, each
// upper layer a geometrically thinning subset with up to M links. A search
// descends greedily through the upper layers (ef = 1) and runs a best-first
// beam search with a dynamic list of ef candidates on layer 0 (Alg. 2, 5).
// Links are chosen with the neighbour-selection heuristic (Alg. 4): a candidate
// is kept only if it is closer to the new node than to every neighbour already
// kept, which preserves links across clusters.
//
// Parameters (names as in the paper):
//   M               links per node on upper layers (2·M on layer 0)
//   efConstruction  beam width while inserting (quality of the graph)
//   efSearch        beam width while searching (recall vs speed; ≥ k is used)
//
// Layout: the index copies the rows (unit rows for cosine) into one contiguous
// block, one 64-byte-aligned record per node: the vector, then the layer-0
// link count and links (int32), so a visit touches one memory region (as
// hnswlib). Upper-layer links live in a per-node array. Construction is
// multi-threaded with one lock per node (a node's links are copied under its
// lock); with one thread the graph is reproducible for a given seed.
//
// Files: save() writes a header (magic "EMBKHNSW", version, metric, sizes,
// parameters, the fingerprint of the vectors it was built from), the records,
// the upper layers and an FNV-1a checksum; load() validates all of it and
// rejects corrupt or truncated files with InputError. The graph answers with
// row numbers, so it is only right for the exact rows it was built from: load()
// also refuses a file whose fingerprint differs from the caller's vectors
// (Embeddings::fingerprint) — same size and words, shuffled rows, included —
// and a version-1 file, which has no fingerprint.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <utility>
#include <string>
#include <vector>

#include "eval/index.h"

namespace embkit {

// The defaults are `embkit knn`'s: its documented outputs (docs/knn.md, the
// labs) were taken with them.
struct HnswParams {
  int M = 16;
  int ef_construction = 200;
  int ef_search = 64;
  std::uint64_t seed = 1;
};

class HnswIndex : public Index {
 public:
  // Builds the graph over `vectors` using `threads` threads (0 = all cores).
  HnswIndex(const Matrix& vectors, Metric metric, const HnswParams& params, int threads = 0);
  // `fingerprint`: Embeddings::fingerprint() of the vectors the index is (to
  // be) used with; load() throws InputError unless the file holds the same.
  static std::unique_ptr<HnswIndex> load(const std::string& path, std::uint64_t fingerprint);
  void save(const std::string& path, std::uint64_t fingerprint) const;

  void set_ef_search(int ef);
  const HnswParams& params() const { return params_; }
  int max_level() const { return max_level_; }

  std::uint64_t memory_bytes() const override;
  std::string describe() const override;

 protected:
  void search_impl(const float* queries, std::int64_t n, std::int64_t k, std::int64_t* ids,
                   float* scores) const override;

 private:
  class VisitedList;
  using DistId = std::pair<float, std::int32_t>;  // (distance, node)

  HnswIndex() : Index("hnsw", Metric::Cosine, 0, 0) {}
  void allocate();
  void build(const Matrix& vectors, int threads);

  float* vector_of(std::int32_t node) const {
    return reinterpret_cast<float*>(base_ + static_cast<std::size_t>(node) * stride_);
  }
  // [count, id_1 … id_max]; layer 0 inside the record, upper layers separate.
  std::int32_t* links_of(std::int32_t node, int layer) const {
    if (layer == 0)
      return reinterpret_cast<std::int32_t*>(base_ + static_cast<std::size_t>(node) * stride_ + links_offset_);
    return const_cast<std::int32_t*>(upper_[node].data()) + static_cast<std::size_t>(layer - 1) * (params_.M + 1);
  }
  // Lower is closer: −q·x for cosine/dot, |q − x|² for L2.
  float distance(const float* query, std::int32_t node) const {
    return metric_ == Metric::L2 ? squared_l2(query, vector_of(node), dim_)
                                 : -dot_product(query, vector_of(node), dim_);
  }
  // Alg. 2 with ef = 1 on layers from_layer … to_layer (greedy walk).
  std::int32_t greedy_descend(const float* query, std::int32_t entry, int from_layer, int to_layer,
                              std::mutex* locks) const;
  // Alg. 2 (SEARCH-LAYER): best-first search of `layer` from `entry`; leaves
  // the ef closest nodes found in the max-heap `top` (worst on top). During
  // construction `locks` (one per node) guards the link lists being read.
  void search_layer(const float* query, std::int32_t entry, int ef, int layer, VisitedList& visited,
                    std::mutex* locks, std::vector<DistId>& top, std::vector<DistId>& candidates) const;
  // Alg. 4 (SELECT-NEIGHBORS-HEURISTIC) over `sorted` (ascending distance to
  // the base node): keep e only if it is closer to the base than to every
  // neighbour kept so far; at most `max_links`.
  void select_neighbors(const std::vector<DistId>& sorted, int max_links, std::vector<std::int32_t>& out) const;
  void insert(std::int32_t node, VisitedList& visited, std::vector<std::mutex>& locks, std::mutex& global);
  std::uint64_t checksum() const;

  HnswParams params_;
  int max_links0_ = 0;  // Mmax0 = 2·M
  std::size_t stride_ = 0;
  std::size_t links_offset_ = 0;
  std::vector<char> storage_;
  char* base_ = nullptr;  // 64-byte aligned start inside storage_
  std::vector<std::int32_t> levels_;
  std::vector<std::vector<std::int32_t>> upper_;
  std::int32_t entry_ = -1;
  int max_level_ = -1;
};

}  // namespace embkit
