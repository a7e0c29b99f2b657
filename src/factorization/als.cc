#include "factorization/als.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>

#include "core/dense.h"
#include "core/distributed.h"
#include "core/error.h"
#include "core/parallel.h"
#include "core/progress.h"
#include "core/random.h"
#include "core/signals.h"

namespace embkit {

namespace {

using MatD = Eigen::MatrixXd;

// One side's observations: for row r, entries [offsets[r], offsets[r+1]) of
// (column, r_value), columns sorted and duplicates summed.
struct Csr {
  std::vector<std::int64_t> offsets;
  std::vector<std::int32_t> columns;
  std::vector<float> values;
};

// This rank's rows of one side under mpirun: contiguous blocks of nearly equal
// cost rather than count. A row's LDLT solve costs about n_u·d²/2 for its n_u
// rank-one updates and d³/3 for the factorization, so its weight is n_u + 2d/3;
// ratings are far from even over the ids (on MovieLens 100K the first half of
// the items holds 87 % of them). The blocks change which rank solves a row,
// not what it computes.
distributed::Range my_rows(const Csr& csr, int dim) {
  std::vector<double> cumulative(csr.offsets.size(), 0.0);
  for (std::size_t r = 1; r < csr.offsets.size(); ++r)
    cumulative[r] = cumulative[r - 1] + static_cast<double>(csr.offsets[r] - csr.offsets[r - 1]) + 2.0 * dim / 3;
  return distributed::weighted_block_range(cumulative, distributed::rank(), distributed::size());
}

Csr build_csr(const RatingList& interactions, std::int32_t rows, bool by_user) {
  std::vector<std::vector<std::pair<std::int32_t, float>>> lists(static_cast<std::size_t>(rows));
  for (const Rating& r : interactions) {
    const std::int32_t row = by_user ? r.user : r.item, col = by_user ? r.item : r.user;
    lists[static_cast<std::size_t>(row)].push_back({col, r.value});
  }
  Csr csr;
  csr.offsets.push_back(0);
  for (auto& list : lists) {
    std::sort(list.begin(), list.end());
    for (std::size_t k = 0; k < list.size(); ++k) {
      if (k > 0 && list[k].first == list[k - 1].first) {
        csr.values.back() += list[k].second;
      } else {
        csr.columns.push_back(list[k].first);
        csr.values.push_back(list[k].second);
      }
    }
    csr.offsets.push_back(static_cast<std::int64_t>(csr.columns.size()));
  }
  return csr;
}

// YᵀY (dim × dim) of one side's factors, in double; symmetric, so the
// row-major result is also the column-major one. Once per half-sweep: the
// solves of the other side use it, and so does the loss (trace(XᵀX YᵀY)).
MatD gram_of(const Matrix& side) {
  const MatrixD y = side.cast<double>();
  const int dim = static_cast<int>(side.cols());
  MatD gram(dim, dim);
  dense::gemm(dense::Trans::Yes, dense::Trans::No, dim, dim, y.rows(), 1.0, y.data(), dim, y.data(), dim, 0.0,
              gram.data(), dim);
  return gram;
}

// Solves every row of `solve` with `fixed` held constant (eq. 4), in place;
// `gram` = YᵀY of `fixed`.
//
// Under mpirun (core/distributed.h) the rows are split into one contiguous
// block per rank (`block`, my_rows), as Spark MLlib's block ALS partitions
// users and items: each
// rank solves its block, then the blocks are gathered (Allgatherv) so that
// every rank holds the whole side, the fixed side of the next half-sweep. Every
// rank computes YᵀY from the whole gathered Y (rows·d² flops, where Spark sums
// per-block products): each row is then solved from the same numbers as on one
// process, and the factors are bit for bit those of one process.
//
// The per-row solves (A = YᵀY + λI + Σ α r y_i y_iᵀ, b = Yᵀ Cᵘ p(u) =
// Σ (1 + α r) y_i, by LDLT or by CG warm-started from the row's current value)
// are dense::ImplicitAlsRows kernels, compiled per instruction set
// (core/dense.h); rows go to the workers in chunks of kChunk.
void sweep(Matrix& solve, const Matrix& fixed, const MatD& gram, const Csr& csr, distributed::Range block,
           const AlsOptions& o, int threads) {
  constexpr std::int64_t kChunk = 16;
  const dense::ImplicitAlsRows job{fixed.data(), gram.data(),          csr.offsets.data(), csr.columns.data(),
                                   csr.values.data(), o.dim,           o.alpha,            o.reg,
                                   o.conjugate_gradient, o.cg_steps,   solve.data()};
  const dense::Kernels& kernels = dense::kernels();
  const std::int64_t first = static_cast<std::int64_t>(block.begin), last = static_cast<std::int64_t>(block.end);
  const std::int64_t chunks = (last - first + kChunk - 1) / kChunk;
  ExceptionCapture capture;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
  for (std::int64_t chunk = 0; chunk < chunks; ++chunk) {
    capture.run([&] {
      if ((chunk & 0xf) == 0) check_interrupted();
      const std::int64_t begin = first + chunk * kChunk;
      kernels.implicit_als_rows(job, begin, std::min(last, begin + kChunk));
    });
  }
  capture.rethrow();
  if (distributed::size() > 1) {
    const std::size_t row_bytes = static_cast<std::size_t>(solve.cols()) * sizeof(float);
    const std::vector<char> all = distributed::allgatherv(solve.data() + first * solve.cols(),
                                                          static_cast<std::size_t>(last - first) * row_bytes);
    std::memcpy(solve.data(), all.data(), all.size());
  }
}

// eq. 3 from the Gram matrices of both sides and the users' observations.
// Σ_all s² = trace(XᵀX YᵀY) covers every cell with weight 1 and target 0; the
// observed cells then swap s² for c (1 − s)².
double loss_of(const ImplicitMF& m, const MatD& xtx, const MatD& yty, const Csr& by_user, double alpha,
               double reg) {
  double loss = (xtx.array() * yty.array()).sum();
  for (std::int64_t u = 0; u + 1 < static_cast<std::int64_t>(by_user.offsets.size()); ++u)
    for (std::int64_t k = by_user.offsets[static_cast<std::size_t>(u)];
         k < by_user.offsets[static_cast<std::size_t>(u) + 1]; ++k) {
      const double s = m.user_factors.row(u).dot(m.item_factors.row(by_user.columns[static_cast<std::size_t>(k)]));
      const double c = 1.0 + alpha * by_user.values[static_cast<std::size_t>(k)];
      loss += c * (1 - s) * (1 - s) - s * s;
    }
  return loss + reg * (xtx.trace() + yty.trace());
}

}  // namespace

double implicit_loss(const ImplicitMF& m, const RatingList& interactions, double alpha, double reg) {
  const Csr by_user = build_csr(interactions, static_cast<std::int32_t>(m.user_factors.rows()), true);
  return loss_of(m, gram_of(m.user_factors), gram_of(m.item_factors), by_user, alpha, reg);
}

ImplicitMF train_implicit_als(const RatingList& interactions, std::int32_t num_users, std::int32_t num_items,
                              const AlsOptions& o,
                              const std::function<void(const AlsIterationReport&)>& on_iteration) {
  if (interactions.empty()) throw InputError("no interactions to train on (is the positive threshold too high?)");
  for (const Rating& r : interactions)
    if (!(r.value > 0))
      throw InputError("implicit feedback needs positive values r_ui, got " + std::to_string(r.value));
  const int threads = resolve_threads(o.threads);
  const dense::EigenThreads eigen_threads(threads);
  const Csr by_user = build_csr(interactions, num_users, true);
  const Csr by_item = build_csr(interactions, num_items, false);
  const distributed::Range user_block = my_rows(by_user, o.dim), item_block = my_rows(by_item, o.dim);

  ImplicitMF m;
  init_factors(m.user_factors, m.item_factors, num_users, num_items, o.dim, o.init_std, derive_seed(o.seed, 0xa15));

  Progress progress("mf als", o.quiet);
  ProgressFields fields;
  // Two Gram products per iteration: XᵀX after the user half-sweep (for the
  // item half-sweep and the loss), YᵀY after the item half-sweep (for the loss
  // and the next iteration's user half-sweep).
  MatD yty = gram_of(m.item_factors);
  for (int it = 1; it <= o.iterations; ++it) {
    const auto start = std::chrono::steady_clock::now();
    sweep(m.user_factors, m.item_factors, yty, by_user, user_block, o, threads);
    const MatD xtx = gram_of(m.user_factors);
    sweep(m.item_factors, m.user_factors, xtx, by_item, item_block, o, threads);
    yty = gram_of(m.item_factors);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double loss = loss_of(m, xtx, yty, by_user, o.alpha, o.reg);
    if (!std::isfinite(loss))
      throw InputError("ALS diverged at iteration " + std::to_string(it) + " (loss is not finite)");
    fields = {{"iteration", std::to_string(it) + "/" + std::to_string(o.iterations)}, {"loss", format_fixed(loss, 2)}};
    progress.update(static_cast<double>(it) / o.iterations, fields);
    if (on_iteration) on_iteration({it, loss, seconds});
  }
  progress.finish(fields);
  return m;
}

}  // namespace embkit
