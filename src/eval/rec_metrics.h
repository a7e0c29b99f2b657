// Top-k recommendation metrics: precision@k, recall@k, NDCG@k, MAP@k.
//
// For every evaluated user the candidates are all items except those the user
// already has in training (`seen`), ranked by a score; the top k are compared
// with the user's held-out relevant items. Users with no relevant items are
// skipped (they would make every metric 0 or undefined). Binary relevance:
//   precision@k = hits / k
//   recall@k    = hits / |relevant|
//   NDCG@k      = Σ_{rank r hit} 1/log2(r+1) / Σ_{r=1}^{min(k,|rel|)} 1/log2(r+1)
//                 (Järvelin & Kekäläinen 2002)
//   MAP@k       = mean over users of Σ_{rank r hit} precision@r / min(k, |rel|)
// Ties in score go to the lower item index, so results are deterministic.
// The most-popular baseline ranks every user's candidates by one global score
// (the number of training interactions per item).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "core/embeddings.h"

namespace embkit {

using ItemLists = std::vector<std::vector<std::int32_t>>;  // per user, sorted item indices

struct RankingMetrics {
  int k = 10;
  double precision = 0, recall = 0, ndcg = 0, map = 0;
  std::int64_t users = 0;  // users with at least one relevant item
};

// Fills scores[0..num_items) for `user`.
using ItemScorer = std::function<void(std::int32_t user, float* scores)>;

// Indices of the k highest scores among items not in `excluded` (sorted),
// best first.
std::vector<std::int32_t> top_k_items(const float* scores, std::int32_t num_items, int k,
                                      const std::vector<std::int32_t>& excluded);

// Metrics of one ranked list against one sorted relevant set, added to `sum`.
void accumulate_ranking(const std::vector<std::int32_t>& ranked, const std::vector<std::int32_t>& relevant,
                        int k, RankingMetrics& sum);

// Averages over users with relevant items. `seen` and `relevant` are indexed
// by user (sizes must match); scoring runs in parallel over users.
RankingMetrics evaluate_ranking(const ItemScorer& scorer, std::int32_t num_items, const ItemLists& seen,
                                const ItemLists& relevant, int k, int threads = 0);

// Scorer for factor models: score(u, i) = users.row(u) · items.row(i).
ItemScorer dot_product_scorer(const Matrix& users, const Matrix& items);

// Scorer giving every user the same `item_scores` (e.g. popularity).
ItemScorer global_scorer(std::vector<float> item_scores);

// Popularity: per item, the number of users listing it in `interactions`.
std::vector<float> popularity_scores(const ItemLists& interactions, std::int32_t num_items);

}  // namespace embkit
