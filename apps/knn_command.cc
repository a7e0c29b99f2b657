#include "knn_command.h"

#include <algorithm>
#include <iostream>
#include <memory>

#include "core/error.h"
#include "core/input_file.h"
#include "core/json.h"
#include "core/text.h"
#include "core/vectors_io.h"
#include "eval/knn_factory.h"

namespace embkit::cli::knn {

namespace {

struct Query {
  std::string text;                 // what is printed in the "query" column
  Vector vector;
  std::vector<std::int64_t> words;  // rows to exclude
};

std::int64_t lookup(const Embeddings& emb, const std::string& word, const std::string& source,
                    std::uint64_t line) {
  const std::int64_t row = emb.find(word);
  if (row < 0) throw_input_error(source, line, "'" + word + "' is not in the vocabulary");
  return row;
}

// 3CosAdd (Mikolov, Yih & Zweig 2013): Σ positive − Σ negative, over unit
// vectors for cosine so that every word weighs the same.
Query analogy_query(const Embeddings& emb, const Options& o) {
  Query q;
  q.vector = Vector::Zero(emb.dim());
  auto add = [&](const std::string& list, float sign) {
    for (const std::string& word : split_list(list)) {
      const std::int64_t row = lookup(emb, word, "--positive/--negative", 0);
      Vector v = emb.vectors.row(row).transpose();
      if (o.metric == "cosine" && v.norm() > 0) v /= v.norm();
      q.vector += sign * v;
      q.words.push_back(row);
      q.text += (q.text.empty() ? (sign > 0 ? "" : "-") : (sign > 0 ? "+" : "-")) + word;
    }
  };
  add(o.positive, 1.0f);
  add(o.negative, -1.0f);
  return q;
}

}  // namespace

Options parse(const Args& args) {
  Options o;
  CommonOptions common;
  po::options_description desc("Options");
  desc.add_options()
      ("vectors,v", po::value(&o.vectors)->required(), "vector file (.vec, .bin, .npy, GloVe text)")
      ("query", po::value(&o.queries)->composing(), "query word (repeatable)")
      ("query-file", po::value(&o.query_file), "file with one query word per line")
      ("positive", po::value(&o.positive), "analogy: comma-separated words added (a,b)")
      ("negative", po::value(&o.negative), "analogy: comma-separated words subtracted (c)")
      ("k", po::value(&o.k)->default_value(o.k), "neighbours per query")
      ("index", po::value(&o.index)->default_value(o.index), "exact | hnsw | ivf | lsh | kdtree")
      ("metric", po::value(&o.metric)->default_value(o.metric), "cosine | dot | l2 (l2 prints distances)")
      ("include-query", po::bool_switch(&o.include_query), "do not exclude the query word(s) from the results")
      ("M", po::value(&o.hnsw_m)->default_value(o.hnsw_m), "hnsw: links per node")
      ("ef-construction", po::value(&o.ef_construction)->default_value(o.ef_construction), "hnsw: build beam width")
      ("ef-search", po::value(&o.ef_search)->default_value(o.ef_search), "hnsw: search beam width")
      ("nlist", po::value(&o.nlist)->default_value(o.nlist), "ivf: k-means cells (0 = 4·√rows)")
      ("nprobe", po::value(&o.nprobe)->default_value(o.nprobe), "ivf: cells probed per query")
      ("lsh-tables", po::value(&o.lsh_tables)->default_value(o.lsh_tables), "lsh: hash tables L")
      ("lsh-bits", po::value(&o.lsh_bits)->default_value(o.lsh_bits), "lsh: bits per table K (1-64)")
      ("lsh-probes", po::value(&o.lsh_probes)->default_value(o.lsh_probes), "lsh: extra buckets per table")
      ("leaf-size", po::value(&o.leaf_size)->default_value(o.leaf_size), "kdtree: rows per leaf")
      ("save-index", po::value(&o.save_index), "hnsw: save the built graph to FILE")
      ("load-index", po::value(&o.load_index), "hnsw: load the graph from FILE instead of building it")
      ("json", po::bool_switch(&o.json), "print JSON instead of query<TAB>neighbour<TAB>score lines");
  add_common_options(desc, common);
  po::variables_map vm;
  if (!parse_args("knn", "--vectors V (--query WORD | --query-file F | --positive a,b [--negative c]) [options]",
                  desc, args, vm))
    return {};
  o.threads = common.threads;
  o.seed = common.seed;
  o.quiet = common.quiet;
  const int modes = (!o.queries.empty()) + (!o.query_file.empty()) + (!o.positive.empty() || !o.negative.empty());
  if (modes != 1) throw UsageError("give exactly one of --query, --query-file or --positive/--negative");
  if (!o.negative.empty() && o.positive.empty()) throw UsageError("--negative needs --positive");
  require_positive("k", o.k);
  require_one_of("index", o.index, {"exact", "hnsw", "ivf", "lsh", "kdtree"});
  require_one_of("metric", o.metric, {"cosine", "dot", "l2"});
  require_at_least("M", o.hnsw_m, 2);
  require_positive("ef-construction", o.ef_construction);
  require_positive("ef-search", o.ef_search);
  require_at_least("nlist", o.nlist, 0);
  require_positive("nprobe", o.nprobe);
  require_positive("lsh-tables", o.lsh_tables);
  require_range("lsh-bits", o.lsh_bits, 1, 64);
  require_range("lsh-probes", o.lsh_probes, 0, o.lsh_bits);
  require_positive("leaf-size", o.leaf_size);
  if ((!o.save_index.empty() || !o.load_index.empty()) && o.index != "hnsw")
    throw UsageError("--save-index and --load-index apply to --index hnsw only");
  if (!o.save_index.empty() && !o.load_index.empty())
    throw UsageError("--save-index and --load-index are mutually exclusive");
  return o;
}

int run(const Options& o) {
  const Embeddings emb = read_vectors(o.vectors);
  if (emb.rows() == 0) throw InputError(located(o.vectors, 0, "no vectors"));

  std::vector<Query> queries;
  if (!o.positive.empty()) {
    queries.push_back(analogy_query(emb, o));
  } else {
    std::vector<std::pair<std::string, std::pair<std::string, std::uint64_t>>> words;  // word, (source, line)
    for (const std::string& w : o.queries) words.push_back({w, {"--query", 0}});
    if (!o.query_file.empty()) {
      LineReader reader(o.query_file);
      std::string line;
      while (reader.next(line)) {
        const std::string word(trim(line));
        if (!word.empty()) words.push_back({word, {o.query_file, reader.line_number()}});
      }
    }
    for (const auto& [word, where] : words) {
      Query q;
      q.text = word;
      const std::int64_t row = lookup(emb, word, where.first, where.second);
      q.vector = emb.vectors.row(row).transpose();
      q.words.push_back(row);
      queries.push_back(std::move(q));
    }
  }

  // A query whose excluded words are the whole set has nothing to return
  // (e.g. a file with a single vector): say so instead of printing nothing.
  if (!o.include_query)
    for (const Query& q : queries) {
      std::vector<std::int64_t> distinct = q.words;
      std::sort(distinct.begin(), distinct.end());
      distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
      if (static_cast<std::int64_t>(distinct.size()) >= emb.rows())
        throw InputError(located(o.vectors, 0,
                                 "holds only the query word(s) '" + q.text + "' (" + std::to_string(emb.rows()) +
                                     " vector" + (emb.rows() == 1 ? "" : "s") +
                                     "): no other vectors to search (--include-query lists the query itself)"));
    }

  IndexConfig config;
  config.type = o.index;
  config.metric = parse_metric(o.metric);
  config.threads = o.threads;
  config.hnsw = {o.hnsw_m, o.ef_construction, o.ef_search, o.seed};
  config.ivf.nlist = o.nlist;
  config.ivf.nprobe = o.nprobe;
  config.ivf.seed = o.seed;
  config.lsh = {o.lsh_tables, o.lsh_bits, o.lsh_probes, o.seed};
  config.kdtree.leaf_size = o.leaf_size;
  std::unique_ptr<Index> index;
  if (!o.load_index.empty()) {
    auto hnsw = HnswIndex::load(o.load_index);
    if (hnsw->size() != emb.rows() || hnsw->dim() != emb.dim() || hnsw->metric() != config.metric)
      throw InputError(located(o.load_index, 0,
                               "index has " + std::to_string(hnsw->size()) + " × " + std::to_string(hnsw->dim()) +
                                   " " + metric_name(hnsw->metric()) + " rows, but " + o.vectors + " has " +
                                   std::to_string(emb.rows()) + " × " + std::to_string(emb.dim()) + " and --metric " +
                                   o.metric));
    hnsw->set_ef_search(o.ef_search);
    hnsw->set_threads(o.threads);
    index = std::move(hnsw);
  } else {
    index = make_index(emb.vectors, config);
    if (!o.save_index.empty()) {
      static_cast<HnswIndex&>(*index).save(o.save_index);
      if (!o.quiet) std::cerr << "knn: index saved to " << o.save_index << "\n";
    }
  }

  Matrix query_matrix(static_cast<std::int64_t>(queries.size()), emb.dim());
  Exclusions exclude;
  for (std::size_t i = 0; i < queries.size(); ++i) {
    query_matrix.row(static_cast<std::int64_t>(i)) = queries[i].vector.transpose();
    exclude.push_back(o.include_query ? std::vector<std::int64_t>{} : queries[i].words);
  }
  const Neighbors result = index->search(query_matrix, o.k, &exclude);
  // An approximate index can come back empty-handed (an LSH query alone in
  // its buckets): warn rather than leave the query silently missing.
  if (!o.quiet)
    for (std::size_t i = 0; i < queries.size(); ++i)
      if (result.ids(static_cast<std::int64_t>(i), 0) < 0)
        std::cerr << "knn: warning: the " << o.index << " index found no neighbours for '" << queries[i].text
                  << "'\n";

  if (o.json) {
    JsonWriter j(std::cout);
    j.begin_object().key("index").value(o.index).key("metric").value(o.metric).key("k").value(o.k);
    j.key("queries").begin_array();
    for (std::size_t i = 0; i < queries.size(); ++i) {
      j.begin_object().key("query").value(queries[i].text).key("neighbors").begin_array();
      for (std::int64_t r = 0; r < o.k; ++r) {
        const std::int64_t id = result.ids(static_cast<std::int64_t>(i), r);
        if (id < 0) break;
        j.begin_object().key("label").value(emb.labels[id]);
        j.key("score").value(static_cast<double>(result.scores(static_cast<std::int64_t>(i), r))).end_object();
      }
      j.end_array().end_object();
    }
    j.end_array().end_object();  // JsonWriter ends the document with a newline
  } else {
    for (std::size_t i = 0; i < queries.size(); ++i)
      for (std::int64_t r = 0; r < o.k; ++r) {
        const std::int64_t id = result.ids(static_cast<std::int64_t>(i), r);
        if (id < 0) break;
        std::cout << queries[i].text << '\t' << emb.labels[id] << '\t'
                  << format_float(result.scores(static_cast<std::int64_t>(i), r)) << '\n';
      }
  }
  return 0;
}

EMBKIT_REGISTER_COMMAND("knn", "Nearest neighbours of words or of a+b-c, with exact, hnsw, ivf, lsh or kdtree search",
                        [](const Args& a) {
                          Options o = parse(a);
                          return o.vectors.empty() ? 0 : run(o);
                        });

}  // namespace embkit::cli::knn
