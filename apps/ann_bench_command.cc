#include "ann_bench_command.h"

#include <cmath>
#include <cstdio>
#include <iostream>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/json.h"
#include "core/text.h"
#include "core/vectors_io.h"
#include "eval/ann_bench.h"
#include "eval/svg.h"

namespace embkit::cli::ann_bench {

namespace {

std::vector<int> parse_int_list(const std::string& option, const std::string& text, int minimum) {
  std::vector<int> values;
  for (const std::string& item : split_list(text)) {
    std::int64_t v;
    try {
      v = parse_int(item, "--" + option, 0);
    } catch (const InputError&) {
      throw UsageError("--" + option + ": expected a comma-separated list of integers, got '" + text + "'");
    }
    if (v < minimum || v > 1000000000)
      throw UsageError("--" + option + ": every value must be at least " + std::to_string(minimum) + ", got " +
                       item);
    values.push_back(static_cast<int>(v));
  }
  if (values.empty()) throw UsageError("--" + option + " needs at least one value");
  return values;
}

std::string params_text(const AnnBenchRow& row) {
  std::string text;
  for (const auto& [name, value] : row.params) {
    if (!text.empty()) text += " ";
    text += name + "=" + format_double(value);
  }
  return text;
}

AnnBenchConfig make_config(const Options& o) {
  AnnBenchConfig c;
  c.queries = o.queries;
  c.k = o.k;
  c.metric = parse_metric(o.metric);
  c.indexes = split_list(o.indexes);
  c.threads = o.threads;
  c.seed = o.seed;
  c.latency_queries = o.latency_queries;
  c.repeats = o.repeats;
  c.build_repeats = o.build_repeats;
  c.hnsw.M = o.hnsw_m;
  c.hnsw.ef_construction = o.ef_construction;
  c.hnsw.seed = o.seed;
  c.ef_search = parse_int_list("ef-search", o.ef_search, 1);
  c.ivf.nlist = o.nlist;
  c.ivf.seed = o.seed;
  c.nprobe = parse_int_list("nprobe", o.nprobe, 1);
  c.lsh.tables = o.lsh_tables;
  c.lsh.bits = o.lsh_bits;
  c.lsh.seed = o.seed;
  c.lsh_probes = parse_int_list("lsh-probes", o.lsh_probes, 0);
  c.kdtree.leaf_size = o.leaf_size;
  c.quiet = o.quiet;
  return c;
}

}  // namespace

Options parse(const Args& args) {
  Options o;
  CommonOptions common;
  po::options_description desc("Options");
  desc.add_options()
      ("vectors,v", po::value(&o.vectors)->required(), "vector file (.vec, .bin, .npy, GloVe text)")
      ("queries", po::value(&o.queries)->default_value(o.queries), "number of query rows drawn from the set")
      ("k", po::value(&o.k)->default_value(o.k), "neighbours per query")
      ("metric", po::value(&o.metric)->default_value(o.metric), "cosine | dot | l2")
      ("index", po::value(&o.indexes)->default_value(o.indexes), "comma-separated: hnsw, ivf, lsh, kdtree, exact")
      ("M", po::value(&o.hnsw_m)->default_value(o.hnsw_m), "hnsw: links per node (2·M on layer 0)")
      ("ef-construction", po::value(&o.ef_construction)->default_value(o.ef_construction), "hnsw: build beam width")
      ("ef-search", po::value(&o.ef_search)->default_value(o.ef_search), "hnsw: search beam widths to sweep")
      ("nlist", po::value(&o.nlist)->default_value(o.nlist), "ivf: number of k-means cells (0 = 4·√rows)")
      ("nprobe", po::value(&o.nprobe)->default_value(o.nprobe), "ivf: cells probed, values to sweep")
      ("lsh-tables", po::value(&o.lsh_tables)->default_value(o.lsh_tables), "lsh: hash tables L")
      ("lsh-bits", po::value(&o.lsh_bits)->default_value(o.lsh_bits), "lsh: bits per table K (1-64)")
      ("lsh-probes", po::value(&o.lsh_probes)->default_value(o.lsh_probes), "lsh: extra buckets per table, values to sweep")
      ("leaf-size", po::value(&o.leaf_size)->default_value(o.leaf_size), "kdtree: rows per leaf")
      ("latency-queries", po::value(&o.latency_queries)->default_value(o.latency_queries),
       "queries timed one by one for p50/p99 latency (0 = skip)")
      ("repeat", po::value(&o.repeats)->default_value(o.repeats),
       "time each batch search this many times and keep the fastest (noisy machines)")
      ("build-repeat", po::value(&o.build_repeats)->default_value(o.build_repeats),
       "build each index this many times and report the fastest build")
      ("limit", po::value(&o.limit)->default_value(o.limit), "use only the first N vectors (0 = all)")
      ("csv", po::bool_switch(&o.csv), "print CSV instead of a table")
      ("json", po::bool_switch(&o.json), "print one JSON object instead of a table")
      ("plot", po::value(&o.plot), "write recall vs queries/s as an SVG chart to FILE.svg")
      ("save-query-ids", po::value(&o.save_query_ids),
       "write the row numbers used as queries to FILE, one per line (to run peers on the same queries)");
  add_common_options(desc, common);
  po::variables_map vm;
  if (!parse_args("ann-bench", "--vectors V [--queries 1000] [--k 10] [--index hnsw,ivf,lsh,kdtree] [options]",
                  desc, args, vm))
    return {};
  o.threads = common.threads;
  o.seed = common.seed;
  o.quiet = common.quiet;
  require_positive("queries", o.queries);
  require_positive("k", o.k);
  require_one_of("metric", o.metric, {"cosine", "dot", "l2"});
  for (const std::string& name : split_list(o.indexes))
    require_one_of("index", name, {"hnsw", "ivf", "lsh", "kdtree", "exact"});
  if (split_list(o.indexes).empty()) throw UsageError("--index needs at least one index name");
  require_at_least("M", o.hnsw_m, 2);
  require_positive("ef-construction", o.ef_construction);
  require_at_least("nlist", o.nlist, 0);
  require_positive("lsh-tables", o.lsh_tables);
  require_range("lsh-bits", o.lsh_bits, 1, 64);
  require_positive("leaf-size", o.leaf_size);
  require_at_least("latency-queries", o.latency_queries, 0);
  require_positive("repeat", o.repeats);
  require_positive("build-repeat", o.build_repeats);
  require_at_least("limit", o.limit, 0);
  if (o.csv && o.json) throw UsageError("--csv and --json are mutually exclusive");
  make_config(o);  // validates the lists
  for (int p : parse_int_list("lsh-probes", o.lsh_probes, 0))
    if (p > o.lsh_bits) throw UsageError("--lsh-probes: " + std::to_string(p) + " exceeds --lsh-bits");
  return o;
}

int run(const Options& o) {
  ReadVectorsOptions read;
  read.limit = o.limit;
  const Embeddings embeddings = read_vectors(o.vectors, read);
  const AnnBenchReport report = run_ann_bench(embeddings, make_config(o), std::cerr);
  if (!o.save_query_ids.empty()) {
    AtomicFile file(o.save_query_ids);
    for (std::int64_t id : report.query_ids) file.stream() << id << '\n';
    file.commit();
  }

  if (o.json) {
    JsonWriter j(std::cout);
    j.begin_object();
    j.key("rows").value(report.rows).key("dim").value(report.dim);
    j.key("queries").value(report.queries).key("k").value(report.k);
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
  } else if (o.csv) {
    std::cout << "index,params,build_s,memory_mb,recall,qps,p50_ms,p99_ms\n";
    std::cout << "exact,,0,0,1," << format_double(report.exact_qps) << ",,\n";
    for (const AnnBenchRow& r : report.results)
      std::cout << r.index << ',' << params_text(r) << ',' << format_double(r.build_s) << ','
                << format_double(r.memory_mb) << ',' << format_double(r.recall) << ',' << format_double(r.qps)
                << ',' << (std::isfinite(r.p50_ms) ? format_double(r.p50_ms) : "") << ','
                << (std::isfinite(r.p99_ms) ? format_double(r.p99_ms) : "") << '\n';
  } else {
    char line[512];
    std::cout << report.rows << " rows × " << report.dim << " dims, " << report.queries << " queries, k = "
              << report.k << ", metric " << o.metric << "\n";
    std::snprintf(line, sizeof line, "%-7s %-44s %8s %9s %7s %10s %8s %8s\n", "index", "params", "build_s",
                  "memory_mb", "recall", "qps", "p50_ms", "p99_ms");
    std::cout << line;
    std::snprintf(line, sizeof line, "%-7s %-44s %8s %9s %7.3f %10.0f %8s %8s\n", "exact", "-", "-", "-", 1.0,
                  report.exact_qps, "-", "-");
    std::cout << line;
    for (const AnnBenchRow& r : report.results) {
      auto ms = [](double v) {
        char b[32];
        if (std::isfinite(v)) std::snprintf(b, sizeof b, "%.3f", v);
        else std::snprintf(b, sizeof b, "-");
        return std::string(b);
      };
      std::snprintf(line, sizeof line, "%-7s %-44s %8.2f %9.1f %7.3f %10.0f %8s %8s\n", r.index.c_str(),
                    params_text(r).c_str(), r.build_s, r.memory_mb, r.recall, r.qps, ms(r.p50_ms).c_str(),
                    ms(r.p99_ms).c_str());
      std::cout << line;
    }
  }
  if (!o.plot.empty()) {
    SvgPlot plot;
    plot.title = "recall@" + std::to_string(report.k) + " vs queries/s (" + std::to_string(report.rows) + " × " +
                 std::to_string(report.dim) + ", " + o.metric + ")";
    plot.x_label = "recall@" + std::to_string(report.k);
    plot.y_label = "queries/s (log scale)";
    plot.log_y = true;
    plot.series.push_back({"exact", {1.0}, {report.exact_qps}, false});
    for (const AnnBenchRow& r : report.results) {
      if (plot.series.back().name != r.index) plot.series.push_back({r.index, {}, {}, true});
      plot.series.back().x.push_back(r.recall);
      plot.series.back().y.push_back(r.qps);
    }
    write_svg(plot, o.plot);
    if (!o.quiet) std::cerr << "ann-bench: plot written to " << o.plot << "\n";
  }
  return 0;
}

EMBKIT_REGISTER_COMMAND("ann-bench", "Recall vs speed of the k-NN indexes (hnsw, ivf, lsh, kdtree) against exact search",
                        [](const Args& a) {
                          Options o = parse(a);
                          return o.vectors.empty() ? 0 : run(o);
                        },
                        {{"repeats", "repeat"}, {"build_repeats", "build-repeat"}});

}  // namespace embkit::cli::ann_bench
