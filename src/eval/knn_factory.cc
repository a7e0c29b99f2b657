#include "eval/knn_factory.h"

#include <algorithm>

#include "core/error.h"
#include "eval/exact_index.h"

namespace embkit {

const std::vector<std::string>& index_names() {
  static const std::vector<std::string> names = {"exact", "hnsw", "ivf", "lsh", "kdtree"};
  return names;
}

void require_index_name(const std::string& type) {
  const auto& names = index_names();
  if (std::find(names.begin(), names.end(), type) != names.end()) return;
  std::string expected;
  for (std::size_t i = 0; i < names.size(); ++i)
    expected += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
  throw UsageError("unknown index '" + type + "' (expected " + expected + ")");
}

std::unique_ptr<Index> make_index(const Matrix& vectors, const IndexConfig& config) {
  require_index_name(config.type);
  HnswParams hnsw = config.hnsw;
  IvfParams ivf = config.ivf;
  LshParams lsh = config.lsh;
  hnsw.seed = ivf.seed = lsh.seed = config.seed;
  std::unique_ptr<Index> index;
  if (config.type == "exact") index = std::make_unique<ExactIndex>(vectors, config.metric);
  else if (config.type == "hnsw") index = std::make_unique<HnswIndex>(vectors, config.metric, hnsw, config.threads);
  else if (config.type == "ivf") index = std::make_unique<IvfIndex>(vectors, config.metric, ivf, config.threads);
  else if (config.type == "lsh") index = std::make_unique<LshIndex>(vectors, config.metric, lsh, config.threads);
  else index = std::make_unique<KdTreeIndex>(vectors, config.metric, config.kdtree);
  index->set_threads(config.threads);
  return index;
}

}  // namespace embkit
