// embkit ann-bench: sweep each approximate index's search parameter and print
// build time, memory, tie-aware recall@k against exact search, batch
// queries/s and single-query p50/p99 latency (see eval/ann_bench.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli.h"

namespace embkit::cli::ann_bench {

struct Options {
  std::string vectors;
  std::int64_t queries = 1000;
  std::int64_t k = 10;
  std::string metric = "cosine";
  std::string indexes = "hnsw,ivf,lsh,kdtree";
  int hnsw_m = 16;
  int ef_construction = 200;
  std::string ef_search = "10,20,40,80,160";
  int nlist = 0;
  std::string nprobe = "1,2,4,8,16,32,64";
  int lsh_tables = 16;
  int lsh_bits = 16;
  std::string lsh_probes = "0,2,4,8,16";
  int leaf_size = 16;
  std::int64_t latency_queries = 300;
  int repeats = 1;
  int build_repeats = 1;
  std::int64_t limit = 0;
  bool csv = false;
  bool json = false;
  std::string plot;
  std::string save_query_ids;  // write the query rows (one id per line) for peers
  int threads = 0;
  std::uint64_t seed = 1;
  bool quiet = false;
};

Options parse(const Args& args);
int run(const Options& options);

}  // namespace embkit::cli::ann_bench
