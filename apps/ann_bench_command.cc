#include "ann_bench_command.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/json.h"
#include "core/text.h"
#include "core/vectors_io.h"
#include "eval/svg.h"

namespace embkit::cli::ann_bench {

namespace {

std::string params_text(const AnnBenchRow& row) {
  std::string text;
  for (const auto& [name, value] : row.params) {
    if (!text.empty()) text += " ";
    text += name + "=" + format_double(value);
  }
  return text;
}

// --index: approximate indexes first, as in the default list; exact is the baseline.
std::vector<std::string> bench_index_names() {
  std::vector<std::string> names = index_names();
  std::rotate(names.begin(), names.begin() + 1, names.end());
  return names;
}

void print_json(const AnnBenchReport& report) {
  JsonWriter j(std::cout);
  j.begin_object();
  j.key("rows").value(report.rows).key("dim").value(report.dim);
  j.key("queries").value(report.queries).key("k").value(report.k).key("held_out").value(report.held_out);
  j.key("exact").begin_object().key("qps").value(report.exact_qps).end_object();
  j.key("results").begin_array();
  for (const AnnBenchRow& r : report.results) {
    j.begin_object().key("index").value(r.index).key("params").begin_object();
    for (const auto& [name, value] : r.params) j.key(name).value(value);
    j.end_object();
    j.key("build_s").value(r.build_s).key("memory_mb").value(r.memory_mb).key("recall").value(r.recall);
    j.key("qps").value(r.qps).key("p50_ms").value(r.p50_ms).key("p99_ms").value(r.p99_ms);
    j.end_object();
  }
  j.end_array().end_object();  // JsonWriter ends the document with a newline
}

void print_csv(const AnnBenchReport& report) {
  std::cout << "index,params,build_s,memory_mb,recall,qps,p50_ms,p99_ms\n";
  std::cout << "exact,,0,0,1," << format_double(report.exact_qps) << ",,\n";
  for (const AnnBenchRow& r : report.results)
    std::cout << r.index << ',' << params_text(r) << ',' << format_double(r.build_s) << ','
              << format_double(r.memory_mb) << ',' << format_double(r.recall) << ',' << format_double(r.qps)
              << ',' << (std::isfinite(r.p50_ms) ? format_double(r.p50_ms) : "") << ','
              << (std::isfinite(r.p99_ms) ? format_double(r.p99_ms) : "") << '\n';
}

void print_table(const AnnBenchReport& report, Metric metric) {
  char line[512];
  std::cout << report.rows << " rows × " << report.dim << " dims, " << report.queries
            << (report.held_out ? " held-out queries" : " queries") << ", k = "
            << report.k << ", metric " << metric_name(metric) << "\n";
  std::snprintf(line, sizeof line, "%-7s %-44s %8s %9s %7s %10s %8s %8s\n", "index", "params", "build_s",
                "memory_mb", "recall", "qps", "p50_ms", "p99_ms");
  std::cout << line;
  std::snprintf(line, sizeof line, "%-7s %-44s %8s %9s %7.3f %10.0f %8s %8s\n", "exact", "-", "-", "-", 1.0,
                report.exact_qps, "-", "-");
  std::cout << line;
  auto ms = [](double v) {
    char b[32];
    if (std::isfinite(v)) std::snprintf(b, sizeof b, "%.3f", v);
    else std::snprintf(b, sizeof b, "-");
    return std::string(b);
  };
  for (const AnnBenchRow& r : report.results) {
    std::snprintf(line, sizeof line, "%-7s %-44s %8.2f %9.1f %7.3f %10.0f %8s %8s\n", r.index.c_str(),
                  params_text(r).c_str(), r.build_s, r.memory_mb, r.recall, r.qps, ms(r.p50_ms).c_str(),
                  ms(r.p99_ms).c_str());
    std::cout << line;
  }
}

void write_plot(const AnnBenchReport& report, const Options& o) {
  SvgPlot plot;
  plot.title = "recall@" + std::to_string(report.k) + " vs queries/s (" + std::to_string(report.rows) + " × " +
               std::to_string(report.dim) + ", " + metric_name(o.bench.index.metric) + ")";
  plot.x_label = "recall@" + std::to_string(report.k);
  plot.y_label = "queries/s (log scale)";
  plot.log_y = true;
  plot.series.push_back({"exact", {1.0}, {report.exact_qps}, false, {}});
  for (const AnnBenchRow& r : report.results) {
    if (plot.series.back().name != r.index) plot.series.push_back({r.index, {}, {}, true, {}});
    SvgSeries& series = plot.series.back();
    series.x.push_back(r.recall);
    series.y.push_back(r.qps);
    // An HNSW point is one efSearch of the sweep: say which.
    std::string label;
    for (const auto& [name, value] : r.params)
      if (r.index == "hnsw" && name == "efSearch") label = "ef=" + format_double(value);
    series.point_labels.push_back(label);
  }
  write_svg(plot, o.plot);
  if (!o.bench.quiet) std::cerr << "ann-bench: plot written to " << o.plot << "\n";
}

}  // namespace

Options parse(const Args& args) {
  Options o;
  AnnBenchConfig& b = o.bench;
  std::string metric = metric_name(b.index.metric), indexes;
  for (const std::string& name : b.indexes) indexes += (indexes.empty() ? "" : ",") + name;
  IndexSweeps sweeps{sweep_text(b.ef_search), sweep_text(b.nprobe), sweep_text(b.lsh_probes)};
  po::options_description desc("Options");
  add_vectors_option(desc, o.vectors);
  desc.add_options()
      ("queries", bound(b.queries), "number of query rows drawn from the set")
      ("held-out", po::bool_switch(&b.held_out),
       "leave the query rows out of the indexes (out-of-sample queries; default: each query is also indexed)")
      ("k,k", bound(b.k), "neighbours per query")
      ("metric", bound(metric), "cosine | dot | l2")
      ("index", bound(indexes), "comma-separated: hnsw, ivf, lsh, kdtree, exact");
  add_index_options(desc, b.index, &sweeps);
  desc.add_options()
      ("latency-queries", bound(b.latency_queries), "queries timed one by one for p50/p99 latency (0 = skip)")
      ("repeat", bound(b.repeats), "time each batch search this many times and keep the fastest (noisy machines)")
      ("build-repeat", bound(b.build_repeats), "build each index this many times and report the fastest build")
      ("limit", bound(o.read.limit), "use only the first N vectors (0 = all)")
      ("csv", po::bool_switch(&o.csv), "print CSV instead of a table")
      ("json", po::bool_switch(&o.json), "print one JSON object instead of a table")
      ("plot", po::value(&o.plot), "write recall vs queries/s as an SVG chart to FILE.svg")
      ("save-query-ids", po::value(&o.save_query_ids),
       "write the row numbers used as queries to FILE, one per line (to run peers on the same queries)");
  add_index_common_options(desc, b.index, b.quiet);
  po::variables_map vm;
  if (!parse_args("ann-bench", "--vectors V [--queries 1000] [--k 10] [--index hnsw,ivf,lsh,kdtree] [options]",
                  desc, args, vm))
    return {};
  require_positive("queries", b.queries);
  require_positive("k", b.k);
  b.index.metric = metric_option(metric);
  b.indexes = split_list(indexes);
  for (const std::string& name : b.indexes) require_one_of("index", name, bench_index_names());
  if (b.indexes.empty()) throw UsageError("--index needs at least one index name");
  check_index_options(b.index, true);
  require_at_least("latency-queries", b.latency_queries, 0);
  require_positive("repeat", b.repeats);
  require_positive("build-repeat", b.build_repeats);
  require_at_least("limit", o.read.limit, 0);
  if (o.csv && o.json) throw UsageError("--csv and --json are mutually exclusive");
  b.ef_search = parse_sweep("ef-search", sweeps.ef_search, 1);
  b.nprobe = parse_sweep("nprobe", sweeps.nprobe, 1);
  b.lsh_probes = parse_sweep("lsh-probes", sweeps.lsh_probes, 0);
  for (int p : b.lsh_probes)
    if (p > b.index.lsh.bits) throw UsageError("--lsh-probes: " + std::to_string(p) + " exceeds --lsh-bits");
  return o;
}

int run(const Options& o) {
  const Embeddings embeddings = read_vectors(o.vectors, o.read);
  const AnnBenchReport report = run_ann_bench(embeddings, o.bench, std::cerr);
  if (!o.save_query_ids.empty()) {
    AtomicFile file(o.save_query_ids);
    for (std::int64_t id : report.query_ids) file.stream() << id << '\n';
    file.commit();
  }
  if (o.json) print_json(report);
  else if (o.csv) print_csv(report);
  else print_table(report, o.bench.index.metric);
  if (!o.plot.empty()) write_plot(report, o);
  return 0;
}

// Under mpirun every index is sharded across the ranks (eval/sharded_index.h).
EMBKIT_REGISTER_DISTRIBUTED_COMMAND("ann-bench",
                                    "Recall vs speed of the k-NN indexes (hnsw, ivf, lsh, kdtree) against exact search",
                                    [](const Args& a) {
                                      Options o = parse(a);
                                      return o.vectors.empty() ? 0 : run(o);
                                    },
                                    (FlagNames{{"repeats", "repeat"}, {"build_repeats", "build-repeat"}}));

}  // namespace embkit::cli::ann_bench
