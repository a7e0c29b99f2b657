// embkit knn: nearest neighbours of words (or of an analogy-style vector
// a + b − c) in a vector file, with any index: exact, hnsw, ivf, lsh, kdtree.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli.h"
#include "eval/knn_factory.h"

namespace embkit::cli::knn {

struct Options {
  std::string vectors;
  std::string load_model;            // instead of vectors: a subword model (any word has a vector)
  std::vector<std::string> queries;  // --query (repeatable)
  std::string query_file;            // one word per line
  std::string positive;              // "a,b"
  std::string negative;              // "c"
  std::int64_t k = 10;
  IndexConfig index;                 // --index, --metric, the index parameters, --threads, --seed
  bool include_query = false;
  std::string save_index;
  std::string load_index;
  bool json = false;
  bool quiet = false;
};

Options parse(const Args& args);
int run(const Options& options);

}  // namespace embkit::cli::knn
