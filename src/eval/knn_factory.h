// make_index: build any index by name ("exact", "hnsw", "ivf", "lsh",
// "kdtree") — the one place an index type is chosen at run time (`embkit knn
// --index`, every index `embkit ann-bench` measures).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "eval/hnsw_index.h"
#include "eval/index.h"
#include "eval/ivf_index.h"
#include "eval/kdtree_index.h"
#include "eval/lsh_index.h"

namespace embkit {

struct IndexConfig {
  std::string type = "exact";
  Metric metric = Metric::Cosine;
  HnswParams hnsw;
  IvfParams ivf;
  LshParams lsh;
  KdTreeParams kdtree;
  int threads = 0;          // build and search
  std::uint64_t seed = 1;   // the chosen type's randomness; replaces hnsw/ivf/lsh.seed
};

// The types make_index builds, exact first.
const std::vector<std::string>& index_names();
// Throws UsageError unless `type` is one of index_names().
void require_index_name(const std::string& type);

// The index borrows `vectors` where its type does (see index.h): keep the
// matrix alive. Throws UsageError for an unknown type.
std::unique_ptr<Index> make_index(const Matrix& vectors, const IndexConfig& config);

}  // namespace embkit
