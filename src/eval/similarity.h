// Word-similarity evaluation: how well cosine similarity between word vectors
// ranks word pairs the way people do (WordSim-353, SimLex-999, RG-65, ...).
//
// Protocol (identical to gensim 4.2's KeyedVectors.evaluate_word_pairs with
// its defaults): the vocabulary is the first `restrict` rows (300,000 by
// default), looked up case-insensitively with the first — most frequent — case
// variant kept (label_lookup.h); a pair with a word outside it is out of
// vocabulary (OOV): it is left out and reported, not scored as 0. The score is
// Spearman's ρ between the human scores and cos(w1, w2) over the pairs used,
// ties given average ranks (spearman.h). Cosine with an all-zero vector is 0.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/embeddings.h"
#include "eval/eval_datasets.h"

namespace embkit {

struct SimilarityOptions {
  std::int64_t restrict = 300000;  // 0 = every row
  bool case_insensitive = true;
};

struct SimilarityResult {
  std::string dataset;
  double spearman = 0;     // NaN when fewer than 2 pairs were used
  double pearson = 0;      // reported alongside, as gensim does
  std::int64_t pairs_used = 0;
  std::int64_t pairs_total = 0;
  std::vector<std::pair<std::string, std::string>> oov_pairs;  // in file order
};

SimilarityResult evaluate_similarity(const Embeddings& embeddings, const WordPairSet& pairs,
                                     const SimilarityOptions& options = {});

// cos(u, v) in double precision; 0 when either is all zero.
double cosine_similarity(const float* u, const float* v, std::int64_t dim);

}  // namespace embkit
