#include "eval/ann_bench.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <numeric>

#include "core/error.h"
#include "core/random.h"
#include "eval/sharded_index.h"

namespace embkit {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Timing {
  double qps = 0;
  double p50_ms = std::numeric_limits<double>::quiet_NaN();  // NaN: no latency queries
  double p99_ms = std::numeric_limits<double>::quiet_NaN();
  Neighbors result;
};

// Batch throughput, then single-query latencies on the first `latency` queries.
// Batch throughput is the best of `repeats` runs: on a shared machine the
// fastest run is the one least disturbed by other processes.
Timing time_index(Index& index, const Matrix& queries, std::int64_t k, int threads, std::int64_t latency,
                  int repeats) {
  Timing t;
  index.set_threads(threads);
  for (int run = 0; run < std::max(1, repeats); ++run) {
    const auto start = Clock::now();
    t.result = index.search(queries, k);
    t.qps = std::max(t.qps, static_cast<double>(queries.rows()) / std::max(1e-9, seconds_since(start)));
  }
  index.set_threads(1);
  std::vector<double> ms;
  std::vector<std::int64_t> ids(static_cast<std::size_t>(k));
  std::vector<float> scores(static_cast<std::size_t>(k));
  const std::int64_t n = std::min(latency, queries.rows());
  for (std::int64_t i = 0; i < n; ++i) {
    const auto one = Clock::now();
    index.search(queries.row(i).data(), 1, k, ids.data(), scores.data());
    ms.push_back(1e3 * seconds_since(one));
  }
  index.set_threads(threads);
  if (!ms.empty()) {
    std::sort(ms.begin(), ms.end());
    auto quantile = [&](double q) {
      return ms[std::min(ms.size() - 1, static_cast<std::size_t>(std::ceil(q * ms.size())) - 1)];
    };
    t.p50_ms = quantile(0.50);
    t.p99_ms = quantile(0.99);
  }
  return t;
}

// Builds an index `repeats` times (the previous one freed first) and keeps the
// last; `seconds` is the fastest build, for the same reason as above.
template <typename Make>
auto build_fastest(int repeats, Make make, double& seconds) {
  decltype(make()) index;
  seconds = std::numeric_limits<double>::infinity();
  for (int run = 0; run < std::max(1, repeats); ++run) {
    index.reset();
    const auto start = Clock::now();
    index = make();
    seconds = std::min(seconds, seconds_since(start));
  }
  return index;
}

}  // namespace

double tie_aware_recall(const Neighbors& truth, const Neighbors& got, Metric metric) {
  const std::int64_t n = truth.ids.rows(), k = truth.ids.cols();
  if (n == 0) return 1;
  double hits = 0;
  std::vector<std::int64_t> seen;
  for (std::int64_t i = 0; i < n; ++i) {
    // The k-th true score (or the last one that exists).
    std::int64_t last = k - 1;
    while (last > 0 && truth.ids(i, last) < 0) --last;
    const float kth = truth.scores(i, last);
    std::int64_t found = 0, available = 0;
    for (std::int64_t r = 0; r < k; ++r) available += truth.ids(i, r) >= 0;
    seen.clear();
    for (std::int64_t r = 0; r < got.ids.cols(); ++r) {
      const std::int64_t id = got.ids(i, r);
      if (id < 0 || std::find(seen.begin(), seen.end(), id) != seen.end()) continue;
      seen.push_back(id);
      const float s = got.scores(i, r);
      const bool good = higher_is_better(metric) ? s >= kth - 1e-6f : s <= kth + 1e-6f;
      if (good) ++found;
    }
    hits += available > 0 ? static_cast<double>(std::min(found, available)) / available : 1.0;
  }
  return hits / static_cast<double>(n);
}

AnnBenchReport run_ann_bench(const Embeddings& embeddings, const AnnBenchConfig& config, std::ostream& log) {
  if (config.k < 1) throw ParameterError("k", "must be at least 1, got " + std::to_string(config.k));
  if (config.repeats < 1) throw ParameterError("repeats", "must be at least 1, got " + std::to_string(config.repeats));
  if (config.build_repeats < 1)
    throw ParameterError("build_repeats", "must be at least 1, got " + std::to_string(config.build_repeats));
  if (config.queries < 1) throw ParameterError("queries", "must be at least 1, got " + std::to_string(config.queries));
  for (const std::string& name : config.indexes) require_index_name(name);
  const Matrix& x = embeddings.vectors;
  if (x.rows() == 0) throw InputError("ann-bench: the vector set is empty");
  const Metric metric = config.index.metric;
  const int threads = config.index.threads;
  AnnBenchReport report;
  report.dim = x.cols();
  report.k = config.k;
  report.held_out = config.held_out;
  report.queries = std::min(config.queries, x.rows());
  if (config.held_out && config.queries >= x.rows())
    throw ParameterError("queries", "must be fewer than the rows when the queries are held out (" +
                                        std::to_string(config.queries) + " queries, " + std::to_string(x.rows()) +
                                        " rows: none left to index)");

  // Queries: distinct rows drawn with a fixed seed (partial Fisher–Yates).
  std::vector<std::int64_t> order(static_cast<std::size_t>(x.rows()));
  std::iota(order.begin(), order.end(), 0);
  Rng rng(derive_seed(config.index.seed, 0x5155));
  for (std::int64_t i = 0; i < report.queries; ++i)
    std::swap(order[i], order[i + static_cast<std::int64_t>(rng.below(x.rows() - i))]);
  Matrix queries(report.queries, x.cols());
  for (std::int64_t i = 0; i < report.queries; ++i) queries.row(i) = x.row(order[i]);
  report.query_ids.assign(order.begin(), order.begin() + report.queries);
  // held_out: the other rows, in their order in the set.
  Matrix rest;
  if (config.held_out) {
    std::vector<char> is_query(static_cast<std::size_t>(x.rows()), 0);
    for (std::int64_t id : report.query_ids) is_query[static_cast<std::size_t>(id)] = 1;
    rest.resize(x.rows() - report.queries, x.cols());
    for (std::int64_t r = 0, kept = 0; r < x.rows(); ++r)
      if (!is_query[static_cast<std::size_t>(r)]) rest.row(kept++) = x.row(r);
  }
  const Matrix& indexed = config.held_out ? rest : x;
  report.rows = indexed.rows();

  auto say = [&](const std::string& line) {
    if (!config.quiet) log << "ann-bench: " << line << std::endl;
  };
  // Under mpirun every index is sharded across the ranks (eval/sharded_index.h).
  IndexConfig exact_config = config.index;
  exact_config.type = "exact";
  const std::unique_ptr<Index> exact = make_sharded_index(indexed, exact_config);
  const Timing truth = time_index(*exact, queries, config.k, threads, config.latency_queries, config.repeats);
  report.exact_qps = truth.qps;
  say("exact: " + std::to_string(static_cast<long long>(truth.qps)) + " queries/s");

  auto add_row = [&](Index& index, const std::string& name, std::vector<std::pair<std::string, double>> params,
                     double build_s) {
    const Timing t = time_index(index, queries, config.k, threads, config.latency_queries, config.repeats);
    AnnBenchRow row;
    row.index = name;
    row.params = std::move(params);
    row.build_s = build_s;
    row.memory_mb = static_cast<double>(index.memory_bytes()) / (1024.0 * 1024.0);
    row.recall = tie_aware_recall(truth.result, t.result, metric);
    row.qps = t.qps;
    row.p50_ms = t.p50_ms;
    row.p99_ms = t.p99_ms;
    if (name == "kdtree")
      row.params.push_back({"scanned", static_cast<const KdTreeIndex&>(local_index(index)).last_scanned_fraction()});
    say(name + " " + index.describe() + ": recall " + std::to_string(row.recall) + ", " +
        std::to_string(static_cast<long long>(row.qps)) + " queries/s");
    report.results.push_back(std::move(row));
  };

  const HnswParams& hnsw = config.index.hnsw;
  const LshParams& lsh = config.index.lsh;
  for (const std::string& name : config.indexes) {
    if (name == "exact") {
      add_row(*exact, name, {}, 0);
      continue;
    }
    say(name == "hnsw" ? "building hnsw (M " + std::to_string(hnsw.M) + ", efConstruction " +
                             std::to_string(hnsw.ef_construction) + ")"
                       : "building " + name);
    IndexConfig build = config.index;
    build.type = name;
    build.lsh.probes = 0;  // swept below; the sweep skips values above the bits
    double build_s = 0;
    auto index = build_fastest(config.build_repeats, [&] { return make_sharded_index(indexed, build); }, build_s);
    // Each type's search-time setting, swept on the one built index.
    if (name == "hnsw") {
      auto& graph = static_cast<HnswIndex&>(local_index(*index));
      for (int ef : config.ef_search) {
        graph.set_ef_search(ef);
        add_row(*index, name, {{"M", hnsw.M}, {"efConstruction", hnsw.ef_construction}, {"efSearch", ef}}, build_s);
      }
    } else if (name == "ivf") {
      auto& ivf = static_cast<IvfIndex&>(local_index(*index));
      for (int nprobe : config.nprobe) {
        if (nprobe > ivf.nlist()) continue;
        ivf.set_nprobe(nprobe);
        add_row(*index, name, {{"nlist", ivf.nlist()}, {"nprobe", nprobe}}, build_s);
      }
    } else if (name == "lsh") {
      auto& buckets = static_cast<LshIndex&>(local_index(*index));
      for (int probes : config.lsh_probes) {
        if (probes > lsh.bits) continue;
        buckets.set_probes(probes);
        add_row(*index, name, {{"tables", lsh.tables}, {"bits", lsh.bits}, {"probes", probes}}, build_s);
      }
    } else {
      add_row(*index, name, {{"leaf_size", config.index.kdtree.leaf_size}}, build_s);
    }
  }
  return report;
}

}  // namespace embkit
