// The word2vec building blocks against their formulas: the SGNS gradient
// against finite differences, the alias noise sampler against unigram^0.75,
// the subsampler against word2vec.c's keep probability.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "core/random.h"
#include "word2vec/noise_sampler.h"
#include "word2vec/sgns_kernels.h"
#include "word2vec/subsampler.h"

using namespace embkit;

TEST_CASE("SGNS pair gradient matches finite differences of the loss", "[word2vec]") {
  const int dim = 16;
  Rng rng(7);
  w2v::SigmoidTable table;
  for (int positive = 0; positive <= 1; ++positive) {
    std::vector<float> v(dim), u(dim);
    for (int i = 0; i < dim; ++i) {
      v[i] = static_cast<float>(rng.normal() * 0.3);
      u[i] = static_cast<float>(rng.normal() * 0.3);
    }
    // The kernel's step: grad_v += g·u, u += g·v with g = lr (y - σ(f)), i.e.
    // -lr ∂L/∂v and -lr ∂L/∂u.
    const float lr = 1e-3f;
    std::vector<float> grad_v(dim, 0.f), u_after = u;
    const float loss = w2v::sgns_pair(v.data(), u_after.data(), grad_v.data(), dim,
                                      positive ? 1.f : 0.f, lr, table);
    CHECK(loss == Approx(w2v::sgns_pair_loss_reference(v.data(), u.data(), dim, positive)).margin(5e-3));
    const double h = 1e-3;
    for (int i = 0; i < dim; ++i) {
      std::vector<float> vp = v, vm = v, up = u, um = u;
      vp[i] += h;
      vm[i] -= h;
      up[i] += h;
      um[i] -= h;
      const double dv = (w2v::sgns_pair_loss_reference(vp.data(), u.data(), dim, positive) -
                         w2v::sgns_pair_loss_reference(vm.data(), u.data(), dim, positive)) / (2 * h);
      const double du = (w2v::sgns_pair_loss_reference(v.data(), up.data(), dim, positive) -
                         w2v::sgns_pair_loss_reference(v.data(), um.data(), dim, positive)) / (2 * h);
      // The σ table is accurate to ~1e-3 absolute; |u|, |v| < ~1.
      CHECK(-grad_v[i] / lr == Approx(dv).margin(2e-3));
      CHECK(-(u_after[i] - u[i]) / lr == Approx(du).margin(2e-3));
    }
  }
}

TEST_CASE("sigmoid table matches the exact function and flags NaN/Inf", "[word2vec]") {
  w2v::SigmoidTable table;
  for (double x = -10; x <= 10; x += 0.037) {
    CHECK(table.sigmoid(static_cast<float>(x)) == Approx(1 / (1 + std::exp(-x))).margin(1.5e-3));
    CHECK(table.neg_log_sigmoid(static_cast<float>(x)) == Approx(std::log1p(std::exp(-x))).margin(5e-3));
  }
  CHECK(std::isnan(table.sigmoid(NAN)));
  CHECK(std::isnan(table.neg_log_sigmoid(NAN)));
  CHECK(std::isinf(table.neg_log_sigmoid(-INFINITY)));
}

TEST_CASE("noise sampler draws words in proportion to count^0.75", "[word2vec]") {
  const std::vector<std::uint64_t> counts = {1000, 500, 300, 120, 80, 40, 7, 1};
  NoiseSampler sampler(counts, 0.75);
  double total = 0;
  std::vector<double> expected(counts.size());
  for (std::size_t i = 0; i < counts.size(); ++i) total += expected[i] = std::pow(counts[i], 0.75);
  for (double& e : expected) e /= total;

  // The table itself encodes the distribution exactly (up to 2^-32).
  const std::vector<double> implied = sampler.probabilities();
  for (std::size_t i = 0; i < counts.size(); ++i) CHECK(implied[i] == Approx(expected[i]).margin(1e-8));

  // And draws follow it: relative error under 1% for every word with p > 2%
  // (8M draws: the standard error there is under 0.25%).
  const int draws = 8000000;
  std::vector<double> seen(counts.size(), 0);
  w2v::FastRng rng;
  Rng seeder(3);
  seeder.get_state(rng.s);
  for (int i = 0; i < draws; ++i) seen[sampler.sample(rng.next())] += 1;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const double p = seen[i] / draws;
    if (expected[i] > 0.02)
      CHECK(p == Approx(expected[i]).epsilon(0.01));
    else
      CHECK(p == Approx(expected[i]).margin(1e-3));
  }

  // Exponent 0 is uniform, 1 the raw unigram.
  const std::vector<double> uniform = NoiseSampler(counts, 0.0).probabilities();
  for (double p : uniform) CHECK(p == Approx(1.0 / counts.size()).margin(1e-8));
}

TEST_CASE("subsampling keeps words with word2vec.c's probability", "[word2vec]") {
  const std::vector<std::uint64_t> counts = {500000, 100000, 20000, 1000, 10};
  std::uint64_t total = 0;
  for (auto c : counts) total += c;
  const double t = 1e-3;
  Subsampler sub(counts, t);
  w2v::FastRng rng;
  Rng seeder(5);
  seeder.get_state(rng.s);
  for (std::size_t w = 0; w < counts.size(); ++w) {
    const double f = static_cast<double>(counts[w]);
    const double formula = std::min(1.0, (std::sqrt(f / (t * total)) + 1) * (t * total) / f);
    CHECK(Subsampler::keep_probability(counts[w], total, t) == Approx(formula));
    CHECK(sub.keep_probability(static_cast<std::uint32_t>(w)) == Approx(formula).margin(1e-9));
    int kept = 0;
    const int trials = 400000;
    for (int i = 0; i < trials; ++i) kept += sub.keep(static_cast<std::uint32_t>(w), static_cast<std::uint32_t>(rng.next() >> 32));
    CHECK(kept / double(trials) == Approx(formula).margin(0.005));
  }
  // The most frequent word is really thinned out, the rare ones always kept.
  CHECK(sub.keep_probability(0) < 0.1);
  CHECK(sub.keep_probability(4) == 1.0);
  // sample = 0 disables subsampling.
  Subsampler off(counts, 0.0);
  for (std::size_t w = 0; w < counts.size(); ++w) CHECK(off.keep_probability(static_cast<std::uint32_t>(w)) == 1.0);
}
