#include <catch2/catch.hpp>

#include <cmath>

#include "eval/rec_metrics.h"

using namespace embkit;

TEST_CASE("rec metrics: top-k skips seen items and breaks ties by index", "[rec_metrics]") {
  const std::vector<float> scores{0.5f, 0.9f, 0.9f, 0.1f, 0.7f};
  CHECK(top_k_items(scores.data(), 5, 3, {}) == std::vector<std::int32_t>{1, 2, 4});
  CHECK(top_k_items(scores.data(), 5, 3, {1, 4}) == std::vector<std::int32_t>{2, 0, 3});
  CHECK(top_k_items(scores.data(), 5, 10, {0, 1, 2}) == std::vector<std::int32_t>{4, 3});
}

TEST_CASE("rec metrics: hand-computed precision, recall, NDCG and MAP", "[rec_metrics]") {
  // Ranked [a, b, c, d], relevant {b, d, e}: hits at ranks 2 and 4.
  RankingMetrics m;
  accumulate_ranking({10, 11, 12, 13}, {11, 13, 14}, 4, m);
  REQUIRE(m.users == 1);
  CHECK(m.precision == Approx(2.0 / 4));
  CHECK(m.recall == Approx(2.0 / 3));
  const double dcg = 1 / std::log2(3.0) + 1 / std::log2(5.0);
  const double idcg = 1 + 1 / std::log2(3.0) + 1 / std::log2(4.0);
  CHECK(m.ndcg == Approx(dcg / idcg));
  CHECK(m.map == Approx((1.0 / 2 + 2.0 / 4) / 3));
  // A user with nothing relevant is not counted.
  accumulate_ranking({1, 2}, {}, 4, m);
  CHECK(m.users == 1);
}

TEST_CASE("rec metrics: evaluate_ranking averages users and a perfect scorer gets 1", "[rec_metrics]") {
  // 3 users, 6 items. Relevant items get the top scores for a perfect scorer.
  const ItemLists seen{{0}, {1, 2}, {}};
  const ItemLists relevant{{3, 4}, {5}, {}};
  ItemScorer perfect = [&](std::int32_t u, float* s) {
    for (int i = 0; i < 6; ++i) s[i] = 0;
    for (std::int32_t i : relevant[static_cast<std::size_t>(u)]) s[i] = 1;
    for (std::int32_t i : seen[static_cast<std::size_t>(u)]) s[i] = 2;  // must be excluded anyway
  };
  const RankingMetrics m = evaluate_ranking(perfect, 6, seen, relevant, 2, 2);
  CHECK(m.users == 2);
  CHECK(m.ndcg == Approx(1.0));
  CHECK(m.map == Approx(1.0));
  CHECK(m.recall == Approx(1.0));
  CHECK(m.precision == Approx((1.0 + 0.5) / 2));

  const std::vector<float> pop = popularity_scores({{0, 1}, {1}, {1, 2}}, 4);
  CHECK(pop == std::vector<float>{1, 3, 1, 0});
  Matrix users(1, 2), items(3, 2);
  users << 1, 2;
  items << 1, 0, 0, 1, 1, 1;
  std::vector<float> out(3);
  dot_product_scorer(users, items)(0, out.data());
  CHECK(out == std::vector<float>{1, 2, 3});
}
