// embkit ann-bench: sweep each approximate index's search parameter and print
// build time, memory, tie-aware recall@k against exact search, batch
// queries/s and single-query p50/p99 latency (see eval/ann_bench.h).
#pragma once

#include <cstdint>
#include <string>

#include "cli.h"
#include "core/vectors_io.h"
#include "eval/ann_bench.h"
#include "index_options.h"

namespace embkit::cli::ann_bench {

struct Options {
  std::string vectors;
  AnnBenchConfig bench;  // everything the run measures, with its defaults
  ReadVectorsOptions read;  // --limit
  bool csv = false;
  bool json = false;
  std::string plot;
  std::string save_query_ids;  // write the query rows (one id per line) for peers
};

Options parse(const Args& args);
int run(const Options& options);

}  // namespace embkit::cli::ann_bench
