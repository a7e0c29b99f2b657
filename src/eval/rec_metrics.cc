#include "eval/rec_metrics.h"

#include <algorithm>
#include <omp.h>

#include <cmath>

#include "core/error.h"
#include "core/parallel.h"

namespace embkit {

std::vector<std::int32_t> top_k_items(const float* scores, std::int32_t num_items, int k,
                                      const std::vector<std::int32_t>& excluded) {
  std::vector<std::int32_t> candidates;
  candidates.reserve(static_cast<std::size_t>(num_items));
  std::size_t e = 0;
  for (std::int32_t i = 0; i < num_items; ++i) {
    while (e < excluded.size() && excluded[e] < i) ++e;
    if (e < excluded.size() && excluded[e] == i) continue;
    candidates.push_back(i);
  }
  auto better = [scores](std::int32_t a, std::int32_t b) {
    return scores[a] > scores[b] || (scores[a] == scores[b] && a < b);
  };
  const std::size_t n = std::min(candidates.size(), static_cast<std::size_t>(std::max(k, 0)));
  std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(n), candidates.end(), better);
  candidates.resize(n);
  return candidates;
}

void accumulate_ranking(const std::vector<std::int32_t>& ranked, const std::vector<std::int32_t>& relevant,
                        int k, RankingMetrics& sum) {
  if (relevant.empty()) return;
  double hits = 0, dcg = 0, ap = 0;
  const std::size_t depth = std::min(ranked.size(), static_cast<std::size_t>(k));
  for (std::size_t r = 0; r < depth; ++r) {
    if (!std::binary_search(relevant.begin(), relevant.end(), ranked[r])) continue;
    hits += 1;
    dcg += 1.0 / std::log2(static_cast<double>(r) + 2.0);
    ap += hits / static_cast<double>(r + 1);
  }
  const std::size_t ideal = std::min(relevant.size(), static_cast<std::size_t>(k));
  double idcg = 0;
  for (std::size_t r = 0; r < ideal; ++r) idcg += 1.0 / std::log2(static_cast<double>(r) + 2.0);
  sum.precision += hits / k;
  sum.recall += hits / static_cast<double>(relevant.size());
  sum.ndcg += dcg / idcg;
  sum.map += ap / static_cast<double>(ideal);
  sum.users += 1;
}

RankingMetrics evaluate_ranking(const ItemScorer& scorer, std::int32_t num_items, const ItemLists& seen,
                                const ItemLists& relevant, int k, int threads) {
  EMBKIT_CHECK(seen.size() == relevant.size(), "seen and relevant lists cover different user counts");
  if (k < 1) throw UsageError("k must be at least 1, got " + std::to_string(k));
  const int nt = resolve_threads(threads);
  const auto num_users = static_cast<std::int64_t>(seen.size());
  std::vector<RankingMetrics> partial(static_cast<std::size_t>(nt));
  ExceptionCapture capture;
#pragma omp parallel num_threads(nt)
  {
    std::vector<float> scores(static_cast<std::size_t>(num_items));
#pragma omp for schedule(dynamic, 32)
    for (std::int64_t u = 0; u < num_users; ++u) {
      capture.run([&] {
        if (relevant[static_cast<std::size_t>(u)].empty()) return;
        scorer(static_cast<std::int32_t>(u), scores.data());
        const auto ranked = top_k_items(scores.data(), num_items, k, seen[static_cast<std::size_t>(u)]);
        RankingMetrics& mine = partial[static_cast<std::size_t>(omp_get_thread_num())];
        accumulate_ranking(ranked, relevant[static_cast<std::size_t>(u)], k, mine);
      });
    }
  }
  capture.rethrow();
  RankingMetrics total;
  total.k = k;
  for (const RankingMetrics& p : partial) {
    total.precision += p.precision;
    total.recall += p.recall;
    total.ndcg += p.ndcg;
    total.map += p.map;
    total.users += p.users;
  }
  if (total.users > 0) {
    const double n = static_cast<double>(total.users);
    total.precision /= n;
    total.recall /= n;
    total.ndcg /= n;
    total.map /= n;
  }
  return total;
}

ItemScorer dot_product_scorer(const Matrix& users, const Matrix& items) {
  EMBKIT_CHECK(users.cols() == items.cols(), "user and item factors differ in dimension");
  return [&users, &items](std::int32_t user, float* scores) {
    Eigen::Map<Eigen::VectorXf> out(scores, items.rows());
    out.noalias() = items * users.row(user).transpose();
  };
}

ItemScorer global_scorer(std::vector<float> item_scores) {
  return [s = std::move(item_scores)](std::int32_t, float* scores) { std::copy(s.begin(), s.end(), scores); };
}

std::vector<float> popularity_scores(const ItemLists& interactions, std::int32_t num_items) {
  std::vector<float> counts(static_cast<std::size_t>(num_items), 0.0f);
  for (const auto& items : interactions)
    for (std::int32_t i : items) counts[static_cast<std::size_t>(i)] += 1.0f;
  return counts;
}

}  // namespace embkit
