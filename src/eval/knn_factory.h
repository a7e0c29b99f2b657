// make_index: build any index by name ("exact", "hnsw", "ivf", "lsh",
// "kdtree") — the run-time choice behind `--index` in `embkit knn`.
#pragma once

#include <memory>
#include <string>

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
  int threads = 0;  // build and search
};

// The index borrows `vectors` where its type does (see index.h): keep the
// matrix alive. Throws UsageError for an unknown type.
std::unique_ptr<Index> make_index(const Matrix& vectors, const IndexConfig& config);

}  // namespace embkit
