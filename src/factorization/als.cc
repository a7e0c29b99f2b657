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

// Solves every row of `solve` with `fixed` held constant (eq. 4), in place.
//
// Under mpirun (core/distributed.h) the rows are split into one contiguous
// block per rank, as Spark MLlib's block ALS partitions users and items: each
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
void sweep(Matrix& solve, const Matrix& fixed, const Csr& csr, const AlsOptions& o, int threads) {
  constexpr std::int64_t kChunk = 16;
  const MatrixD y = fixed.cast<double>();
  // YᵀY, once per sweep; symmetric, so the row-major result is also the column-major one.
  MatD gram(o.dim, o.dim);
  dense::gemm(dense::Trans::Yes, dense::Trans::No, o.dim, o.dim, y.rows(), 1.0, y.data(), o.dim, y.data(), o.dim,
              0.0, gram.data(), o.dim);
  const dense::ImplicitAlsRows job{fixed.data(), gram.data(),          csr.offsets.data(), csr.columns.data(),
                                   csr.values.data(), o.dim,           o.alpha,            o.reg,
                                   o.conjugate_gradient, o.cg_steps,   solve.data()};
  const dense::Kernels& kernels = dense::kernels();
  const distributed::Range block = distributed::my_range(static_cast<std::size_t>(solve.rows()));
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

}  // namespace

double implicit_loss(const ImplicitMF& m, const RatingList& interactions, double alpha, double reg) {
  // Σ_all s² = trace(XᵀX YᵀY) covers every cell with weight 1 and target 0; the
  // observed cells then swap s² for c (1 − s)².
  const MatD xtx = m.user_factors.cast<double>().transpose() * m.user_factors.cast<double>();
  const MatD yty = m.item_factors.cast<double>().transpose() * m.item_factors.cast<double>();
  double loss = (xtx.array() * yty.array()).sum();
  const Csr csr = build_csr(interactions, static_cast<std::int32_t>(m.user_factors.rows()), true);
  for (std::int64_t u = 0; u + 1 < static_cast<std::int64_t>(csr.offsets.size()); ++u)
    for (std::int64_t k = csr.offsets[static_cast<std::size_t>(u)]; k < csr.offsets[static_cast<std::size_t>(u) + 1]; ++k) {
      const double s = m.user_factors.row(u).dot(m.item_factors.row(csr.columns[static_cast<std::size_t>(k)]));
      const double c = 1.0 + alpha * csr.values[static_cast<std::size_t>(k)];
      loss += c * (1 - s) * (1 - s) - s * s;
    }
  return loss + reg * (xtx.trace() + yty.trace());
}

ImplicitMF train_implicit_als(const RatingList& interactions, std::int32_t num_users, std::int32_t num_items,
                              const AlsOptions& o,
                              const std::function<void(const AlsIterationReport&)>& on_iteration) {
  if (interactions.empty()) throw InputError("no interactions to train on (is the positive threshold too high?)");
  for (const Rating& r : interactions)
    if (!(r.value > 0))
      throw InputError("implicit feedback needs positive values r_ui, got " + std::to_string(r.value));
  const int threads = resolve_threads(o.threads);
  const Csr by_user = build_csr(interactions, num_users, true);
  const Csr by_item = build_csr(interactions, num_items, false);

  ImplicitMF m;
  init_factors(m.user_factors, m.item_factors, num_users, num_items, o.dim, o.init_std, derive_seed(o.seed, 0xa15));

  Progress progress("mf als", o.quiet);
  ProgressFields fields;
  for (int it = 1; it <= o.iterations; ++it) {
    const auto start = std::chrono::steady_clock::now();
    sweep(m.user_factors, m.item_factors, by_user, o, threads);
    sweep(m.item_factors, m.user_factors, by_item, o, threads);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double loss = implicit_loss(m, interactions, o.alpha, o.reg);
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
