#include "eval/similarity.h"

#include <cmath>

#include "eval/label_lookup.h"
#include "eval/spearman.h"

namespace embkit {

double cosine_similarity(const float* u, const float* v, std::int64_t dim) {
  double uv = 0, uu = 0, vv = 0;
  for (std::int64_t i = 0; i < dim; ++i) {
    uv += static_cast<double>(u[i]) * v[i];
    uu += static_cast<double>(u[i]) * u[i];
    vv += static_cast<double>(v[i]) * v[i];
  }
  if (uu == 0 || vv == 0) return 0;
  return uv / std::sqrt(uu * vv);
}

SimilarityResult evaluate_similarity(const Embeddings& embeddings, const WordPairSet& pairs,
                                     const SimilarityOptions& options) {
  const LabelLookup lookup(embeddings, options.restrict, options.case_insensitive);
  SimilarityResult result;
  result.dataset = pairs.name;
  result.pairs_total = static_cast<std::int64_t>(pairs.pairs.size());
  std::vector<double> human, model;
  for (const WordPair& pair : pairs.pairs) {
    const std::int64_t a = lookup.find(pair.first);
    const std::int64_t b = lookup.find(pair.second);
    if (a < 0 || b < 0) {
      result.oov_pairs.emplace_back(pair.first, pair.second);
      continue;
    }
    human.push_back(pair.score);
    model.push_back(cosine_similarity(embeddings.vectors.row(a).data(),
                                      embeddings.vectors.row(b).data(), embeddings.dim()));
  }
  result.pairs_used = static_cast<std::int64_t>(human.size());
  result.spearman = spearman(human, model);
  result.pearson = pearson(human, model);
  return result;
}

}  // namespace embkit
