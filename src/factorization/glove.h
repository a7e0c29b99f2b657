// GloVe: global vectors from weighted least squares on log co-occurrences.
//
// Pennington, Socher & Manning 2014, eq. 8:
//     J = Σ_{i,j: X_ij > 0} f(X_ij) (w_i · w̃_j + b_i + b̃_j − log X_ij)²
//     f(x) = min(1, (x / x_max)^α),  x_max = 100, α = 3/4            (eq. 9)
// (the defaults below take x_max = 10 and a window of 15 instead: see GloveOptions).
// Trained with AdaGrad (Duchi et al. 2011) over the nonzero cells in shuffled
// order, Hogwild threads (each takes a slice of the shuffled cells, updates are
// unsynchronized), as the reference implementation (github.com/stanfordnlp/GloVe)
// does. Like it, the AdaGrad accumulator G starts at 1 and sums the squared
// *scaled* steps (η g)², and the step is η g / √G taken before G is updated;
// gradients are clipped to ±grad_clip. The biases have a rate of their own,
// η_b = 1 by default, as in the reference's current glove.c, whose bias step is
// g / √G without η: the biases must reach log-frequency scale (log X_ij is up to
// ~10), and at η = 0.05 they lag so far behind that the vectors absorb word
// frequency instead (on wiki17m with the paper's settings, 3-seed WS353
// 0.414 → 0.423, SimLex 0.187 → 0.194; docs/bench/factorization.md).
// The co-occurrence matrix is symmetric and stored as its upper triangle
// (cooccurrence.h), so each off-diagonal cell drives two updates, (w_i, w̃_j)
// and (w_j, w̃_i): one in a first pass over the shuffled cells, the other in a
// second pass in reverse order — apart, as the reference's independently
// shuffled records are. Which one goes first alternates from cell to cell.
// Output vectors are W + W̃ (the paper's §4.2 choice) or W alone.
//
// Checkpoints hold the parameters *and* the AdaGrad accumulators, so a resumed
// run continues exactly where it stopped (the reference implementation saves
// only the parameters and its cost jumps on resume).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/embeddings.h"
#include "factorization/cooccurrence.h"

namespace embkit {

struct GloveOptions {
  // The counts the model is trained on: count_cooccurrence(corpus, vocabulary,
  // options.cooccurrence) (train_glove itself reads only the cells).
  // Window 15 and x_max 10 (the reference's own text8 demo settings) instead
  // of the paper's 10 and 100, which suit billions of tokens: on wiki17m the
  // former give WS353 0.476, SimLex 0.219, analogies 0.350 against the
  // latter's 0.427 / 0.196 / 0.199 (docs/bench/factorization.md).
  CooccurrenceOptions cooccurrence{15, WindowWeighting::Harmonic};
  int dim = 100;
  int epochs = 15;
  double x_max = 10.0;
  double alpha = 0.75;
  double learning_rate = 0.05;  // η, for the vectors w, w̃
  double bias_learning_rate = 1.0;  // η_b, for the biases b, b̃
  double grad_clip = 100.0;
  std::uint64_t seed = 1;
  int threads = 0;
  bool quiet = false;

  // Every range, in one place for the CLI, the Python module and
  // train_glove (ParameterError naming the field).
  void validate() const;
};

// Parameters and AdaGrad state. Row r of `word`/`context` is [w_r (dim) | b_r].
struct GloveModel {
  Matrix word, context;             // vocab × (dim + 1)
  Matrix word_gradsq, context_gradsq;  // AdaGrad accumulators, same shape
  int epochs_done = 0;
  std::uint64_t vocab_fingerprint = 0;  // guards resuming with another vocabulary

  std::int64_t dim() const { return word.cols() - 1; }
};

// Fresh parameters: uniform in [−0.5, 0.5)/dim, accumulators 1.
GloveModel init_glove(std::int64_t vocab_size, const GloveOptions& options, std::uint64_t vocab_fingerprint);

struct GloveEpochReport {
  int epoch;        // 1-based, counting epochs of earlier runs when resumed
  double cost;      // J / number of updates
  double seconds;
};

// Runs epochs model.epochs_done+1 .. options.epochs on `cells` (shuffled in
// place once, with the seed). After each epoch `on_epoch` is called (the
// caller may write a checkpoint there). Throws InputError if the cost is not
// finite.
void train_glove(GloveModel& model, std::vector<CooccurrenceEntry>& cells, const GloveOptions& options,
                 const std::function<void(const GloveEpochReport&)>& on_epoch = {});

// W + W̃ (sum = true) or W, without the biases.
Matrix glove_vectors(const GloveModel& model, bool sum);

// `embkit glove` in one call, without checkpoints: the vocabulary of the file
// `corpus` (min_count, max_vocab), its co-occurrence counts, train_glove from
// init_glove, then glove_vectors(model, sum), rows labelled by the vocabulary.
Embeddings glove_word_vectors(const std::string& corpus, const VocabularyOptions& vocabulary,
                              const GloveOptions& options, bool sum = true);

// Binary checkpoint: magic, sizes, epochs_done, fingerprint, then the four
// matrices as float32. Written atomically.
void save_glove_checkpoint(const GloveModel& model, const std::string& path);
// Throws InputError for a truncated or foreign file.
GloveModel load_glove_checkpoint(const std::string& path);

// FNV-1a over the words and counts: identifies a vocabulary.
std::uint64_t vocabulary_fingerprint(const Vocabulary& vocab);

}  // namespace embkit
