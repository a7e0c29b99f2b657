// ann_bench: recall-versus-speed measurement of the approximate indexes
// against exact search (the library behind `embkit ann-bench`).
//
// Queries are `queries` rows of the set drawn without replacement with a fixed
// seed (so each query's nearest neighbour is itself, as in the peer
// figures); with `held_out` they are left out of the indexed rows instead, so
// that every query is out of sample, as in ann-benchmarks' data sets (a graph
// search that starts from a query's own node finds its neighbours among that
// node's links; an unseen query has to be routed to them). For every index and every value of its search parameter it
// measures:
//   build_s    wall time to build the index (the fastest of `build_repeats`
//              builds, the last one is searched)
//   memory_mb  the index's own structures (Index::memory_bytes)
//   recall     tie-aware recall@k against exact search: a returned id counts
//              when its score is within 1e-6 of the k-th true score or better
//              (so an equally good neighbour is not a miss), divided by k
//   qps        queries per second, all queries in one batch call, `threads`
//              (the best of `repeats` runs)
//   p50/p99    single-query latency (one query per call, one thread), in ms
// kdtree has one setting (exact) and also reports the fraction of rows it
// scored per query, which approaches 1 as the dimension grows.
#pragma once

#include <cmath>
#include <cstdint>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "core/embeddings.h"
#include "eval/knn_factory.h"

namespace embkit {

struct AnnBenchConfig {
  std::int64_t queries = 1000;
  std::int64_t k = 10;
  bool held_out = false;  // index only the rows that are not queries
  std::vector<std::string> indexes = {"hnsw", "ivf", "lsh", "kdtree"};  // built with make_index
  // The indexes' settings (its `type` is unused: see `indexes`); its metric,
  // threads and seed are the whole run's (the seed also draws the queries).
  IndexConfig index;
  std::int64_t latency_queries = 300;  // sampled for p50/p99
  int repeats = 1;                     // batch timing: best of this many runs
  int build_repeats = 1;               // build timing: fastest of this many builds
  // The search-time settings swept; they replace index.hnsw.ef_search,
  // index.ivf.nprobe and index.lsh.probes.
  std::vector<int> ef_search = {10, 20, 40, 80, 160};
  std::vector<int> nprobe = {1, 2, 4, 8, 16, 32, 64};
  std::vector<int> lsh_probes = {0, 2, 4, 8, 16};
  bool quiet = false;
};

struct AnnBenchRow {
  std::string index;
  std::vector<std::pair<std::string, double>> params;  // e.g. {"M", 16}, {"efSearch", 40}
  double build_s = 0;
  double memory_mb = 0;
  double recall = 0;
  double qps = 0;
  double p50_ms = NAN;  // NaN when no query was timed alone (latency_queries = 0)
  double p99_ms = NAN;
};

struct AnnBenchReport {
  std::int64_t rows = 0, dim = 0, queries = 0, k = 0;  // rows: the indexed rows
  bool held_out = false;  // the queries are not among the indexed rows
  double exact_qps = 0;
  std::vector<std::int64_t> query_ids;  // rows of the set used as queries, in order
  std::vector<AnnBenchRow> results;
};

// Throws UsageError for an unknown index name, k < 1 or queries < 1;
// progress lines go to `log` unless config.quiet.
AnnBenchReport run_ann_bench(const Embeddings& embeddings, const AnnBenchConfig& config, std::ostream& log);

// Tie-aware recall@k of `got` against `truth` (both n × k; see above).
double tie_aware_recall(const Neighbors& truth, const Neighbors& got, Metric metric);

}  // namespace embkit
