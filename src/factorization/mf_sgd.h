// Biased matrix factorization for explicit ratings, trained by SGD.
//
// Koren, Bell & Volinsky 2009, "Matrix factorization techniques for recommender
// systems", eq. 4–5:
//     r̂_ui = μ + b_u + b_i + p_u · q_i
//     min Σ_(u,i)∈train (r_ui − r̂_ui)² + λ (‖p_u‖² + ‖q_i‖²) + λ_b (b_u² + b_i²)
// SGD over the shuffled training ratings, with e = r_ui − r̂_ui:
//     b_u += γ (e − λ_b b_u)          b_i += γ (e − λ_b b_i)
//     p_u += γ (e q_i − λ p_u)        q_i += γ (e p_u − λ q_i)
// The learning rate γ is multiplied by `lr_decay` after every epoch. Threads
// update the shared model Hogwild-style (Recht et al. 2011): ratings are sparse,
// so two threads rarely touch the same user or item at once.
// Predictions are clipped to the range of the training ratings.
#pragma once

#include <cstdint>
#include <functional>

#include "core/embeddings.h"
#include "factorization/ratings.h"

namespace embkit {

struct MfSgdOptions {
  int dim = 100;
  int epochs = 60;
  double learning_rate = 0.02;    // γ at epoch 1
  double lr_decay = 0.97;         // γ ← γ · lr_decay after each epoch
  double reg = 0.1;               // λ on the factors
  double reg_bias = 0.01;         // λ_b on the biases
  double init_std = 0.1;          // factors start as N(0, init_std²)
  std::uint64_t seed = 1;
  int threads = 0;                // 0 = all cores
  bool quiet = false;
};

struct BiasedMF {
  double global_mean = 0;         // μ
  Eigen::VectorXf user_bias;      // b_u, one per user index
  Eigen::VectorXf item_bias;      // b_i, one per item index
  Matrix user_factors;            // p_u, users × dim
  Matrix item_factors;            // q_i, items × dim
  float min_rating = 0, max_rating = 0;  // clip range, from the training ratings

  float predict(std::int32_t user, std::int32_t item) const;
};

struct EpochReport {
  int epoch;               // 1-based
  double train_rmse;
  double test_rmse;        // NaN without a test set
  double seconds;          // wall time of this epoch's SGD pass
};

// Trains on `train` (user/item indices below num_users/num_items). If `test`
// is non-null its RMSE is reported after every epoch through `on_epoch`
// (and on stderr unless quiet). Throws InputError on an empty training set or
// if the loss becomes NaN (learning rate too high).
BiasedMF train_biased_mf(const RatingList& train, std::int32_t num_users, std::int32_t num_items,
                         const MfSgdOptions& options, const RatingList* test = nullptr,
                         const std::function<void(const EpochReport&)>& on_epoch = {});

// Root mean squared error and mean absolute error of the model on `ratings`.
double rmse(const BiasedMF& model, const RatingList& ratings);
double mae(const BiasedMF& model, const RatingList& ratings);

}  // namespace embkit
