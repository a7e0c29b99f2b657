#include "knn_command.h"

#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>

#include "core/distributed.h"
#include "core/error.h"
#include "core/input_file.h"
#include "core/json.h"
#include "core/text.h"
#include "core/vectors_io.h"
#include "eval/sharded_index.h"
#include "index_options.h"
#include "word2vec/subwords.h"

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
  if (row < 0) throw_input_error(source, line, quote_input(word) + " is not in the vocabulary");
  return row;
}

// A word outside the vocabulary, with --load-model: its vector from its
// n-grams (subwords.h), excluding nothing from the results.
std::optional<Query> unseen_word(const SubwordModel* model, const std::string& word) {
  if (!model) return std::nullopt;
  Query q;
  q.text = word;
  q.vector = model->word_vector(word);
  return q;
}

// 3CosAdd (Mikolov, Yih & Zweig 2013): Σ positive − Σ negative, over unit
// vectors for cosine so that every word weighs the same.
Query analogy_query(const Embeddings& emb, const Options& o) {
  Query q;
  q.vector = Vector::Zero(emb.dim());
  auto add = [&](const std::string& list, float sign) {
    for (const std::string& word : split_list(list)) {
      const std::int64_t row = lookup(emb, word, "--add/--subtract", 0);
      Vector v = emb.vectors.row(row).transpose();
      if (o.index.metric == Metric::Cosine && v.norm() > 0) v /= v.norm();
      q.vector += sign * v;
      q.words.push_back(row);
      q.text += (q.text.empty() ? (sign > 0 ? "" : "-") : (sign > 0 ? "+" : "-")) + word;
    }
  };
  add(o.positive, 1.0f);
  add(o.negative, -1.0f);
  return q;
}

// The --query words, then the --query-file words, each its own query. A word
// not in the vocabulary is left out with a warning naming where it came from;
// only when no word is known is it an error (one word: that word's error).
std::vector<Query> word_queries(const Embeddings& emb, const Options& o, const SubwordModel* model) {
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
  std::vector<Query> queries;
  std::vector<std::string> unknown;
  for (const auto& [word, where] : words) {
    const std::int64_t row = emb.find(word);
    if (row < 0 && model) {
      queries.push_back(*unseen_word(model, word));
      continue;
    }
    if (row < 0) {
      unknown.push_back(located(where.first, where.second, "'" + word + "' is not in the vocabulary"));
      continue;
    }
    Query q;
    q.text = word;
    q.vector = emb.vectors.row(row).transpose();
    q.words.push_back(row);
    queries.push_back(std::move(q));
  }
  if (queries.empty() && words.size() == 1) throw InputError(unknown.front());
  if (queries.empty())
    throw InputError(located(o.vectors, 0, "none of the " + std::to_string(words.size()) +
                                               " query words is in the vocabulary (first: " + unknown.front() + ")"));
  for (const std::string& message : unknown) std::cerr << "knn: warning: " << message << "; skipped\n";
  return queries;
}

// A query whose excluded words are the whole set has nothing to return
// (e.g. a file with a single vector): say so instead of printing nothing.
void require_other_vectors(const Embeddings& emb, const std::vector<Query>& queries, const Options& o) {
  if (o.include_query) return;
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
}

// --load-index, or the index built by make_index (and saved with --save-index).
std::unique_ptr<Index> open_index(const Embeddings& emb, const Options& o) {
  if (o.load_index.empty()) {
    // Under mpirun each rank indexes its block of the rows (eval/sharded_index.h).
    std::unique_ptr<Index> index = make_sharded_index(emb.vectors, o.index);
    if (!o.save_index.empty()) {
      static_cast<HnswIndex&>(*index).save(o.save_index, emb.fingerprint());
      if (!o.quiet) std::cerr << "knn: index saved to " << o.save_index << "\n";
    }
    return index;
  }
  auto hnsw = HnswIndex::load(o.load_index, emb.fingerprint());
  if (hnsw->size() != emb.rows() || hnsw->dim() != emb.dim() || hnsw->metric() != o.index.metric)
    throw InputError(located(o.load_index, 0,
                             "index has " + std::to_string(hnsw->size()) + " × " + std::to_string(hnsw->dim()) +
                                 " " + metric_name(hnsw->metric()) + " rows, but " + o.vectors + " has " +
                                 std::to_string(emb.rows()) + " × " + std::to_string(emb.dim()) + " and --metric " +
                                 metric_name(o.index.metric)));
  hnsw->set_ef_search(o.index.hnsw.ef_search);
  hnsw->set_threads(o.index.threads);
  return hnsw;
}

Neighbors search(const Index& index, const std::vector<Query>& queries, const Options& o) {
  Matrix query_matrix(static_cast<std::int64_t>(queries.size()), index.dim());
  Exclusions exclude;
  for (std::size_t i = 0; i < queries.size(); ++i) {
    query_matrix.row(static_cast<std::int64_t>(i)) = queries[i].vector.transpose();
    exclude.push_back(o.include_query ? std::vector<std::int64_t>{} : queries[i].words);
  }
  // At most every row can be a neighbour: a larger --k pads with -1, and
  // --k 2000000000 would allocate gigabytes of padding.
  Neighbors result = index.search(query_matrix, std::min<std::int64_t>(o.k, index.size()), &exclude);
  // An approximate index can come back empty-handed (an LSH query alone in
  // its buckets): warn rather than leave the query silently missing.
  if (!o.quiet)
    for (std::size_t i = 0; i < queries.size(); ++i)
      if (result.ids(static_cast<std::int64_t>(i), 0) < 0)
        std::cerr << "knn: warning: the " << o.index.type << " index found no neighbours for '" << queries[i].text
                  << "'\n";
  return result;
}

void print_neighbors(const Embeddings& emb, const std::vector<Query>& queries, const Neighbors& result,
                     const Options& o) {
  if (o.json) {
    JsonWriter j(std::cout);
    j.begin_object().key("index").value(o.index.type).key("metric").value(metric_name(o.index.metric));
    j.key("k").value(o.k).key("queries").begin_array();
    for (std::size_t i = 0; i < queries.size(); ++i) {
      j.begin_object().key("query").value(queries[i].text).key("neighbors").begin_array();
      for (std::int64_t r = 0; r < result.ids.cols(); ++r) {
        const std::int64_t id = result.ids(static_cast<std::int64_t>(i), r);
        if (id < 0) break;
        j.begin_object().key("label").value(emb.labels[id]);
        j.key("score").value(static_cast<double>(result.scores(static_cast<std::int64_t>(i), r))).end_object();
      }
      j.end_array().end_object();
    }
    j.end_array().end_object();  // JsonWriter ends the document with a newline
    return;
  }
  for (std::size_t i = 0; i < queries.size(); ++i)
    for (std::int64_t r = 0; r < result.ids.cols(); ++r) {
      const std::int64_t id = result.ids(static_cast<std::int64_t>(i), r);
      if (id < 0) break;
      std::cout << queries[i].text << '\t' << emb.labels[id] << '\t'
                << format_float(result.scores(static_cast<std::int64_t>(i), r)) << '\n';
    }
}

}  // namespace

Options parse(const Args& args) {
  Options o;
  std::string metric = metric_name(o.index.metric);
  po::options_description desc("Options");
  desc.add_options()
      ("vectors,v", po::value(&o.vectors), "vector file (.vec, .bin, .npy, GloVe text)")
      ("load-model", po::value(&o.load_model),
       "instead of --vectors: a subword model (word2vec --subwords --save-model); its vocabulary is searched "
       "and any --query word, seen or not, gets a vector from its n-grams")
      ("query", po::value(&o.queries)->composing(), "query word (repeatable)")
      ("query-file", po::value(&o.query_file), "file with one query word per line")
      ("add", po::value(&o.positive), "analogy: comma-separated words added (a,b)")
      ("subtract", po::value(&o.negative), "analogy: comma-separated words subtracted (c)")
      ("k,k", bound(o.k), "neighbours per query")
      ("index", bound(o.index.type), "exact | hnsw | ivf | lsh | kdtree")
      ("metric", bound(metric), "cosine | dot | l2 (l2 prints distances)")
      ("include-query", po::bool_switch(&o.include_query), "do not exclude the query word(s) from the results");
  add_index_options(desc, o.index);
  desc.add_options()
      ("save-index", po::value(&o.save_index), "hnsw: save the built graph to FILE")
      ("load-index", po::value(&o.load_index), "hnsw: load the graph from FILE instead of building it")
      ("json", po::bool_switch(&o.json), "print JSON instead of query<TAB>neighbour<TAB>score lines");
  add_index_common_options(desc, o.index, o.quiet);
  po::variables_map vm;
  if (!parse_args("knn", "(--vectors V | --load-model M) (--query WORD | --query-file F | --add a,b [--subtract c]) [options]",
                  desc, args, vm))
    return {};
  if (o.vectors.empty() == o.load_model.empty()) throw UsageError("give exactly one of --vectors or --load-model");
  const int modes = (!o.queries.empty()) + (!o.query_file.empty()) + (!o.positive.empty() || !o.negative.empty());
  if (modes != 1) throw UsageError("give exactly one of --query, --query-file or --add/--subtract");
  if (!o.negative.empty() && o.positive.empty()) throw UsageError("--subtract needs --add");
  // "--add ," splits into no words: the query would be the zero vector,
  // whose every score is 0.
  if (!o.positive.empty() && split_list(o.positive).empty())
    throw UsageError("--add lists no words, got '" + o.positive + "'");
  if (!o.negative.empty() && split_list(o.negative).empty())
    throw UsageError("--subtract lists no words, got '" + o.negative + "'");
  require_positive("k", o.k);
  require_one_of("index", o.index.type, index_names());
  o.index.metric = metric_option(metric);
  check_index_options(o.index, false);
  if ((!o.save_index.empty() || !o.load_index.empty()) && o.index.type != "hnsw")
    throw UsageError("--save-index and --load-index apply to --index hnsw only");
  if (!o.save_index.empty() && !o.load_index.empty())
    throw UsageError("--save-index and --load-index are mutually exclusive");
  if ((!o.save_index.empty() || !o.load_index.empty()) && distributed::size() > 1)
    throw UsageError("--save-index and --load-index hold one graph over all the rows; under mpirun each rank "
                     "builds its own shard: run without them, or on one process");
  return o;
}

int run(const Options& o) {
  std::optional<SubwordModel> model;
  if (!o.load_model.empty()) model = SubwordModel::load(o.load_model);
  const Embeddings emb = model ? model->vocabulary_vectors() : read_vectors(o.vectors);
  if (emb.rows() == 0) throw InputError(located(o.vectors, 0, "no vectors"));
  const std::vector<Query> queries =
      o.positive.empty() ? word_queries(emb, o, model ? &*model : nullptr) : std::vector<Query>{analogy_query(emb, o)};
  require_other_vectors(emb, queries, o);
  const std::unique_ptr<Index> index = open_index(emb, o);
  print_neighbors(emb, queries, search(*index, queries, o), o);
  return 0;
}

EMBKIT_REGISTER_DISTRIBUTED_COMMAND("knn",
                                    "Nearest neighbours of words or of a+b-c, with exact, hnsw, ivf, lsh or kdtree search",
                                    [](const Args& a) {
                                      Options o = parse(a);
                                      return o.vectors.empty() && o.load_model.empty() ? 0 : run(o);
                                    },
                                    {});

}  // namespace embkit::cli::knn
