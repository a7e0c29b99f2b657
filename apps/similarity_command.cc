#include "similarity_command.h"

#include <cmath>
#include <cstdio>
#include <iostream>

#include "core/error.h"
#include "core/json.h"
#include "core/vectors_io.h"
#include "eval/similarity.h"

namespace embkit::cli::similarity {

Options parse(const Args& args) {
  Options o;
  bool case_sensitive = !o.similarity.case_insensitive;
  po::options_description desc("Options");
  add_vectors_option(desc, o.vectors);
  desc.add_options()
      ("dataset", po::value(&o.datasets)->multitoken()->required(),
       "word-pair file(s): word1<TAB>word2<TAB>score per line")
      ("restrict", bound(o.similarity.restrict),
       "use only the N most frequent (first) rows; 0 = all (gensim's restrict_vocab)")
      ("case-sensitive", po::bool_switch(&case_sensitive),
       "match words exactly (default: case-insensitive, most frequent variant kept)")
      ("show-oov", po::bool_switch(&o.show_oov), "list every out-of-vocabulary pair on stderr")
      ("json", po::bool_switch(&o.json), "print one JSON object instead of a table");
  add_quiet_option(desc, o.quiet);
  po::variables_map vm;
  if (!parse_args("similarity", "--vectors V --dataset FILE [FILE...] [options]", desc, args, vm))
    return {};
  require_at_least("restrict", o.similarity.restrict, 0);
  o.similarity.case_insensitive = !case_sensitive;
  return o;
}

namespace {

// Spearman's rho of every dataset; a dataset with fewer than two usable pairs
// is an error (a NaN would be a silent wrong answer).
std::vector<SimilarityResult> evaluate(const Options& o, const Embeddings& embeddings) {
  std::vector<SimilarityResult> results;
  for (const std::string& path : o.datasets) {
    results.push_back(evaluate_similarity(embeddings, read_word_pairs(path), o.similarity));
    const SimilarityResult& r = results.back();
    if (r.pairs_used < 2)
      throw InputError(path + ": only " + std::to_string(r.pairs_used) + " of " +
                       std::to_string(r.pairs_used + static_cast<std::int64_t>(r.oov_pairs.size())) +
                       " pairs have both words in " + o.vectors +
                       " (Spearman needs at least 2; check --restrict and the vocabulary's case)");
  }
  return results;
}

void report_oov(const Options& o, const std::vector<SimilarityResult>& results) {
  for (const SimilarityResult& r : results) {
    if (r.oov_pairs.empty() || o.quiet) continue;
    std::cerr << "similarity: " << r.dataset << ": " << r.oov_pairs.size() << " pair(s) out of vocabulary";
    if (o.show_oov) {
      std::cerr << ":";
      for (const auto& p : r.oov_pairs) std::cerr << " " << p.first << "/" << p.second;
    } else {
      std::cerr << " (--show-oov lists them)";
    }
    std::cerr << "\n";
  }
}

void print_json(const Options& o, const std::vector<SimilarityResult>& results) {
  JsonWriter j(std::cout);
  j.begin_object();
  j.key("vectors").value(o.vectors);
  j.key("restrict").value(static_cast<std::int64_t>(o.similarity.restrict));
  j.key("datasets").begin_array();
  for (const SimilarityResult& r : results) {
    j.begin_object();
    j.key("dataset").value(r.dataset);
    j.key("spearman").value(r.spearman);
    j.key("pairs_used").value(r.pairs_used);
    j.key("pairs_total").value(r.pairs_total);
    j.end_object();
  }
  j.end_array();
  j.end_object();
  std::cout << "\n";
}

}  // namespace

int run(const Options& o) {
  ReadVectorsOptions read;
  read.limit = o.similarity.restrict;  // rows past --restrict are never looked at
  const Embeddings embeddings = read_vectors(o.vectors, read);
  const std::vector<SimilarityResult> results = evaluate(o, embeddings);
  report_oov(o, results);
  if (o.json) {
    print_json(o, results);
    return 0;
  }
  std::printf("%-24s %9s %9s %13s\n", "dataset", "spearman", "pearson", "pairs used");
  for (const SimilarityResult& r : results) {
    char used[64];
    std::snprintf(used, sizeof used, "%lld/%lld", static_cast<long long>(r.pairs_used),
                  static_cast<long long>(r.pairs_total));
    std::printf("%-24s %9.4f %9.4f %13s\n", r.dataset.c_str(), r.spearman, r.pearson, used);
  }
  return 0;
}

EMBKIT_REGISTER_COMMAND("similarity", "Spearman correlation of vectors with word-similarity datasets",
                        [](const Args& a) {
                          Options o = parse(a);
                          return o.vectors.empty() ? 0 : run(o);
                        });

}  // namespace embkit::cli::similarity
