#include "eval/exact_index.h"

#include <algorithm>
#include <omp.h>

#if defined(__AVX2__) || defined(__AVX512F__)
#include <immintrin.h>
#endif

#include "core/parallel.h"
#include "core/signals.h"
#include "eval/knn_topk.h"

namespace embkit {

namespace {
constexpr std::int64_t kQueryBlock = 256;
constexpr std::int64_t kRowBlock = 1024;

// Position of the first key above `threshold` in keys[from, n), or n. Once a
// heap is full almost no key passes, so the scan is one vector compare per
// 16 (AVX-512) or 8 (AVX2) keys instead of a branch per key.
inline std::int64_t next_above(const float* keys, std::int64_t from, std::int64_t n, float threshold) {
  std::int64_t j = from;
#if defined(__AVX512F__)
  const __m512 bound = _mm512_set1_ps(threshold);
  for (; j + 16 <= n; j += 16) {
    const __mmask16 above = _mm512_cmp_ps_mask(_mm512_loadu_ps(keys + j), bound, _CMP_GT_OQ);
    if (above != 0) return j + __builtin_ctz(above);
  }
#elif defined(__AVX2__)
  const __m256 bound = _mm256_set1_ps(threshold);
  for (; j + 8 <= n; j += 8) {
    const int above = _mm256_movemask_ps(_mm256_cmp_ps(_mm256_loadu_ps(keys + j), bound, _CMP_GT_OQ));
    if (above != 0) return j + __builtin_ctz(static_cast<unsigned>(above));
  }
#endif
  for (; j < n; ++j)
    if (keys[j] > threshold) return j;
  return n;
}
}  // namespace

ExactIndex::ExactIndex(const Matrix& vectors, Metric metric) : vectors_(&vectors), metric_(metric) {
  if (metric_ == Metric::Cosine) {
    row_term_ = vectors.rowwise().norm();
    for (Eigen::Index i = 0; i < row_term_.size(); ++i)
      row_term_[i] = row_term_[i] > 0 ? 1.0f / row_term_[i] : 0.0f;
  } else if (metric_ == Metric::L2) {
    row_term_ = vectors.rowwise().squaredNorm();
  }
}

std::uint64_t ExactIndex::memory_bytes() const {
  return static_cast<std::uint64_t>(row_term_.size()) * sizeof(float);
}

void ExactIndex::search_impl(const float* queries, std::int64_t n, std::int64_t k,
                             std::int64_t* ids, float* scores) const {
  const std::int64_t rows = vectors_->rows();
  const std::int64_t d = vectors_->cols();
  const int threads = resolve_threads(threads_);
  // Enough blocks to keep every thread busy, but no larger than kQueryBlock.
  const std::int64_t per_thread = (n + threads - 1) / threads;
  const std::int64_t qblock = std::max<std::int64_t>(1, std::min(kQueryBlock, per_thread));
  const std::int64_t blocks = (n + qblock - 1) / qblock;
  Eigen::Map<const Matrix> all_queries(queries, n, d);
  ExceptionCapture capture;

#pragma omp parallel num_threads(threads)
  {
    // Eigen parallelises a GEMM itself unless it runs inside a region of more
    // than one thread; in a region of one it would start a nested team and
    // run ~20× slower. This sets the nested team size for this thread only.
    omp_set_num_threads(1);
    Matrix q_block;
    Matrix s;  // qblock × kRowBlock similarities
    Eigen::VectorXf q_term;
    std::vector<TopK> heaps;
#pragma omp for schedule(dynamic, 1)
    for (std::int64_t b = 0; b < blocks; ++b) {
      capture.run([&] {
        check_interrupted();
        const std::int64_t q0 = b * qblock;
        const std::int64_t nq = std::min(qblock, n - q0);
        q_block = all_queries.middleRows(q0, nq);
        if (metric_ == Metric::Cosine) {
          for (std::int64_t i = 0; i < nq; ++i) {
            const float norm = q_block.row(i).norm();
            if (norm > 0) q_block.row(i) /= norm;
          }
        } else if (metric_ == Metric::L2) {
          q_term = q_block.rowwise().squaredNorm();
        }
        heaps.resize(static_cast<std::size_t>(nq));
        for (std::int64_t i = 0; i < nq; ++i) heaps[i].reset(k);
        for (std::int64_t r0 = 0; r0 < rows; r0 += kRowBlock) {
          const std::int64_t nr = std::min(kRowBlock, rows - r0);
          s.resize(nq, nr);
          s.noalias() = q_block * vectors_->middleRows(r0, nr).transpose();
          // Similarities → ranking keys, vectorised over the whole block.
          if (metric_ == Metric::Cosine) {
            s.array().rowwise() *= row_term_.segment(r0, nr).transpose().array();
          } else if (metric_ == Metric::L2) {
            s.array() *= 2.0f;
            s.array().rowwise() -= row_term_.segment(r0, nr).transpose().array();
            s.array().colwise() -= q_term.array();
          }
          for (std::int64_t i = 0; i < nq; ++i) {
            TopK& heap = heaps[i];
            const float* srow = s.data() + i * nr;
            float threshold = heap.threshold();
            // Rows arrive in ascending id, so an equal key never displaces.
            for (std::int64_t j = next_above(srow, 0, nr, threshold); j < nr;
                 j = next_above(srow, j + 1, nr, threshold)) {
              heap.push(srow[j], r0 + j);
              threshold = heap.threshold();
            }
          }
        }
        for (std::int64_t i = 0; i < nq; ++i)
          heaps[i].write(metric_, ids + (q0 + i) * k, scores + (q0 + i) * k);
      });
    }
  }
  capture.rethrow();
}

}  // namespace embkit
