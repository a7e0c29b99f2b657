// Word2Vec: skip-gram and CBOW with negative sampling (Mikolov et al. 2013a/b).
//
// Skip-gram maximises the log-probability of every word's contexts (2013b, eq. 1)
//     (1/T) Σ_t Σ_{−c ≤ j ≤ c, j ≠ 0} log p(w_{t+j} | w_t),
// the reach c drawn uniformly from 1..window for each centre word. Negative
// sampling replaces each log p(w_O | w_I) by (2013b, eq. 4)
//     log σ(u_{w_O} · v_{w_I}) + Σ_{k=1..K} log σ(−u_{w_k} · v_{w_I}),
// with K noise words w_k drawn from P_n(w) ∝ count(w)^{3/4} (noise_sampler.h).
// CBOW (2013a, §3.1) takes as v the mean (or sum) of the window's input
// vectors and predicts the centre word. One SGD step on an input v and an
// output u with label y (1 for w_O, 0 for noise) is, at rate α,
//     g = α (y − σ(u · v)),   u ← u + g v,   v ← v + g u     (sgns_kernels.h);
// as in word2vec.c, skip-gram's input is the context word and its positive
// output the centre word. Frequent words are subsampled (2013b, eq. 5, in
// word2vec.c's form; subsampler.h).
//
//   Word2VecArgs args; args.input = "corpus.txt";
//   Word2Vec trainer(args);
//   Embeddings words = trainer.train();          // rows in descending frequency
//   Embeddings contexts = trainer.context_vectors();  // optional, after train()
//
// Training is Hogwild (Recht et al. 2011): OpenMP threads update the shared
// matrices without locks, each on its own contiguous range of the encoded
// corpus, with its own buffers and an RNG derived from (seed, thread, epoch).
// The learning rate decays linearly from alpha to alpha·1e-4 over all epochs,
// driven by a shared word counter updated every 10,000 words (word2vec.c).
// With threads = 1 the output is a deterministic function of the arguments.
//
// With args.maxn > 0 (--subwords) the input side is fastText's subword model:
// a word's input is the mean of its own row and its character n-grams' rows
// (subwords.h, subword_kernels.h); train() returns each vocabulary word's mean
// and subword_model() the whole model.
//
// Errors: InputError for a bad corpus/checkpoint, a NaN/Inf loss ("loss became
// NaN at 37%; lower --lr") or too little memory; Interrupted on SIGINT
// (after writing the checkpoint when one is configured). Nothing is written on
// failure: output files are the caller's job, done only after train() returns.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/embeddings.h"
#include "core/vocabulary.h"
#include "word2vec/subwords.h"
#include "word2vec/word2vec_args.h"

namespace embkit {

struct Word2VecStats {
  std::uint64_t corpus_tokens = 0;  // tokens read (including out-of-vocabulary words)
  std::uint64_t train_words = 0;    // in-vocabulary words per epoch
  std::uint64_t split_tokens = 0;
  std::uint64_t words_this_run = 0; // words trained by this call (less than epochs × train_words after a resume)
  double seconds = 0;               // training wall time (excluding reading)
  double final_loss = 0;            // mean loss per pair over the last interval
  bool resumed = false;
  // Under mpirun with N > 1 ranks: model syncs (each an MPI_Allreduce of both
  // matrices) and the bytes this rank handed to collectives; the rows the
  // syncs averaged (both matrices, summed over the syncs; with --sync-rows all
  // every row every time) and, with touched, the matrix syncs whose union of
  // touched rows the ranks agreed on by row ids rather than by a bitmap.
  std::uint64_t syncs = 0;
  std::uint64_t bytes_sent = 0;
  std::uint64_t rows_averaged = 0;
  std::uint64_t unions_by_ids = 0;
};

class Word2Vec {
 public:
  explicit Word2Vec(Word2VecArgs args);
  ~Word2Vec();

  // Reads the corpus (or the checkpoint in args.resume, whose hyperparameters
  // then replace the given ones), trains, and returns the input vectors labelled
  // by the vocabulary. Call once.
  Embeddings train();
  // The same with the corpus given as sentences (lists of words, each as one
  // line of the file) instead of args.input; a resume needs the file.
  Embeddings train(const std::vector<std::vector<std::string>>& sentences);
  // The output ("context", syn1neg) vectors; valid after train().
  Embeddings context_vectors();

  // With subwords (args.minn..maxn): the whole model (vocabulary, word and
  // n-gram input rows, settings), for words outside the vocabulary; moves the
  // input matrix out, so call once, after train(). train() then returned each
  // vocabulary word's u_w, the mean of its rows (subwords.h).
  SubwordModel subword_model();

  const Vocabulary& vocabulary() const;
  const Word2VecStats& stats() const { return stats_; }
  // The arguments in effect (after a resume).
  const Word2VecArgs& args() const { return args_; }

 private:
  struct Impl;
  Word2VecArgs args_;
  Word2VecStats stats_;
  std::unique_ptr<Impl> impl_;

  Embeddings train_from(const std::vector<std::vector<std::string>>* sentences);
};

}  // namespace embkit
