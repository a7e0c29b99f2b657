// The k-NN index options `embkit knn` and `embkit ann-bench` share, bound to
// IndexConfig (eval/knn_factory.h), whose defaults --help shows:
//   --M --ef-construction --ef-search     hnsw
//   --nlist --nprobe                      ivf
//   --lsh-tables --lsh-bits --lsh-probes  lsh
//   --leaf-size                           kdtree
// ann-bench sweeps the three search-time settings: given `sweeps`, --ef-search,
// --nprobe and --lsh-probes take comma-separated lists into it instead.
#pragma once

#include <string>
#include <vector>

#include "cli.h"
#include "eval/knn_factory.h"

namespace embkit::cli {

struct IndexSweeps {
  std::string ef_search, nprobe, lsh_probes;  // "10,20,40"
};

void add_index_options(po::options_description& desc, IndexConfig& config, IndexSweeps* sweeps = nullptr);

// --threads and --seed bound to the index's, and --quiet.
void add_index_common_options(po::options_description& desc, IndexConfig& config, bool& quiet);

// Range checks of those options (UsageError naming the flag); with `sweeping`
// the lists are checked by parse_sweeps instead.
void check_index_options(const IndexConfig& config, bool sweeping);

// --metric: cosine | dot | l2 (UsageError naming the flag otherwise).
Metric metric_option(const std::string& text);

// A sweep list: comma-separated integers, each at least `minimum`.
std::vector<int> parse_sweep(const std::string& option, const std::string& text, int minimum);
// "10,20,40" for the default --help shows.
std::string sweep_text(const std::vector<int>& values);

}  // namespace embkit::cli
