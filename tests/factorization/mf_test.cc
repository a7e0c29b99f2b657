#include <catch2/catch.hpp>

#include <cmath>

#include "core/error.h"
#include "core/random.h"
#include "eval/rec_metrics.h"
#include "factorization/als.h"
#include "factorization/mf_sgd.h"

using namespace embkit;

namespace {

// Ratings from a rank-3 model plus biases and noise, clipped to 1..5; about a
// third of the cells observed.
RatingList synthetic_ratings(int users, int items, std::uint64_t seed) {
  Rng rng(seed);
  Matrix p(users, 3), q(items, 3);
  for (Eigen::Index k = 0; k < p.size(); ++k) p.data()[k] = static_cast<float>(rng.normal());
  for (Eigen::Index k = 0; k < q.size(); ++k) q.data()[k] = static_cast<float>(rng.normal());
  RatingList out;
  for (int u = 0; u < users; ++u)
    for (int i = 0; i < items; ++i) {
      if (rng.uniform() > 0.35) continue;
      const double r = 3.2 + 0.3 * (u % 3) - 0.3 * (i % 4) + 0.6 * p.row(u).dot(q.row(i)) + 0.2 * rng.normal();
      out.push_back({u, i, static_cast<float>(std::clamp(r, 1.0, 5.0)), 0});
    }
  return out;
}

}  // namespace

TEST_CASE("biased MF by SGD beats the bias-only baseline on low-rank data", "[mf][sgd]") {
  const RatingList all = synthetic_ratings(120, 80, 3);
  const RatingSplit split = split_random(all, 0.2, 1);
  MfSgdOptions o;
  o.dim = 8;
  o.epochs = 40;
  o.reg = 0.05;
  o.threads = 1;
  o.quiet = true;
  std::vector<EpochReport> reports;
  const BiasedMF m = train_biased_mf(split.train, 120, 80, o, &split.test,
                                     [&](const EpochReport& r) { reports.push_back(r); });
  REQUIRE(reports.size() == 40);
  CHECK(reports.back().train_rmse < reports.front().train_rmse);
  // Baseline: predict the training mean.
  const double mu = mean_rating(split.train);
  double se = 0;
  for (const Rating& r : split.test) se += (r.value - mu) * (r.value - mu);
  const double baseline = std::sqrt(se / static_cast<double>(split.test.size()));
  CHECK(rmse(m, split.test) < 0.6 * baseline);
  CHECK(reports.back().test_rmse == Approx(rmse(m, split.test)));
  CHECK(mae(m, split.test) < rmse(m, split.test) + 1e-9);

  // One thread is reproducible bit for bit.
  const BiasedMF again = train_biased_mf(split.train, 120, 80, o);
  CHECK(again.user_factors == m.user_factors);
  CHECK(again.item_bias == m.item_bias);
}

TEST_CASE("biased MF rejects an empty training set and reports divergence", "[mf][sgd]") {
  MfSgdOptions o;
  o.quiet = true;
  CHECK_THROWS_AS(train_biased_mf({}, 1, 1, o), InputError);
  o.learning_rate = 1e6;
  o.lr_decay = 1;
  o.epochs = 5;
  o.threads = 1;
  CHECK_THROWS_AS(train_biased_mf(synthetic_ratings(20, 20, 1), 20, 20, o), InputError);
}

TEST_CASE("implicit ALS: loss decreases, exact and CG agree, ranking beats popularity", "[mf][als]") {
  const RatingList all = synthetic_ratings(150, 100, 5);
  const RatingSplit split = split_random(all, 0.2, 2);
  RatingList positives;
  for (const Rating& r : split.train)
    if (r.value >= 4) positives.push_back({r.user, r.item, 1.0f, 0});
  AlsOptions o;
  o.dim = 6;
  o.iterations = 8;
  o.reg = 1;
  o.alpha = 5;
  o.quiet = true;
  std::vector<double> losses;
  const ImplicitMF exact = train_implicit_als(positives, 150, 100, o, [&](const AlsIterationReport& r) { losses.push_back(r.loss); });
  REQUIRE(losses.size() == 8);
  for (std::size_t k = 1; k < losses.size(); ++k) CHECK(losses[k] <= losses[k - 1] * (1 + 1e-6));  // ALS never increases eq. 3
  CHECK(implicit_loss(exact, positives, o.alpha, o.reg) == Approx(losses.back()).epsilon(1e-5));

  o.conjugate_gradient = true;
  o.cg_steps = 6;
  std::vector<double> cg_losses;
  const ImplicitMF cg = train_implicit_als(positives, 150, 100, o, [&](const AlsIterationReport& r) { cg_losses.push_back(r.loss); });
  CHECK(cg_losses.back() == Approx(losses.back()).epsilon(0.02));

  const ItemLists seen = items_by_user(split.train, 150);
  const ItemLists relevant = items_by_user(split.test, 150, 4.0f);
  const RankingMetrics als = evaluate_ranking(dot_product_scorer(exact.user_factors, exact.item_factors), 100, seen, relevant, 10);
  const RankingMetrics pop = evaluate_ranking(global_scorer(popularity_scores(items_by_user(positives, 150), 100)), 100, seen, relevant, 10);
  CHECK(als.users == pop.users);
  CHECK(als.ndcg > 1.2 * pop.ndcg);
}

TEST_CASE("implicit loss matches the brute-force sum over all cells", "[mf][als]") {
  ImplicitMF m;
  m.user_factors = Matrix::Random(4, 3);
  m.item_factors = Matrix::Random(5, 3);
  const RatingList obs{{0, 1, 1, 0}, {2, 4, 2, 0}, {3, 0, 1, 0}};
  double expected = 0;
  for (int u = 0; u < 4; ++u)
    for (int i = 0; i < 5; ++i) {
      double c = 1, p = 0;
      for (const Rating& r : obs)
        if (r.user == u && r.item == i) c = 1 + 2.0 * r.value, p = 1;
      const double s = m.user_factors.row(u).dot(m.item_factors.row(i));
      expected += c * (p - s) * (p - s);
    }
  expected += 0.3 * (m.user_factors.squaredNorm() + m.item_factors.squaredNorm());
  CHECK(implicit_loss(m, obs, 2.0, 0.3) == Approx(expected).epsilon(1e-5));
  AlsOptions o;
  o.quiet = true;
  CHECK_THROWS_AS(train_implicit_als({{0, 0, 0.0f, 0}}, 1, 1, o), InputError);
  CHECK_THROWS_AS(train_implicit_als({}, 1, 1, o), InputError);
}
