#include "eval/lsh_index.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <omp.h>
#include <string>

#include "core/error.h"
#include "core/parallel.h"
#include "core/random.h"
#include "core/signals.h"
#include "eval/knn_topk.h"

namespace embkit {

namespace {
constexpr std::int64_t kBlock = 1024;

// Code of table t from a row of projections (bit b set when projection > 0).
std::uint64_t code_of(const float* projections, int bits) {
  std::uint64_t code = 0;
  for (int b = 0; b < bits; ++b)
    if (projections[b] > 0) code |= std::uint64_t(1) << b;
  return code;
}
}  // namespace

LshIndex::LshIndex(const Matrix& vectors, Metric metric, const LshParams& params, int threads)
    : Index("lsh", metric, vectors.rows(), vectors.cols()), vectors_(&vectors), params_(params) {
  set_threads(threads);
  if (params.tables < 1) throw UsageError("lsh: tables must be at least 1, got " + std::to_string(params.tables));
  if (params.bits < 1 || params.bits > 64)
    throw UsageError("lsh: bits must be in 1…64, got " + std::to_string(params.bits));
  set_probes(params.probes);
  if (vectors.rows() >= (std::int64_t(1) << 31)) throw InputError("lsh: too many rows for 32-bit ids");
  const std::int64_t d = vectors.cols(), n = vectors.rows();
  const int planes = params.tables * params.bits;
  Rng rng(derive_seed(params.seed, 0x4c5348));
  hyperplanes_.resize(planes, d);
  for (std::int64_t i = 0; i < hyperplanes_.size(); ++i) hyperplanes_.data()[i] = static_cast<float>(rng.normal());
  // Hyperplanes through the mean of the (unit, for cosine) rows.
  Eigen::RowVectorXf mean = Eigen::RowVectorXf::Zero(d);
  for (std::int64_t i = 0; i < n; ++i) {
    const float norm = metric_ == Metric::Cosine ? vectors.row(i).norm() : 1.0f;
    if (norm > 0) mean += vectors.row(i) / norm;
  }
  if (n > 0) mean /= static_cast<float>(n);
  offsets_ = mean * hyperplanes_.transpose();
  if (metric_ == Metric::Cosine) {
    row_term_ = vectors.rowwise().norm();
    for (Eigen::Index i = 0; i < row_term_.size(); ++i) row_term_[i] = row_term_[i] > 0 ? 1 / row_term_[i] : 0;
  } else if (metric_ == Metric::L2) {
    row_term_ = vectors.rowwise().squaredNorm();
  }
  tables_.assign(static_cast<std::size_t>(params.tables), std::vector<Entry>(static_cast<std::size_t>(n)));
  const int workers = resolve_threads(threads);
  const std::int64_t blocks = (n + kBlock - 1) / kBlock;
#pragma omp parallel num_threads(workers)
  {
    omp_set_num_threads(1);  // no nested Eigen GEMM team (see exact_index.cc)
    Matrix projections;
#pragma omp for schedule(dynamic, 1)
    for (std::int64_t block = 0; block < blocks; ++block) {
      const std::int64_t r0 = block * kBlock, nr = std::min(kBlock, n - r0);
      projections.noalias() = vectors.middleRows(r0, nr) * hyperplanes_.transpose();
      for (std::int64_t i = 0; i < nr; ++i) {
        // Cosine: the side of a centred hyperplane depends on the row's norm,
        // so project the unit row: sign(h·x/|x| − h·μ).
        const float norm = metric_ == Metric::Cosine ? vectors.row(r0 + i).norm() : 1.0f;
        projections.row(i) = projections.row(i) / (norm > 0 ? norm : 1.0f) - offsets_;
      }
      for (std::int64_t i = 0; i < nr; ++i)
        for (int t = 0; t < params.tables; ++t)
          tables_[t][r0 + i] = {code_of(projections.row(i).data() + t * params.bits, params.bits),
                                static_cast<std::int32_t>(r0 + i)};
    }
  }
#pragma omp parallel for num_threads(workers) schedule(dynamic, 1)
  for (int t = 0; t < params.tables; ++t)
    std::sort(tables_[t].begin(), tables_[t].end(),
              [](const Entry& a, const Entry& b) { return a.code < b.code || (a.code == b.code && a.id < b.id); });
}

void LshIndex::set_probes(int probes) {
  if (probes < 0 || probes > params_.bits)
    throw UsageError("lsh: probes must be in 0…bits (" + std::to_string(params_.bits) + "), got " +
                     std::to_string(probes));
  params_.probes = probes;
}

std::uint64_t LshIndex::memory_bytes() const {
  std::uint64_t bytes =
      static_cast<std::uint64_t>(hyperplanes_.size() + offsets_.size() + row_term_.size()) * sizeof(float);
  for (const auto& table : tables_) bytes += table.size() * sizeof(Entry);
  return bytes;
}

std::string LshIndex::describe() const {
  return "tables=" + std::to_string(params_.tables) + " bits=" + std::to_string(params_.bits) +
         " probes=" + std::to_string(params_.probes);
}

void LshIndex::search_impl(const float* queries, std::int64_t n, std::int64_t k, std::int64_t* ids,
                           float* scores) const {
  const std::int64_t d = dim(), rows = size();
  const int bits = params_.bits;
  Eigen::Map<const Matrix> q(queries, n, d);
  Matrix projections = q * hyperplanes_.transpose();
  for (std::int64_t i = 0; i < n; ++i) {
    const float norm = metric_ == Metric::Cosine ? q.row(i).norm() : 1.0f;
    projections.row(i) = projections.row(i) / (norm > 0 ? norm : 1.0f) - offsets_;
  }
  const int threads = std::max(1, std::min<int>(resolve_threads(threads_), static_cast<int>(n)));
  ExceptionCapture capture;
#pragma omp parallel num_threads(threads)
  {
    std::vector<std::uint32_t> seen(static_cast<std::size_t>(rows), 0);
    std::uint32_t tag = 0;
    std::vector<int> order(static_cast<std::size_t>(bits));
    std::vector<float> query(static_cast<std::size_t>(d));
    TopK heap;
    for_each_item(n, capture, [&](std::int64_t i) {
      if (++tag == 0) {
        std::fill(seen.begin(), seen.end(), 0);
        tag = 1;
      }
      load_query(queries + i * d, d, metric_, query.data());
      const float q_term = metric_ == Metric::L2 ? dot_product(query.data(), query.data(), d) : 0.0f;
      heap.reset(k);
      auto visit_bucket = [&](const std::vector<Entry>& table, std::uint64_t code) {
        auto range = std::equal_range(table.begin(), table.end(), Entry{code, 0},
                                      [](const Entry& a, const Entry& b) { return a.code < b.code; });
        for (auto it = range.first; it != range.second; ++it) {
          const std::int32_t id = it->id;
          if (seen[id] == tag) continue;
          seen[id] = tag;
          // Exact re-ranking with the true metric.
          float key = dot_product(query.data(), vectors_->row(id).data(), d);
          if (metric_ == Metric::Cosine) key *= row_term_[id];
          else if (metric_ == Metric::L2) key = 2 * key - row_term_[id] - q_term;
          heap.push(key, id);
        }
      };
      for (int t = 0; t < params_.tables; ++t) {
        const float* p = projections.row(i).data() + t * bits;
        const std::uint64_t code = code_of(p, bits);
        visit_bucket(tables_[t], code);
        if (params_.probes > 0) {
          std::iota(order.begin(), order.end(), 0);
          std::partial_sort(order.begin(), order.begin() + params_.probes, order.end(),
                            [&](int a, int b) { return std::fabs(p[a]) < std::fabs(p[b]); });
          for (int probe = 0; probe < params_.probes; ++probe)
            visit_bucket(tables_[t], code ^ (std::uint64_t(1) << order[probe]));
        }
      }
      heap.write(metric_, ids + i * k, scores + i * k);
    });
  }
  capture.rethrow();
}

}  // namespace embkit
