#include "factorization/mf_sgd.h"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/error.h"
#include "core/parallel.h"
#include "core/progress.h"
#include "core/random.h"
#include "core/signals.h"

namespace embkit {

float BiasedMF::predict(std::int32_t user, std::int32_t item) const {
  const float p = static_cast<float>(global_mean) + user_bias[user] + item_bias[item] +
                  user_factors.row(user).dot(item_factors.row(item));
  return std::clamp(p, min_rating, max_rating);
}

double rmse(const BiasedMF& model, const RatingList& ratings) {
  if (ratings.empty()) return std::numeric_limits<double>::quiet_NaN();
  double sum = 0;
  for (const Rating& r : ratings) {
    const double e = r.value - model.predict(r.user, r.item);
    sum += e * e;
  }
  return std::sqrt(sum / static_cast<double>(ratings.size()));
}

double mae(const BiasedMF& model, const RatingList& ratings) {
  if (ratings.empty()) return std::numeric_limits<double>::quiet_NaN();
  double sum = 0;
  for (const Rating& r : ratings) sum += std::fabs(r.value - model.predict(r.user, r.item));
  return sum / static_cast<double>(ratings.size());
}

namespace {

// μ and the rating range from `train`, biases 0, factors N(0, init_std²).
BiasedMF init_biased_mf(const RatingList& train, std::int32_t num_users, std::int32_t num_items,
                        const MfSgdOptions& o) {
  BiasedMF m;
  m.global_mean = mean_rating(train);
  m.min_rating = m.max_rating = train.front().value;
  for (const Rating& r : train) {
    m.min_rating = std::min(m.min_rating, r.value);
    m.max_rating = std::max(m.max_rating, r.value);
  }
  m.user_bias = Eigen::VectorXf::Zero(num_users);
  m.item_bias = Eigen::VectorXf::Zero(num_items);
  init_factors(m.user_factors, m.item_factors, num_users, num_items, o.dim, o.init_std, derive_seed(o.seed, 0x1417));
  return m;
}

// One pass of the header's SGD updates over train[order[0..n)] at rate γ = lr,
// Hogwild: each thread takes a contiguous slice of the order.
void sgd_epoch(BiasedMF& m, const RatingList& train, const std::vector<std::uint32_t>& order, double lr,
               const MfSgdOptions& o, int threads) {
  const float mu = static_cast<float>(m.global_mean);
  const float g = static_cast<float>(lr), reg = static_cast<float>(o.reg), reg_b = static_cast<float>(o.reg_bias);
  ExceptionCapture capture;
  const std::int64_t n = static_cast<std::int64_t>(order.size());
#pragma omp parallel num_threads(threads)
  {
    capture.run([&] {
      const int t = omp_get_thread_num(), nt = omp_get_num_threads();
      const std::int64_t begin = n * t / nt, end = n * (t + 1) / nt;
      Eigen::VectorXf p_old(o.dim);
      for (std::int64_t k = begin; k < end; ++k) {
        if ((k & 0xffff) == 0) {
          if (capture.failed()) return;
          check_interrupted();
        }
        const Rating& r = train[order[static_cast<std::size_t>(k)]];
        auto p = m.user_factors.row(r.user);
        auto q = m.item_factors.row(r.item);
        float& bu = m.user_bias[r.user];
        float& bi = m.item_bias[r.item];
        // Unclipped prediction: the gradient of the squared error needs it.
        const float e = r.value - (mu + bu + bi + p.dot(q));
        bu += g * (e - reg_b * bu);
        bi += g * (e - reg_b * bi);
        p_old = p.transpose();
        p += g * (e * q - reg * p);
        q += g * (e * p_old.transpose() - reg * q);
      }
    });
  }
  capture.rethrow();
}

}  // namespace

BiasedMF train_biased_mf(const RatingList& train, std::int32_t num_users, std::int32_t num_items,
                         const MfSgdOptions& o, const RatingList* test,
                         const std::function<void(const EpochReport&)>& on_epoch) {
  if (train.empty()) throw InputError("the training set has no ratings");
  const int threads = resolve_threads(o.threads);
  BiasedMF m = init_biased_mf(train, num_users, num_items, o);
  std::vector<std::uint32_t> order(train.size());
  std::iota(order.begin(), order.end(), 0u);
  Progress progress("mf sgd", o.quiet);
  ProgressFields fields;
  double lr = o.learning_rate;
  for (int epoch = 1; epoch <= o.epochs; ++epoch) {
    const auto start = std::chrono::steady_clock::now();
    Rng shuffle_rng(derive_seed(o.seed, 0, static_cast<std::uint64_t>(epoch)));
    for (std::size_t k = order.size(); k > 1; --k) std::swap(order[k - 1], order[shuffle_rng.below(k)]);
    sgd_epoch(m, train, order, lr, o, threads);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    EpochReport report{epoch, rmse(m, train),
                       test ? rmse(m, *test) : std::numeric_limits<double>::quiet_NaN(), seconds};
    if (!std::isfinite(report.train_rmse))
      throw InputError("SGD diverged at epoch " + std::to_string(epoch) + " (training RMSE is not finite); lower " + param("learning_rate") + " (now " +
                       std::to_string(o.learning_rate) + ")");
    // One line redrawn in place (on a pipe, every few seconds), not one per epoch.
    fields = {{"epoch", std::to_string(epoch) + "/" + std::to_string(o.epochs)},
              {"train_rmse", format_fixed(report.train_rmse, 4)}};
    if (test) fields.push_back({"test_rmse", format_fixed(report.test_rmse, 4)});
    progress.update(static_cast<double>(epoch) / o.epochs, fields);
    if (on_epoch) on_epoch(report);
    lr *= o.lr_decay;
  }
  progress.finish(fields);
  return m;
}

}  // namespace embkit
