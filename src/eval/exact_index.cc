#include "eval/exact_index.h"

#include <algorithm>
#include <omp.h>

#include "core/simd.h"
#include "core/simd_lanes.h"
#if EMBKIT_SIMD_X86
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
inline std::int64_t next_above_tail(const float* keys, std::int64_t j, std::int64_t n, float threshold) {
  for (; j < n; ++j)
    if (keys[j] > threshold) return j;
  return n;
}

// The block product S = Q_b · X_bᵀ with rows packed in panels (see
// exact_index.h): a tile of kTileQueries queries × 2 panels of rows lives in
// 2·kTileQueries vector registers; each step over the dimension loads two
// panel vectors and broadcasts one value per query, so it is FMA-bound. One
// body, instantiated for each vector width (core/simd_lanes.h) inside a wrapper compiled
// for that instruction set (simd.h).
constexpr std::int64_t kTileQueries = 8;

// out[i * stride + c] = q_i · row c, for kTileQueries queries (row-major,
// `d` floats apart) and the 2 · Lane::kWidth rows of panels p0, p1. One body
// for both vector widths, stamped into each function compiled for its
// instruction set (a template instantiated outside those functions would
// pass vector types without the instruction set, which clang refuses).
// The first dimension starts the sums (x·a, which fma(x, a, 0) equals
// exactly): zero-filling them first compiles to a memset of the whole tile.
#define EMBKIT_PANEL_TILE_BODY(Lane)                                                                     \
  Lane::V lo[kTileQueries], hi[kTileQueries];                                                            \
  const Lane::V a0 = d > 0 ? Lane::load(p0) : Lane::zero(), b0 = d > 0 ? Lane::load(p1) : Lane::zero(); \
  for (std::int64_t i = 0; i < kTileQueries; ++i) {                                                      \
    const Lane::V x = d > 0 ? Lane::broadcast(q + i * d) : Lane::zero();                                 \
    lo[i] = Lane::mul(x, a0);                                                                            \
    hi[i] = Lane::mul(x, b0);                                                                            \
  }                                                                                                      \
  for (std::int64_t j = 1; j < d; ++j) {                                                                 \
    const Lane::V a = Lane::load(p0 + j * Lane::kWidth), b = Lane::load(p1 + j * Lane::kWidth);          \
    for (std::int64_t i = 0; i < kTileQueries; ++i) {                                                    \
      const Lane::V x = Lane::broadcast(q + i * d + j);                                                  \
      lo[i] = Lane::fmadd(x, a, lo[i]);                                                                  \
      hi[i] = Lane::fmadd(x, b, hi[i]);                                                                  \
    }                                                                                                    \
  }                                                                                                      \
  for (std::int64_t i = 0; i < kTileQueries; ++i) {                                                      \
    Lane::store(out + i * stride, lo[i]);                                                                \
    Lane::store(out + i * stride + Lane::kWidth, hi[i]);                                                 \
  }

#if EMBKIT_SIMD_X86
EMBKIT_TARGET_AVX512 void panel_tile_avx512(const float* q, std::int64_t d, const float* p0, const float* p1,
                                            float* out, std::int64_t stride) {
  EMBKIT_PANEL_TILE_BODY(simd::Avx512Lanes)
}
EMBKIT_TARGET_AVX2 void panel_tile_avx2(const float* q, std::int64_t d, const float* p0, const float* p1, float* out,
                                        std::int64_t stride) {
  EMBKIT_PANEL_TILE_BODY(simd::Avx2Lanes)
}

EMBKIT_TARGET_AVX512 std::int64_t next_above_avx512(const float* keys, std::int64_t j, std::int64_t n,
                                                    float threshold) {
  const __m512 bound = _mm512_set1_ps(threshold);
  for (; j + 16 <= n; j += 16) {
    const __mmask16 above = _mm512_cmp_ps_mask(_mm512_loadu_ps(keys + j), bound, _CMP_GT_OQ);
    if (above != 0) return j + __builtin_ctz(above);
  }
  return next_above_tail(keys, j, n, threshold);
}
EMBKIT_TARGET_AVX2 std::int64_t next_above_avx2(const float* keys, std::int64_t j, std::int64_t n,
                                                float threshold) {
  const __m256 bound = _mm256_set1_ps(threshold);
  for (; j + 8 <= n; j += 8) {
    const int above = _mm256_movemask_ps(_mm256_cmp_ps(_mm256_loadu_ps(keys + j), bound, _CMP_GT_OQ));
    if (above != 0) return j + __builtin_ctz(static_cast<unsigned>(above));
  }
  return next_above_tail(keys, j, n, threshold);
}
#endif

// The kernels of one instruction set; panel == 0 means no panel kernel (the
// baseline multiplies with Eigen's GEMM).
struct ScanKernels {
  std::int64_t panel = 0;
  void (*tile)(const float*, std::int64_t, const float*, const float*, float*, std::int64_t) = nullptr;
  std::int64_t (*next_above)(const float*, std::int64_t, std::int64_t, float) = next_above_tail;
};

ScanKernels scan_kernels() {
#if EMBKIT_SIMD_X86
  switch (simd_level()) {
    case SimdLevel::Avx512: return {simd::Avx512Lanes::kWidth, panel_tile_avx512, next_above_avx512};
    case SimdLevel::Avx2: return {simd::Avx2Lanes::kWidth, panel_tile_avx2, next_above_avx2};
    case SimdLevel::Baseline: break;
  }
#endif
  return {};
}
}  // namespace

ExactIndex::ExactIndex(const Matrix& vectors, Metric metric)
    : Index("exact", metric, vectors.rows(), vectors.cols()), vectors_(&vectors) {
  if (metric_ == Metric::Cosine) {
    row_term_ = vectors.rowwise().norm();
    for (Eigen::Index i = 0; i < row_term_.size(); ++i)
      row_term_[i] = row_term_[i] > 0 ? 1.0f / row_term_[i] : 0.0f;
  } else if (metric_ == Metric::L2) {
    row_term_ = vectors.rowwise().squaredNorm();
  }
  // Panels of `panel` rows, dimension-major; the rows are padded with zeros
  // to a whole number of panel pairs (the tile width).
  const std::int64_t panel = scan_kernels().panel;
  if (panel == 0) return;
  const std::int64_t d = vectors.cols();
  const std::int64_t padded = (vectors.rows() + 2 * panel - 1) / (2 * panel) * (2 * panel);
  panels_.assign(static_cast<std::size_t>(padded * d), 0.0f);
  for (std::int64_t r = 0; r < vectors.rows(); ++r) {
    float* start = panels_.data() + (r / panel) * d * panel + r % panel;
    for (std::int64_t j = 0; j < d; ++j) start[j * panel] = vectors(r, j);
  }
}

std::uint64_t ExactIndex::memory_bytes() const {
  return static_cast<std::uint64_t>(row_term_.size() + panels_.size()) * sizeof(float);
}

void ExactIndex::search_impl(const float* queries, std::int64_t n, std::int64_t k,
                             std::int64_t* ids, float* scores) const {
  search_with_threads(threads_, queries, n, k, ids, scores);
}

void ExactIndex::search_with_threads(int threads_wanted, const float* queries, std::int64_t n, std::int64_t k,
                                     std::int64_t* ids, float* scores) const {
  if (n <= 0) return;
  const std::int64_t rows = vectors_->rows();
  const std::int64_t d = vectors_->cols();
  const int threads = resolve_threads(threads_wanted);
  // Enough blocks to keep every thread busy, but no larger than kQueryBlock.
  const std::int64_t per_thread = (n + threads - 1) / threads;
  const std::int64_t qblock = std::max<std::int64_t>(1, std::min(kQueryBlock, per_thread));
  Eigen::Map<const Matrix> all_queries(queries, n, d);
  const ScanKernels kernels = scan_kernels();
  const std::int64_t panel = kernels.panel;
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
    for_each_block(n, qblock, capture, [&](std::int64_t q0, std::int64_t nq) {
      if (panel > 0) {
        q_block.setZero((nq + kTileQueries - 1) / kTileQueries * kTileQueries, d);
        q_block.topRows(nq) = all_queries.middleRows(q0, nq);
      } else {
        q_block = all_queries.middleRows(q0, nq);
      }
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
        std::int64_t width = nr;
        if (panel > 0) {
          // q_block has its rows padded to whole tiles (zeros), s its
          // columns to whole panel pairs; only the top-left nq × nr counts.
          width = (nr + 2 * panel - 1) / (2 * panel) * (2 * panel);
          s.resize(q_block.rows(), width);
          for (std::int64_t c = 0; c < width; c += 2 * panel) {
            const float* p0 = panels_.data() + (r0 + c) * d;
            for (std::int64_t i = 0; i < q_block.rows(); i += kTileQueries)
              kernels.tile(q_block.data() + i * d, d, p0, p0 + panel * d, s.data() + i * width + c, width);
          }
        } else {
          s.resize(nq, nr);
          s.noalias() = q_block * vectors_->middleRows(r0, nr).transpose();
        }
        auto keys = s.topLeftCorner(nq, nr);
        // Similarities → ranking keys, vectorised over the whole block.
        if (metric_ == Metric::Cosine) {
          keys.array().rowwise() *= row_term_.segment(r0, nr).transpose().array();
        } else if (metric_ == Metric::L2) {
          keys.array() *= 2.0f;
          keys.array().rowwise() -= row_term_.segment(r0, nr).transpose().array();
          keys.array().colwise() -= q_term.head(nq).array();
        }
        for (std::int64_t i = 0; i < nq; ++i) {
          TopK& heap = heaps[i];
          const float* srow = s.data() + i * width;
          float threshold = heap.threshold();
          // Rows arrive in ascending id, so an equal key never displaces.
          for (std::int64_t j = kernels.next_above(srow, 0, nr, threshold); j < nr;
               j = kernels.next_above(srow, j + 1, nr, threshold)) {
            heap.push(srow[j], r0 + j);
            threshold = heap.threshold();
          }
        }
      }
      for (std::int64_t i = 0; i < nq; ++i)
        heaps[i].write(metric_, ids + (q0 + i) * k, scores + (q0 + i) * k);
    });
  }
  capture.rethrow();
}

}  // namespace embkit
