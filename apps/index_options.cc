#include "index_options.h"

#include "core/error.h"
#include "core/text.h"

namespace embkit::cli {

void add_index_options(po::options_description& desc, IndexConfig& config, IndexSweeps* sweeps) {
  // Without sweeps the search-time options are single values (knn); the texts
  // keep each command's wording.
  auto search_option = [&](const char* name, int& single, std::string* list, const char* help, const char* sweep_help) {
    if (list) desc.add_options()(name, bound(*list), sweep_help);
    else desc.add_options()(name, bound(single), help);
  };
  desc.add_options()
      ("M", bound(config.hnsw.M), sweeps ? "hnsw: links per node (2·M on layer 0)" : "hnsw: links per node")
      ("ef-construction", bound(config.hnsw.ef_construction), "hnsw: build beam width");
  search_option("ef-search", config.hnsw.ef_search, sweeps ? &sweeps->ef_search : nullptr, "hnsw: search beam width",
                "hnsw: search beam widths to sweep");
  desc.add_options()("nlist", bound(config.ivf.nlist),
                     sweeps ? "ivf: number of k-means cells (0 = 4·√rows)" : "ivf: k-means cells (0 = 4·√rows)");
  search_option("nprobe", config.ivf.nprobe, sweeps ? &sweeps->nprobe : nullptr, "ivf: cells probed per query",
                "ivf: cells probed, values to sweep");
  desc.add_options()
      ("lsh-tables", bound(config.lsh.tables), "lsh: hash tables L")
      ("lsh-bits", bound(config.lsh.bits), "lsh: bits per table K (1-64)");
  search_option("lsh-probes", config.lsh.probes, sweeps ? &sweeps->lsh_probes : nullptr, "lsh: extra buckets per table",
                "lsh: extra buckets per table, values to sweep");
  desc.add_options()("leaf-size", bound(config.kdtree.leaf_size), "kdtree: rows per leaf");
}

void add_index_common_options(po::options_description& desc, IndexConfig& config, bool& quiet) {
  add_threads_option(desc, config.threads);
  add_seed_option(desc, config.seed);
  add_quiet_option(desc, quiet);
}

void check_index_options(const IndexConfig& config, bool sweeping) {
  require_at_least("M", config.hnsw.M, 2);
  require_positive("ef-construction", config.hnsw.ef_construction);
  if (!sweeping) require_positive("ef-search", config.hnsw.ef_search);
  require_at_least("nlist", config.ivf.nlist, 0);
  if (!sweeping) require_positive("nprobe", config.ivf.nprobe);
  require_positive("lsh-tables", config.lsh.tables);
  require_range("lsh-bits", config.lsh.bits, 1, 64);
  if (!sweeping) require_range("lsh-probes", config.lsh.probes, 0, config.lsh.bits);
  require_positive("leaf-size", config.kdtree.leaf_size);
}

Metric metric_option(const std::string& text) {
  require_one_of("metric", text, {"cosine", "dot", "l2"});
  return parse_metric(text);
}

std::vector<int> parse_sweep(const std::string& option, const std::string& text, int minimum) {
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

std::string sweep_text(const std::vector<int>& values) {
  std::string text;
  for (int v : values) text += (text.empty() ? "" : ",") + std::to_string(v);
  return text;
}

}  // namespace embkit::cli
