// Implicit-feedback matrix factorization by alternating least squares.
//
// Hu, Koren & Volinsky 2008, "Collaborative filtering for implicit feedback
// datasets". Every (user, item) cell has a preference p_ui = 1 if the user
// interacted with the item (r_ui > 0) else 0, and a confidence
//     c_ui = 1 + α r_ui                                        (eq. 2)
// and the model minimizes over all cells, observed or not,
//     Σ_u,i c_ui (p_ui − x_u · y_i)² + λ (Σ ‖x_u‖² + Σ ‖y_i‖²)    (eq. 3)
// With Y fixed, each user's row has the closed form (eq. 4)
//     x_u = (YᵀY + Yᵀ(Cᵘ − I)Y + λI)⁻¹ Yᵀ Cᵘ p(u)
// where YᵀY is computed once per sweep and Yᵀ(Cᵘ − I)Y only touches the user's
// n_u observed items, so a sweep costs O(nnz·d² + rows·d³), not O(users·items).
// Items are solved the same way with the roles swapped.
//
// `conjugate_gradient` replaces the d×d solve with a few CG steps warm-started
// from the previous row (Takács, Pilászy & Tikk 2011, "Applications of the
// conjugate gradient method for implicit feedback collaborative filtering"),
// which costs O(n_u·d + d²) per step instead of O(d³).
// Rows are independent, so each sweep is parallel over rows (OpenMP), and
// under mpirun over ranks too: each rank solves a block of users, then of
// items, and the blocks are gathered after each half-sweep (block ALS as in
// Spark MLlib; als.cc). The factors are bit for bit those of one process.
#pragma once

#include <cstdint>
#include <functional>

#include "core/embeddings.h"
#include "factorization/ratings.h"

namespace embkit {

struct AlsOptions {
  int dim = 64;
  int iterations = 15;
  double alpha = 3.0;           // confidence slope α in c = 1 + α r
  double reg = 30.0;            // λ (tuned on MovieLens 100K folds; λ is not scaled by row counts)
  bool conjugate_gradient = false;
  int cg_steps = 3;             // CG steps per row per sweep (Takács et al. use 2–4)
  double init_std = 0.01;       // initial factors N(0, init_std²)
  std::uint64_t seed = 1;
  int threads = 0;              // 0 = all cores
  bool quiet = false;
};

struct ImplicitMF {
  Matrix user_factors;  // x_u, users × dim
  Matrix item_factors;  // y_i, items × dim
};

struct AlsIterationReport {
  int iteration;    // 1-based
  double loss;      // eq. 3, summed over all users × items cells
  double seconds;   // wall time of the two sweeps
};

// `interactions`: one entry per observed cell, value = r_ui (> 0; duplicates
// are summed). Rows with no interactions get zero vectors.
ImplicitMF train_implicit_als(const RatingList& interactions, std::int32_t num_users, std::int32_t num_items,
                              const AlsOptions& options,
                              const std::function<void(const AlsIterationReport&)>& on_iteration = {});

// The objective of eq. 3 for the given factors.
double implicit_loss(const ImplicitMF& model, const RatingList& interactions, double alpha, double reg);

}  // namespace embkit
