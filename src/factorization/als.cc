#include "factorization/als.h"

#include <Eigen/Cholesky>
#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/error.h"
#include "core/parallel.h"
#include "core/progress.h"
#include "core/random.h"
#include "core/signals.h"

namespace embkit {

namespace {

using MatD = Eigen::MatrixXd;
using VecD = Eigen::VectorXd;

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
void sweep(Matrix& solve, const Matrix& fixed, const Csr& csr, const AlsOptions& o, int threads) {
  const int d = o.dim;
  const MatD gram = fixed.cast<double>().transpose() * fixed.cast<double>();  // YᵀY, once per sweep
  const std::int64_t rows = solve.rows();
  ExceptionCapture capture;
#pragma omp parallel num_threads(threads)
  {
    MatD a(d, d);
    VecD b(d), x(d), r(d), p(d), ap(d);
    Eigen::LDLT<MatD> ldlt(d);
#pragma omp for schedule(dynamic, 16)
    for (std::int64_t row = 0; row < rows; ++row) {
      capture.run([&] {
        if ((row & 0xff) == 0) check_interrupted();
        const std::int64_t begin = csr.offsets[static_cast<std::size_t>(row)],
                           end = csr.offsets[static_cast<std::size_t>(row) + 1];
        if (begin == end) {  // no observations: the minimizer of eq. 3 is 0
          solve.row(row).setZero();
          return;
        }
        // b = Yᵀ Cᵘ p(u) = Σ_observed (1 + α r) y_i
        b.setZero();
        for (std::int64_t k = begin; k < end; ++k) {
          const double c = 1.0 + o.alpha * csr.values[static_cast<std::size_t>(k)];
          b += c * fixed.row(csr.columns[static_cast<std::size_t>(k)]).cast<double>().transpose();
        }
        if (!o.conjugate_gradient) {
          // A = YᵀY + λI + Σ_observed α r y_i y_iᵀ, symmetric positive definite.
          a = gram;
          a.diagonal().array() += o.reg;
          for (std::int64_t k = begin; k < end; ++k) {
            const double extra = o.alpha * csr.values[static_cast<std::size_t>(k)];
            const auto y = fixed.row(csr.columns[static_cast<std::size_t>(k)]).cast<double>();
            a.selfadjointView<Eigen::Lower>().rankUpdate(y.transpose(), extra);
          }
          ldlt.compute(a);  // LDLT reads the lower triangle only
          x = ldlt.solve(b);
        } else {
          // CG on A x = b without forming A: A v = YᵀY v + λ v + Σ α r y_i (y_i · v).
          auto multiply = [&](const VecD& v, VecD& out) {
            out.noalias() = gram * v;
            out += o.reg * v;
            for (std::int64_t k = begin; k < end; ++k) {
              const auto y = fixed.row(csr.columns[static_cast<std::size_t>(k)]).cast<double>();
              out += (o.alpha * csr.values[static_cast<std::size_t>(k)] * y.dot(v)) * y.transpose();
            }
          };
          x = solve.row(row).cast<double>().transpose();  // warm start
          multiply(x, ap);
          r = b - ap;
          p = r;
          double rs = r.squaredNorm();
          for (int step = 0; step < o.cg_steps && rs > 1e-20; ++step) {
            multiply(p, ap);
            const double step_size = rs / p.dot(ap);
            x += step_size * p;
            r -= step_size * ap;
            const double rs_new = r.squaredNorm();
            p = r + (rs_new / rs) * p;
            rs = rs_new;
          }
        }
        solve.row(row) = x.cast<float>().transpose();
      });
    }
  }
  capture.rethrow();
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
  m.user_factors.resize(num_users, o.dim);
  m.item_factors.resize(num_items, o.dim);
  Rng init(derive_seed(o.seed, 0xa15));
  for (Eigen::Index k = 0; k < m.user_factors.size(); ++k)
    m.user_factors.data()[k] = static_cast<float>(o.init_std * init.normal());
  for (Eigen::Index k = 0; k < m.item_factors.size(); ++k)
    m.item_factors.data()[k] = static_cast<float>(o.init_std * init.normal());

  Progress progress("mf als", o.quiet);
  for (int it = 1; it <= o.iterations; ++it) {
    const auto start = std::chrono::steady_clock::now();
    sweep(m.user_factors, m.item_factors, by_user, o, threads);
    sweep(m.item_factors, m.user_factors, by_item, o, threads);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double loss = implicit_loss(m, interactions, o.alpha, o.reg);
    if (!std::isfinite(loss))
      throw InputError("ALS diverged at iteration " + std::to_string(it) + " (loss is not finite)");
    if (!o.quiet)
      progress.message("iteration " + std::to_string(it) + " loss " + std::to_string(loss) + " (" +
                       std::to_string(seconds) + " s)");
    if (on_iteration) on_iteration({it, loss, seconds});
  }
  return m;
}

}  // namespace embkit
