// The training steps of the subword model (subwords.h) over one sentence.
//
// The input side of a word w is h_w = (1/|G_w|) Σ_{g∈G_w} z_g (fastText's
// Model::computeHidden), which enters the negative-sampling loss of word2vec
// (sgns_kernels.h) in place of a single input row; the paper's score
// s(w, c) = Σ_g z_g·v_c is this up to the 1/|G_w| factor. As in fastText's
// Model::update for skip-gram and CBOW, the gradient ∂L/∂h is added unscaled
// to every row of G_w (the gradient of the summed score at the mean), not
// divided by |G_w|:
//     z_g ← z_g − α ∂L/∂h  for g ∈ G_w,   v_c ← v_c − α ∂L/∂v_c.
//
// fastText recomputes the n-gram mean for every (centre, context) pair and
// scatters the gradient after each; here the scatter is batched and the means
// are kept up to date instead of recomputed. When every entry of G_w gets +g,
// the mean moves by ρ_w·g (ρ_w = Σ_r m_r²/|G_w|, SubwordTable::drift; 1 unless
// a row repeats), so adding ρ_w·g to the kept mean gives the mean fastText
// would recompute:
//  * skip-gram (the centre word is the input, as in fastText): h is built once
//    per centre word; after each context word's step h += ρ·g, and the
//    window's gradients are summed and scattered once. The steps therefore see
//    the same h as fastText's sequential updates. Noise words are drawn afresh
//    for every (centre, context) pair, as fastText does, whatever
//    --shared-negatives says: noise words shared across the window would
//    repeat nearly the same (h, u_k) step m times — K noise samples per window
//    instead of m·K. (On 2M words of wiki17m, shared noise gave WS353 0.43 /
//    SimLex 0.18 / analogy 0.37 against 0.51 / 0.25 / 0.52 per pair.)
//  * CBOW: each position's n-gram sum S_p = Σ_{g∈G_p} z_g is built once when
//    it enters the window (a ring of 2·window + 1 slots) — copied from a
//    position of the same word already in the ring, whose rows still owe that
//    position's deferred gradient — then moved by |G_p|·ρ_p·g for every context
//    position holding its word when a step scatters g; the gradients are
//    summed and scattered to G_p when it leaves the window. The hidden vector
//    is fastText's mean over all the context words' rows,
//    h = Σ_j S_j / Σ_j |G_j|. (An n-gram row shared by two different words
//    moves only the sums of the word that received the gradient: the one
//    approximation left.)
// Results stay a deterministic function of the inputs.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "word2vec/noise_sampler.h"
#include "word2vec/sgns_kernels.h"
#include "word2vec/subwords.h"
#include "word2vec/touched_rows.h"

namespace embkit::w2v {

struct SubwordScratch {
  std::vector<float> hidden, grad, pair;
  std::vector<float> sums, grads;  // CBOW ring: (2·window + 1) × dim each
  std::vector<int> counts;         // CBOW ring: |G_p|
  std::vector<float> moves;        // CBOW ring: |G_p|·ρ_p
  std::vector<std::uint32_t> noise;

  SubwordScratch(int dim, int window, int negative)
      : hidden(dim), grad(dim), pair(dim), sums(static_cast<std::size_t>(2 * window + 1) * dim),
        grads(static_cast<std::size_t>(2 * window + 1) * dim), counts(2 * window + 1), moves(2 * window + 1),
        noise(negative) {}
};

class SubwordSteps {
 public:
  SubwordSteps(float* input, float* output, int dim, int window, int negative, const SubwordTable& table,
               const NoiseSampler& noise, const SigmoidTable& sigmoid)
      : input_(input), output_(output), dim_(dim), window_(window), negative_(negative), table_(table),
        noise_(noise), sigmoid_(sigmoid) {}

  // --sync-rows touched under mpirun: mark the n-gram rows scatter() writes
  // and the noise words' output rows (the caller marks the sentence's words).
  void track(const TouchedRows* input, const TouchedRows* output) {
    input_marks_ = input;
    output_marks_ = output;
  }

  float* in_row(std::uint32_t r) const { return input_ + static_cast<std::size_t>(r) * dim_; }
  float* out_row(std::uint32_t w) const { return output_ + static_cast<std::size_t>(w) * dim_; }

  // h_w into `hidden`.
  void mean_input(std::uint32_t word, float* hidden) const {
    const std::uint32_t* rows = table_.rows(word);
    const int count = table_.count(word);
    std::fill(hidden, hidden + dim_, 0.f);
    for (int k = 0; k < count; ++k) axpy(1.f, in_row(rows[k]), hidden, dim_);
    const float scale = 1.f / static_cast<float>(count);
#pragma omp simd
    for (int d = 0; d < dim_; ++d) hidden[d] *= scale;
  }

  // z_g += grad for every g ∈ G_word.
  void scatter(std::uint32_t word, const float* grad) const {
    const std::uint32_t* rows = table_.rows(word);
    const int count = table_.count(word);
    if (input_marks_) input_marks_->mark_all(rows, count);
    for (int k = 0; k < count; ++k) axpy(1.f, grad, in_row(rows[k]), dim_);
  }

  // One positive output and the noise words in `noise` (those equal to the
  // positive skipped, as in fastText's getNegative): updates the output rows,
  // adds h's gradient share to `grad`, returns the loss.
  double step(const float* hidden, std::uint32_t positive, const std::uint32_t* noise, float* grad,
              float lr) const {
    double loss = sgns_pair(hidden, out_row(positive), grad, dim_, 1.f, lr, sigmoid_);
    for (int k = 0; k < negative_; ++k) {
      if (noise[k] == positive) continue;
      loss += sgns_pair(hidden, out_row(noise[k]), grad, dim_, 0.f, lr, sigmoid_);
    }
    return loss;
  }

  void draw_noise(std::uint32_t* noise, FastRng& rng) const {
    for (int k = 0; k < negative_; ++k) noise[k] = noise_.sample(rng.next());
    if (output_marks_) output_marks_->mark_all(noise, negative_);
  }

  int reach(FastRng& rng) const { return window_ - static_cast<int>(rng.below(window_)); }

  void skipgram(const std::uint32_t* s, int n, FastRng& rng, float lr, SubwordScratch& sc, double& loss,
                std::uint64_t& pairs) const {
    float* hidden = sc.hidden.data();
    float* grad = sc.grad.data();
    float* pair = sc.pair.data();
    for (int i = 0; i < n; ++i) {
      const int r = reach(rng);
      const int lo = std::max(0, i - r), hi = std::min(n - 1, i + r);
      if (hi == lo) continue;
      mean_input(s[i], hidden);
      std::fill(grad, grad + dim_, 0.f);
      const float drift = table_.drift(s[i]);
      for (int j = lo; j <= hi; ++j) {
        if (j == i) continue;
        draw_noise(sc.noise.data(), rng);
        std::fill(pair, pair + dim_, 0.f);
        loss += step(hidden, s[j], sc.noise.data(), pair, lr);
        axpy(1.f, pair, grad, dim_);
        axpy(drift, pair, hidden, dim_);  // h as after fastText's scatter of this pair
        ++pairs;
      }
      scatter(s[i], grad);
    }
  }

  void cbow(const std::uint32_t* s, int n, FastRng& rng, float lr, SubwordScratch& sc, double& loss,
            std::uint64_t& pairs) const {
    const int slots = 2 * window_ + 1;
    float* hidden = sc.hidden.data();
    float* grad = sc.grad.data();
    auto sum = [&](int p) { return sc.sums.data() + static_cast<std::size_t>(p % slots) * dim_; };
    auto acc = [&](int p) { return sc.grads.data() + static_cast<std::size_t>(p % slots) * dim_; };
    // Positions [0, loaded) have entered the ring, [0, flushed) have left it.
    int loaded = 0, flushed = 0;
    auto flush = [&](int p) { scatter(s[p], acc(p)); };
    for (int i = 0; i < n; ++i) {
      // Every position this centre's window can reach is in the ring: load up
      // to i + window, first scattering the slot's previous occupant (which
      // lies before i − window, out of every later window).
      for (; loaded < std::min(n, i + window_ + 1); ++loaded) {
        if (loaded >= slots) flush(flushed++);
        const std::uint32_t* rows = table_.rows(s[loaded]);
        const int count = table_.count(s[loaded]);
        float* S = sum(loaded);
        // The word's rows still owe the gradients of its positions in the ring;
        // such a position's sum already includes them (kept up to date below).
        int same = flushed;
        while (same < loaded && s[same] != s[loaded]) ++same;
        if (same < loaded) {
          std::copy(sum(same), sum(same) + dim_, S);
        } else {
          std::fill(S, S + dim_, 0.f);
          for (int k = 0; k < count; ++k) axpy(1.f, in_row(rows[k]), S, dim_);
        }
        sc.counts[loaded % slots] = count;
        sc.moves[loaded % slots] = static_cast<float>(count) * table_.drift(s[loaded]);
        std::fill(acc(loaded), acc(loaded) + dim_, 0.f);
      }
      const int r = reach(rng);
      const int lo = std::max(0, i - r), hi = std::min(n - 1, i + r);
      if (hi == lo) continue;
      std::fill(hidden, hidden + dim_, 0.f);
      int rows = 0;
      for (int j = lo; j <= hi; ++j) {
        if (j == i) continue;
        axpy(1.f, sum(j), hidden, dim_);
        rows += sc.counts[j % slots];
      }
      const float scale = 1.f / static_cast<float>(rows);
#pragma omp simd
      for (int d = 0; d < dim_; ++d) hidden[d] *= scale;
      std::fill(grad, grad + dim_, 0.f);
      draw_noise(sc.noise.data(), rng);
      loss += step(hidden, s[i], sc.noise.data(), grad, lr);
      ++pairs;
      for (int j = lo; j <= hi; ++j)
        if (j != i) axpy(1.f, grad, acc(j), dim_);
      // Every sum a later window will read, as after fastText's scatter of this
      // step: position p's rows got g once per context position holding its word.
      for (int p = std::max(0, i - window_); p < loaded; ++p) {
        int times = 0;
        for (int j = lo; j <= hi; ++j) times += j != i && s[j] == s[p];
        if (times > 0) axpy(static_cast<float>(times) * sc.moves[p % slots], grad, sum(p), dim_);
      }
    }
    for (; flushed < loaded; ++flushed) flush(flushed);
  }

 private:
  float* input_;
  float* output_;
  int dim_, window_, negative_;
  const SubwordTable& table_;
  const NoiseSampler& noise_;
  const SigmoidTable& sigmoid_;
  const TouchedRows* input_marks_ = nullptr;
  const TouchedRows* output_marks_ = nullptr;
};

// The loss of one step of the model above, in double precision, for gradient
// checks: h = mean of `rows` of `input`, then
//   L = −log σ(h·v_pos) − Σ_k log σ(−h·v_k).
inline double subword_loss_reference(const float* input, const float* output, int dim, const std::uint32_t* rows,
                                     int count, std::uint32_t positive, const std::uint32_t* noise, int negative) {
  std::vector<double> h(dim, 0.0);
  for (int k = 0; k < count; ++k)
    for (int d = 0; d < dim; ++d) h[d] += input[static_cast<std::size_t>(rows[k]) * dim + d];
  for (double& x : h) x /= count;
  auto term = [&](std::uint32_t w, bool pos) {
    double f = 0;
    for (int d = 0; d < dim; ++d) f += h[d] * output[static_cast<std::size_t>(w) * dim + d];
    return std::log1p(std::exp(pos ? -f : f));
  };
  double loss = term(positive, true);
  for (int k = 0; k < negative; ++k)
    if (noise[k] != positive) loss += term(noise[k], false);
  return loss;
}

}  // namespace embkit::w2v
