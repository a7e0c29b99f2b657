// embkit knn: nearest neighbours of words (or of an analogy-style vector
// a + b − c) in a vector file, with any index: exact, hnsw, ivf, lsh, kdtree.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli.h"

namespace embkit::cli::knn {

struct Options {
  std::string vectors;
  std::vector<std::string> queries;  // --query (repeatable)
  std::string query_file;            // one word per line
  std::string positive;              // "a,b"
  std::string negative;              // "c"
  std::int64_t k = 10;
  std::string index = "exact";
  std::string metric = "cosine";
  bool include_query = false;
  int hnsw_m = 16;
  int ef_construction = 200;
  int ef_search = 64;
  int nlist = 0;
  int nprobe = 16;
  int lsh_tables = 16;
  int lsh_bits = 16;
  int lsh_probes = 8;
  int leaf_size = 16;
  std::string save_index;
  std::string load_index;
  bool json = false;
  int threads = 0;
  std::uint64_t seed = 1;
  bool quiet = false;
};

Options parse(const Args& args);
int run(const Options& options);

}  // namespace embkit::cli::knn
