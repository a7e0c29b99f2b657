#include "factorization/als.h"

#include <Eigen/Cholesky>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>

#include "core/distributed.h"
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

// One row's solve of eq. 4 with `fixed` = Y held constant, and its per-thread
// workspace: for the row's observations (column i, value r),
//     A x = b,  A = YᵀY + λI + Σ α r y_i y_iᵀ,  b = Yᵀ Cᵘ p(u) = Σ (1 + α r) y_i,
// by LDLT, or by CG warm-started from the row's current value.
class RowSolver {
  // Observation k of the row: c = 1 + α r, α r, and y_i.
  double confidence(std::int64_t k) const { return 1.0 + o_.alpha * csr_.values[static_cast<std::size_t>(k)]; }
  double extra(std::int64_t k) const { return o_.alpha * csr_.values[static_cast<std::size_t>(k)]; }
  auto y(std::int64_t k) const { return fixed_.row(csr_.columns[static_cast<std::size_t>(k)]).cast<double>(); }

 public:
  RowSolver(const Matrix& fixed, const MatD& gram, const Csr& csr, const AlsOptions& o)
      : fixed_(fixed), gram_(gram), csr_(csr), o_(o), a_(o.dim, o.dim), b_(o.dim), x_(o.dim), r_(o.dim),
        p_(o.dim), ap_(o.dim), ldlt_(o.dim) {}

  void solve_row(Matrix& solve, std::int64_t row) {
    begin_ = csr_.offsets[static_cast<std::size_t>(row)];
    end_ = csr_.offsets[static_cast<std::size_t>(row) + 1];
    if (begin_ == end_) {  // no observations: the minimizer of eq. 3 is 0
      solve.row(row).setZero();
      return;
    }
    b_.setZero();
    for (std::int64_t k = begin_; k < end_; ++k) b_ += confidence(k) * y(k).transpose();
    if (o_.conjugate_gradient) {
      x_ = solve.row(row).cast<double>().transpose();  // warm start
      conjugate_gradient();
    } else {
      ldlt();
    }
    solve.row(row) = x_.cast<float>().transpose();
  }

 private:
  // A formed explicitly (symmetric positive definite), then factored.
  void ldlt() {
    a_ = gram_;
    a_.diagonal().array() += o_.reg;
    for (std::int64_t k = begin_; k < end_; ++k) a_.selfadjointView<Eigen::Lower>().rankUpdate(y(k).transpose(), extra(k));
    ldlt_.compute(a_);  // LDLT reads the lower triangle only
    x_ = ldlt_.solve(b_);
  }

  // out = A v without forming A: YᵀY v + λ v + Σ α r y_i (y_i · v).
  void multiply(const VecD& v, VecD& out) const {
    out.noalias() = gram_ * v;
    out += o_.reg * v;
    for (std::int64_t k = begin_; k < end_; ++k) {
      const auto yk = y(k);
      out += (extra(k) * yk.dot(v)) * yk.transpose();
    }
  }

  // At most cg_steps steps of conjugate gradient from x_.
  void conjugate_gradient() {
    multiply(x_, ap_);
    r_ = b_ - ap_;
    p_ = r_;
    double rs = r_.squaredNorm();
    for (int step = 0; step < o_.cg_steps && rs > 1e-20; ++step) {
      multiply(p_, ap_);
      const double step_size = rs / p_.dot(ap_);
      x_ += step_size * p_;
      r_ -= step_size * ap_;
      const double rs_new = r_.squaredNorm();
      p_ = r_ + (rs_new / rs) * p_;
      rs = rs_new;
    }
  }

  const Matrix& fixed_;
  const MatD& gram_;
  const Csr& csr_;
  const AlsOptions& o_;
  MatD a_;
  VecD b_, x_, r_, p_, ap_;
  Eigen::LDLT<MatD> ldlt_;
  std::int64_t begin_ = 0, end_ = 0;
};

// Solves every row of `solve` with `fixed` held constant (eq. 4), in place.
//
// Under mpirun (core/distributed.h) the rows are split into one contiguous
// block per rank, as Spark MLlib's block ALS partitions users and items: each
// rank solves its block, then the blocks are gathered (Allgatherv) so that
// every rank holds the whole side, the fixed side of the next half-sweep. Every
// rank computes YᵀY from the whole gathered Y (rows·d² flops, where Spark sums
// per-block products): each row is then solved from the same numbers as on one
// process, and the factors are bit for bit those of one process.
void sweep(Matrix& solve, const Matrix& fixed, const Csr& csr, const AlsOptions& o, int threads) {
  const MatD gram = fixed.cast<double>().transpose() * fixed.cast<double>();  // YᵀY, once per sweep
  const distributed::Range block = distributed::my_range(static_cast<std::size_t>(solve.rows()));
  const std::int64_t first = static_cast<std::int64_t>(block.begin), last = static_cast<std::int64_t>(block.end);
  ExceptionCapture capture;
#pragma omp parallel num_threads(threads)
  {
    RowSolver solver(fixed, gram, csr, o);
#pragma omp for schedule(dynamic, 16)
    for (std::int64_t row = first; row < last; ++row) {
      capture.run([&] {
        if ((row & 0xff) == 0) check_interrupted();
        solver.solve_row(solve, row);
      });
    }
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
