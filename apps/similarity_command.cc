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
  CommonOptions common;
  po::options_description desc("Options");
  desc.add_options()
      ("vectors,v", po::value(&o.vectors)->required(), "vector file (.vec, .bin, .npy, GloVe text)")
      ("dataset,d", po::value(&o.datasets)->multitoken()->required(),
       "word-pair file(s): word1<TAB>word2<TAB>score per line")
      ("restrict", po::value(&o.restrict)->default_value(o.restrict),
       "use only the N most frequent (first) rows; 0 = all (gensim's restrict_vocab)")
      ("case-sensitive", po::bool_switch(&o.case_sensitive),
       "match words exactly (default: case-insensitive, most frequent variant kept)")
      ("show-oov", po::bool_switch(&o.show_oov), "list every out-of-vocabulary pair on stderr")
      ("json", po::bool_switch(&o.json), "print one JSON object instead of a table");
  add_quiet_option(desc, common);
  po::variables_map vm;
  if (!parse_args("similarity", "--vectors V --dataset FILE [FILE...] [options]", desc, args, vm))
    return {};
  require_at_least("restrict", o.restrict, 0);
  o.quiet = common.quiet;
  return o;
}

int run(const Options& o) {
  ReadVectorsOptions read;
  read.limit = o.restrict;  // rows past --restrict are never looked at
  const Embeddings embeddings = read_vectors(o.vectors, read);
  SimilarityOptions options;
  options.restrict = o.restrict;
  options.case_insensitive = !o.case_sensitive;

  std::vector<SimilarityResult> results;
  for (const std::string& path : o.datasets) {
    results.push_back(evaluate_similarity(embeddings, read_word_pairs(path), options));
    const SimilarityResult& r = results.back();
    // Spearman's rho needs two ranked pairs; printing NaN would be a silent wrong answer.
    if (r.pairs_used < 2)
      throw InputError(path + ": only " + std::to_string(r.pairs_used) + " of " +
                       std::to_string(r.pairs_used + static_cast<std::int64_t>(r.oov_pairs.size())) +
                       " pairs have both words in " + o.vectors +
                       " (Spearman needs at least 2; check --restrict and the vocabulary's case)");
  }

  for (const SimilarityResult& r : results) {
    if (r.oov_pairs.empty() || o.quiet) continue;
    std::cerr << "similarity: " << r.dataset << ": " << r.oov_pairs.size()
              << " pair(s) out of vocabulary";
    if (o.show_oov) {
      std::cerr << ":";
      for (const auto& p : r.oov_pairs) std::cerr << " " << p.first << "/" << p.second;
    } else {
      std::cerr << " (--show-oov lists them)";
    }
    std::cerr << "\n";
  }

  if (o.json) {
    JsonWriter j(std::cout);
    j.begin_object();
    j.key("vectors").value(o.vectors);
    j.key("restrict").value(static_cast<std::int64_t>(o.restrict));
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
