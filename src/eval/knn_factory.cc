#include "eval/knn_factory.h"

#include "core/error.h"
#include "eval/exact_index.h"

namespace embkit {

std::unique_ptr<Index> make_index(const Matrix& vectors, const IndexConfig& config) {
  std::unique_ptr<Index> index;
  if (config.type == "exact") index = std::make_unique<ExactIndex>(vectors, config.metric);
  else if (config.type == "hnsw") index = std::make_unique<HnswIndex>(vectors, config.metric, config.hnsw, config.threads);
  else if (config.type == "ivf") index = std::make_unique<IvfIndex>(vectors, config.metric, config.ivf, config.threads);
  else if (config.type == "lsh") index = std::make_unique<LshIndex>(vectors, config.metric, config.lsh, config.threads);
  else if (config.type == "kdtree") index = std::make_unique<KdTreeIndex>(vectors, config.metric, config.kdtree);
  else throw UsageError("unknown index '" + config.type + "' (expected exact, hnsw, ivf, lsh or kdtree)");
  index->set_threads(config.threads);
  return index;
}

}  // namespace embkit
