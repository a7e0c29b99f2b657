#include "factorization/glove.h"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <utility>
#include <cmath>
#include <cstring>
#include <fstream>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/input_file.h"
#include "core/memory.h"
#include "core/parallel.h"
#include "core/progress.h"
#include "core/random.h"
#include "core/signals.h"
#include "core/simd.h"
#include "core/simd_lanes.h"

namespace embkit {

namespace {

constexpr char kMagic[8] = {'E', 'M', 'B', 'G', 'L', 'O', 'V', '1'};

constexpr std::int64_t kPrefetchDistance = 4;

inline void prefetch_row(const float* row, int floats) {
  for (int k = 0; k < floats; k += 16) __builtin_prefetch(row + k, 1);  // 16 floats = one 64-byte line
}

// The rates of one AdaGrad step, as floats for the hot loop.
struct StepSizes {
  float eta;       // η, for w and w̃
  float bias_eta;  // η_b, for b and b̃ (see GloveOptions::bias_learning_rate)
  float clip;      // gradients are clipped to ±clip
};

// One cell's update: the gradient of its term of eq. 8,
//   J_ij = f(X_ij) (w_i · w̃_j + b_i + b̃_j − log X_ij)² = f(X_ij) diff²,
//   ∂J_ij/∂w_i = f diff · w̃_j,  ∂J_ij/∂w̃_j = f diff · w_i,  ∂J_ij/∂b_i = ∂J_ij/∂b̃_j = f diff
// (the factor 2 folded into the rate, as in the reference), then the AdaGrad
// step on each parameter θ with accumulator G (header: G starts at 1, sums the
// squared scaled steps):
//   θ ← θ − s / √G,  G ← G + s²,
// with s = clip(η ∂J/∂θ) for w_i and w̃_j, s = η_b ∂J/∂b for the biases.
// `wi_`, `wj_` are the rows [w_i | b_i] and [w̃_j | b̃_j], `gi_`, `gj_` their
// accumulators; `weight` is f(X_ij) (eq. 9). Returns the cell's cost ½ f diff²,
// or NaN when f·diff is not finite. The two d-float halves — the dot product
// and the step on w_i, w̃_j — are RowKernels, compiled per instruction set
// (core/simd.h); the biases are scalars.
struct RowKernels {
  float (*dot)(const float* a, const float* b, int d);
  // s1 = clip(fdiff w̃_j), s2 = clip(fdiff w_i); w_i −= s1/√G_i, w̃_j −= s2/√G̃_j;
  // G_i += s1², G̃_j += s2².
  void (*step)(float* wi, float* gi, float* wj, float* gj, int d, float fdiff, float clip);
};

inline double adagrad_update(const RowKernels& k, float* wi_, float* gi_, float* wj_, float* gj_, int d, float log_x,
                             float weight, const StepSizes& rate) {
  const float diff = k.dot(wi_, wj_, d) + wi_[d] + wj_[d] - log_x;
  const float fdiff_raw = weight * diff;
  if (!std::isfinite(fdiff_raw)) return std::numeric_limits<double>::quiet_NaN();
  k.step(wi_, gi_, wj_, gj_, d, rate.eta * fdiff_raw, rate.clip);
  const float bias_step = rate.bias_eta * fdiff_raw;  // ∂J/∂b = ∂J/∂b̃ = f(x)·diff
  wi_[d] -= bias_step / std::sqrt(gi_[d]);
  wj_[d] -= bias_step / std::sqrt(gj_[d]);
  gi_[d] += bias_step * bias_step;
  gj_[d] += bias_step * bias_step;
  return 0.5 * static_cast<double>(fdiff_raw) * diff;
}

// The lanes' tail (and the baseline): exact 1/√G, one float at a time.
inline void step_scalar(float* wi, float* gi, float* wj, float* gj, int from, int d, float fdiff, float clip) {
  for (int c = from; c < d; ++c) {
    const float s1 = std::max(-clip, std::min(clip, fdiff * wj[c]));
    const float s2 = std::max(-clip, std::min(clip, fdiff * wi[c]));
    wi[c] -= s1 / std::sqrt(gi[c]);
    wj[c] -= s2 / std::sqrt(gj[c]);
    gi[c] += s1 * s1;
    gj[c] += s2 * s2;
  }
}
float dot_scalar(const float* a, const float* b, int d) {
  float s = 0;
  for (int c = 0; c < d; ++c) s += a[c] * b[c];
  return s;
}
void step_baseline(float* wi, float* gi, float* wj, float* gj, int d, float fdiff, float clip) {
  step_scalar(wi, gi, wj, gj, 0, d, fdiff, clip);
}

#if EMBKIT_SIMD_X86
// The two kernels for AVX-512 and AVX2+FMA: one body each (the macros below),
// spelled with core/simd_lanes.h's lane operations and stamped into a function
// compiled for that instruction set (as exact_index.cc's panel tile).
//
// rsqrt: one approximate reciprocal square root and a Newton step per lane,
// y ← y (1.5 − y (0.5 G) y), instead of a square root and a division (as
// Eigen's fast-math packets). G ≥ 1 always (it starts at 1 and only grows).
using simd::Avx2Lanes;
using simd::Avx512Lanes;

#define EMBKIT_GLOVE_DOT_BODY(L)                                                             \
  L::V acc = L::zero();                                                                      \
  int c = 0;                                                                                 \
  for (; c + L::kWidth <= d; c += L::kWidth) acc = L::fmadd(L::load(a + c), L::load(b + c), acc); \
  float s = L::sum(acc);                                                                     \
  for (; c < d; ++c) s += a[c] * b[c];                                                       \
  return s;

#define EMBKIT_GLOVE_STEP_BODY(L)                                                            \
  const L::V f = L::set1(fdiff), hi = L::set1(clip), lo = L::set1(-clip);                    \
  const L::V minus_half = L::set1(-0.5f), three_halves = L::set1(1.5f);                      \
  int c = 0;                                                                                 \
  for (; c + L::kWidth <= d; c += L::kWidth) {                                               \
    const L::V a = L::load(wi + c), b = L::load(wj + c);                                     \
    const L::V ga = L::load(gi + c), gb = L::load(gj + c);                                   \
    const L::V s1 = L::max(lo, L::min(hi, L::mul(f, b)));                                    \
    const L::V s2 = L::max(lo, L::min(hi, L::mul(f, a)));                                    \
    const L::V ya = L::rsqrt_estimate(ga), yb = L::rsqrt_estimate(gb);                       \
    const L::V ra = L::mul(ya, L::fmadd(L::mul(ya, L::mul(minus_half, ga)), ya, three_halves)); \
    const L::V rb = L::mul(yb, L::fmadd(L::mul(yb, L::mul(minus_half, gb)), yb, three_halves)); \
    L::store(wi + c, L::fnmadd(s1, ra, a));                                                  \
    L::store(wj + c, L::fnmadd(s2, rb, b));                                                  \
    L::store(gi + c, L::fmadd(s1, s1, ga));                                                  \
    L::store(gj + c, L::fmadd(s2, s2, gb));                                                  \
  }                                                                                          \
  step_scalar(wi, gi, wj, gj, c, d, fdiff, clip);

EMBKIT_TARGET_AVX512 float dot_avx512(const float* a, const float* b, int d) { EMBKIT_GLOVE_DOT_BODY(Avx512Lanes) }
EMBKIT_TARGET_AVX512 void step_avx512(float* wi, float* gi, float* wj, float* gj, int d, float fdiff, float clip) {
  EMBKIT_GLOVE_STEP_BODY(Avx512Lanes)
}
EMBKIT_TARGET_AVX2 float dot_avx2(const float* a, const float* b, int d) { EMBKIT_GLOVE_DOT_BODY(Avx2Lanes) }
EMBKIT_TARGET_AVX2 void step_avx2(float* wi, float* gi, float* wj, float* gj, int d, float fdiff, float clip) {
  EMBKIT_GLOVE_STEP_BODY(Avx2Lanes)
}
#undef EMBKIT_GLOVE_DOT_BODY
#undef EMBKIT_GLOVE_STEP_BODY
#endif

RowKernels row_kernels() {
#if EMBKIT_SIMD_X86
  if (simd_level() == SimdLevel::Avx512) return {dot_avx512, step_avx512};
  if (simd_level() == SimdLevel::Avx2) return {dot_avx2, step_avx2};
#endif
  return {dot_scalar, step_baseline};
}

// A stored cell stands for two records, (i, j) and its mirror (j, i). The
// reference implementation shuffles all records independently; updating a
// cell's two records back to back ties their steps together, so the mirrors get
// a pass of their own, in reverse order. Which record goes first alternates
// with the cell's (shuffled, so random) position k: otherwise the first pass
// would update only the word vectors of the more frequent word of each cell
// (row ≤ col) and the second only its context vectors.
struct Record {
  std::int64_t word, context;  // i of w_i, j of w̃_j
};
inline Record record_of(std::int64_t k, int pass, const CooccurrenceEntry& c) {
  const bool mirror = (pass == 1) != ((k & 1) == 1);
  return mirror ? Record{c.col, c.row} : Record{c.row, c.col};
}

// One thread's share of an epoch: cost and number of updates.
struct SliceResult {
  double cost = 0;
  std::int64_t updates = 0;
};

// Trains on the shuffled cells [begin, end): the first pass over them in
// order, the second over their mirrors in reverse (record_of). Every 2^20
// steps `poll(fraction of the slice done)` may stop the slice by returning false.
template <typename Poll>
SliceResult train_slice(GloveModel& m, const std::vector<CooccurrenceEntry>& cells, std::int64_t begin,
                        std::int64_t end, float x_max, float alpha, const StepSizes& rate, Poll&& poll) {
  const int d = static_cast<int>(m.dim());
  const RowKernels kernels = row_kernels();
  SliceResult result;
  const std::int64_t length = end - begin;
  for (int pass = 0; pass < 2; ++pass) {
    for (std::int64_t step = 0; step < length; ++step) {
      const std::int64_t k = pass == 0 ? begin + step : end - 1 - step;
      if ((step & 0xfffff) == 0 && !poll((pass + static_cast<double>(step) / length) / 2)) return result;
      // The cells are shuffled, so every update reads four random rows; ask
      // for those of a cell a few steps ahead now, and they arrive while this
      // one computes (the loop is latency-bound).
      if (step + kPrefetchDistance < length) {
        const std::int64_t ahead = pass == 0 ? k + kPrefetchDistance : k - kPrefetchDistance;
        const Record r = record_of(ahead, pass, cells[static_cast<std::size_t>(ahead)]);
        prefetch_row(m.word.row(r.word).data(), d + 1);
        prefetch_row(m.word_gradsq.row(r.word).data(), d + 1);
        prefetch_row(m.context.row(r.context).data(), d + 1);
        prefetch_row(m.context_gradsq.row(r.context).data(), d + 1);
      }
      const CooccurrenceEntry& c = cells[static_cast<std::size_t>(k)];
      if (pass == 1 && c.row == c.col) continue;  // the diagonal has no mirror
      const Record r = record_of(k, pass, c);
      // log X and f(X) are recomputed each time: storing them would cost 8
      // more bytes per cell, and both are cheap next to the 2d-float update.
      const float x = c.value;
      const float weight = x < x_max ? std::pow(x / x_max, alpha) : 1.0f;  // f(x), eq. 9
      result.cost += adagrad_update(kernels, m.word.row(r.word).data(), m.word_gradsq.row(r.word).data(),
                                    m.context.row(r.context).data(), m.context_gradsq.row(r.context).data(), d,
                                    std::log(x), weight, rate);
      ++result.updates;
    }
  }
  return result;
}

// One epoch: Hogwild threads each train a contiguous slice of the shuffled
// cells. Returns the mean cost per update (J / updates).
double train_epoch(GloveModel& m, const std::vector<CooccurrenceEntry>& cells, const GloveOptions& o, int threads,
                   int epoch, Progress& progress) {
  const float x_max = static_cast<float>(o.x_max), alpha = static_cast<float>(o.alpha);
  const StepSizes rate{static_cast<float>(o.learning_rate), static_cast<float>(o.bias_learning_rate),
                       static_cast<float>(o.grad_clip)};
  const std::int64_t n = static_cast<std::int64_t>(cells.size());
  std::vector<SliceResult> slices(static_cast<std::size_t>(threads));
  ExceptionCapture capture;
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num(), nt = omp_get_num_threads();
    const auto poll = [&](double slice_done) {
      if (capture.failed()) return false;
      check_interrupted();
      if (t == 0) progress.update((epoch - 1 + slice_done) / o.epochs, {{"epoch", std::to_string(epoch)}});
      return true;
    };
    capture.run([&] {
      slices[static_cast<std::size_t>(t)] = train_slice(m, cells, n * t / nt, n * (t + 1) / nt, x_max, alpha, rate, poll);
    });
  }
  capture.rethrow();
  double total = 0;
  std::int64_t count = 0;
  for (const SliceResult& slice : slices) {
    total += slice.cost;
    count += slice.updates;
  }
  return total / static_cast<double>(count);
}

}  // namespace

std::uint64_t vocabulary_fingerprint(const Vocabulary& vocab) {
  std::uint64_t h = kFnv1aBasis;
  for (const auto& e : vocab.entries()) {
    h = fnv1a(e.word.data(), e.word.size() + 1, h);
    h = fnv1a(&e.count, sizeof e.count, h);
  }
  return h;
}

GloveModel init_glove(std::int64_t vocab_size, const GloveOptions& o, std::uint64_t fingerprint) {
  GloveModel m;
  m.vocab_fingerprint = fingerprint;
  const Eigen::Index rows = static_cast<Eigen::Index>(vocab_size), cols = o.dim + 1;
  m.word.resize(rows, cols);
  m.context.resize(rows, cols);
  Rng rng(derive_seed(o.seed, 0x610e));
  for (Matrix* w : {&m.word, &m.context})
    for (Eigen::Index k = 0; k < w->size(); ++k) w->data()[k] = (rng.uniform_float() - 0.5f) / static_cast<float>(o.dim);
  m.word_gradsq = Matrix::Ones(rows, cols);
  m.context_gradsq = Matrix::Ones(rows, cols);
  return m;
}

void GloveOptions::validate() const {
  cooccurrence.validate();
  require_at_least("dim", dim, 1);
  require_at_least("epochs", epochs, 1);
  require_between("x_max", x_max, 1e-9, 1e12);
  require_between("alpha", alpha, 0, 10);
  require_between("learning_rate", learning_rate, 1e-9, 10);
  require_between("bias_learning_rate", bias_learning_rate, 1e-9, 10);
  check_threads(threads);
}

void train_glove(GloveModel& m, std::vector<CooccurrenceEntry>& cells, const GloveOptions& o,
                 const std::function<void(const GloveEpochReport&)>& on_epoch) {
  o.validate();
  if (cells.empty()) throw InputError("the co-occurrence matrix is empty (corpus too small for the window?)");
  const int threads = resolve_threads(o.threads);
  // Shuffle once (Fisher–Yates, seeded): SGD on cells sorted by row would
  // visit one word's cells in a burst.
  Rng rng(derive_seed(o.seed, 0x5eed5));
  for (std::size_t k = cells.size(); k > 1; --k) std::swap(cells[k - 1], cells[rng.below(k)]);
  Progress progress("glove", o.quiet);
  for (int epoch = m.epochs_done + 1; epoch <= o.epochs; ++epoch) {
    const auto start = std::chrono::steady_clock::now();
    const double mean_cost = train_epoch(m, cells, o, threads, epoch, progress);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!std::isfinite(mean_cost))
      throw InputError("GloVe diverged at epoch " + std::to_string(epoch) + " (cost is not finite); lower " + param("learning_rate"));
    m.epochs_done = epoch;
    if (!o.quiet)
      progress.message("epoch " + std::to_string(epoch) + " cost " + std::to_string(mean_cost) + " (" +
                       format_duration(seconds) + ")");
    if (on_epoch) on_epoch({epoch, mean_cost, seconds});
  }
}

Matrix glove_vectors(const GloveModel& m, bool sum) {
  const Eigen::Index d = m.dim();
  if (sum) return m.word.leftCols(d) + m.context.leftCols(d);
  return m.word.leftCols(d);
}

void save_glove_checkpoint(const GloveModel& m, const std::string& path) {
  AtomicFile f(path, true, AtomicFile::Commit::Now);  // kept even if the run fails later
  std::ostream& out = f.stream();
  const std::int64_t header[4] = {m.word.rows(), m.dim(), m.epochs_done, 0};
  out.write(kMagic, sizeof kMagic);
  out.write(reinterpret_cast<const char*>(header), sizeof header);
  out.write(reinterpret_cast<const char*>(&m.vocab_fingerprint), sizeof m.vocab_fingerprint);
  for (const Matrix* w : {&m.word, &m.context, &m.word_gradsq, &m.context_gradsq})
    out.write(reinterpret_cast<const char*>(w->data()), static_cast<std::streamsize>(w->size() * sizeof(float)));
  f.commit();
}

GloveModel load_glove_checkpoint(const std::string& path) {
  require_readable_file(path);
  std::ifstream in(path, std::ios::binary);
  char magic[8];
  std::int64_t header[4];
  GloveModel m;
  if (!in.read(magic, sizeof magic) || std::memcmp(magic, kMagic, sizeof kMagic) != 0)
    throw_input_error(path, 0, "not an embkit GloVe checkpoint (bad magic)");
  if (!in.read(reinterpret_cast<char*>(header), sizeof header) ||
      !in.read(reinterpret_cast<char*>(&m.vocab_fingerprint), sizeof m.vocab_fingerprint))
    throw_input_error(path, 0, "truncated checkpoint header");
  const std::int64_t rows = header[0], dim = header[1];
  if (rows < 1 || dim < 1 || header[2] < 0 || rows > (1ll << 32) || dim > (1 << 20))
    throw_input_error(path, 0, "corrupt checkpoint header (rows " + std::to_string(rows) + ", dim " + std::to_string(dim) + ")");
  const std::int64_t expected = 8 + static_cast<std::int64_t>(sizeof header) + 8 + 4 * rows * (dim + 1) * 4;
  if (file_size(path) != expected)
    throw_input_error(path, 0, "checkpoint size " + std::to_string(file_size(path)) + " bytes, expected " +
                                   std::to_string(expected) + " (truncated or corrupt)");
  m.epochs_done = static_cast<int>(header[2]);
  require_memory(static_cast<std::uint64_t>(expected), "loading " + path);
  for (Matrix* w : {&m.word, &m.context, &m.word_gradsq, &m.context_gradsq}) {
    w->resize(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(dim + 1));
    in.read(reinterpret_cast<char*>(w->data()), static_cast<std::streamsize>(w->size() * sizeof(float)));
  }
  if (!in) throw_input_error(path, 0, "truncated checkpoint");
  // A NaN or Inf weight would train on (every update it touches turns NaN) and
  // only surface as "diverged" later; AdaGrad's squared-gradient sums start at
  // 1 and only grow, so a negative one is as impossible.
  const char* names[] = {"word vectors", "context vectors", "word gradient sums", "context gradient sums"};
  int k = 0;
  for (const Matrix* w : {&m.word, &m.context, &m.word_gradsq, &m.context_gradsq}) {
    if (!w->allFinite())
      throw_input_error(path, 0, std::string("checkpoint is corrupt: its ") + names[k] + " hold NaN or Inf values");
    if (k >= 2 && (w->array() < 0).any())
      throw_input_error(path, 0, std::string("checkpoint is corrupt: its ") + names[k] + " hold negative values");
    ++k;
  }
  return m;
}

Embeddings glove_word_vectors(const std::string& corpus, const VocabularyOptions& vocabulary,
                              const GloveOptions& options, bool sum) {
  options.validate();
  const Vocabulary vocab = corpus_vocabulary(corpus, vocabulary);
  GloveModel model = init_glove(vocab.size(), options, vocabulary_fingerprint(vocab));
  Cooccurrence counts = count_cooccurrence(corpus, vocab, options.cooccurrence);
  train_glove(model, counts.upper, options);
  return Embeddings(vocab.words(), glove_vectors(model, sum));
}

}  // namespace embkit
