// Doc2Vec: Paragraph Vectors (Le & Mikolov 2014, "Distributed Representations
// of Sentences and Documents"), trained with negative sampling as gensim's
// Doc2Vec does.
//
// Every document d has a vector D_d, trained with the word2vec pieces
// (vocabulary, subsampling, noise sampler, SGNS kernels; word2vec.h):
//   PV-DBOW (§2.3, gensim dm=0): D_d predicts each word w of d, the skip-gram
//     step with D_d as input:
//       L = −log σ(u_w · D_d) − Σ_{k=1..K} log σ(−u_{n_k} · D_d),  n_k ~ P_n
//     and one SGD step at rate α: g_o = α (y_o − σ(u_o · D_d)),
//       u_o ← u_o + g_o D_d,  D_d ← D_d + Σ_o g_o u_o   (= D_d − α ∂L/∂D_d).
//     `dbow_words` also trains skip-gram word vectors on the same documents,
//     interleaved (gensim's dbow_words=1), sharing the output vectors u.
//   PV-DM (§2.2, gensim dm=1, dm_mean=1): the input is the mean
//       h = (D_d + Σ_{context c} v_c) / (1 + |context|)
//     of the document vector and the window's word vectors, predicting the
//     centre word; h's update −α ∂L/∂h goes unscaled to D_d and to every
//     context word (word2vec.c's CBOW convention).
// Output vectors u start at zero, word and document vectors uniform in
// [−0.5/dim, 0.5/dim); the rate decays linearly from α to α·1e-4 over all
// epochs. Threads take contiguous ranges of documents (Hogwild), each with an
// RNG from (seed, thread, epoch): with threads = 1 the result is a
// deterministic function of the arguments and the documents.
//
// Documents are texts split on ASCII whitespace (no other normalisation); words
// under min_count are dropped before subsampling and windows. A document left
// with no word keeps its random initial vector (counted in stats).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/embeddings.h"
#include "core/vocabulary.h"
#include "word2vec/checkpoint.h"
#include "word2vec/sgns_kernels.h"

namespace embkit {

enum class Doc2VecMode { Dbow, Dm };
Doc2VecMode parse_doc2vec_mode(const std::string& name);  // "dbow" | "dm"; ParameterError otherwise
const char* doc2vec_mode_name(Doc2VecMode mode);

// Defaults are gensim 4's Doc2Vec defaults.
struct Doc2VecArgs {
  Doc2VecMode mode = Doc2VecMode::Dbow;
  bool dbow_words = false;      // PV-DBOW: also train skip-gram word vectors
  int dim = 100;
  int window = 5;               // PV-DM and dbow_words: maximum window, reach uniform in 1..window
  int negative = 5;             // noise words per positive word
  double ns_exponent = 0.75;    // noise distribution ∝ count^ns_exponent
  double sample = 1e-3;         // subsampling threshold (0 = off)
  std::uint64_t min_count = 5;
  std::uint64_t max_vocab = 0;  // 0 = all
  int epochs = 10;
  double alpha = 0.025;         // starting learning rate
  int threads = 0;              // 0 = all cores
  std::uint64_t seed = 1;
  bool quiet = false;

  // Checkpointing, as word2vec's (word2vec_args.h): write `checkpoint` every
  // `checkpoint_every` percent of the run (0 = only when interrupted);
  // `resume` continues from a checkpoint file, with its hyperparameters and
  // thread count; `resume_epochs` > 0 makes the resumed run that many epochs
  // in all (the lr schedule is then that of the longer run).
  std::string checkpoint;
  double checkpoint_every = 0;
  std::string resume;
  int resume_epochs = 0;

  std::string progress_json;  // append one JSON object per progress interval (about 1 s)

  void validate() const;  // ParameterError naming the field
};

struct Doc2VecStats {
  std::uint64_t documents = 0;
  std::uint64_t train_words = 0;      // in-vocabulary words per epoch
  std::uint64_t empty_documents = 0;  // documents with no in-vocabulary word
  double seconds = 0;
  double final_loss = 0;              // mean loss per predicted word over the last interval
  bool resumed = false;               // continued from a checkpoint
};

// One PV-DBOW step (the formulas above) for document vector `doc` and the
// output rows `outputs[0]` (the document's word, label 1) and `outputs[1..]`
// (noise words, label 0): writes D's update −α ∂L/∂D into `grad` (not
// applied) and, if `learn_outputs`, updates the output rows (inference keeps
// them frozen). Returns L. For the trainer and its gradient check.
float doc2vec_step(const float* doc, float* const* outputs, int count, float* grad, int dim, float lr,
                   const w2v::SigmoidTable& table, bool learn_outputs = true);

// Everything a doc2vec run needs to continue, and its checkpoint file.
// Threads stop only between documents; with the threads' cursors, RNG states,
// unpublished word counts and rates saved, a resumed run with one thread is
// byte-identical to an uninterrupted one.
//
// File layout (little-endian, field_io.h, written through AtomicFile):
//   "EMBKIT-DOC2VEC-CHECKPOINT 1\n", hyperparameters, vocabulary (word,
//   count), counters, thread states, word, output and document matrices, "END\n".
struct Doc2VecState {
  Doc2VecArgs args;  // hyperparameters and checkpoint_every (paths are not saved)
  int threads = 1;
  Vocabulary vocabulary;
  Matrix words, outputs, docs;  // v, u (vocabulary × dim), D (documents × dim)
  std::int32_t epoch = 0;
  std::uint64_t processed_words = 0;  // drives the linear lr decay
  std::uint64_t documents = 0;        // a consistency check on resume
  std::uint64_t train_words = 0;      // in-vocabulary words of the documents (a consistency check)
  double next_checkpoint = 0;         // fraction at which the next checkpoint is due
  // begin, end and cursor index documents.
  std::vector<Word2VecThreadState> thread_states;
};

void save_doc2vec_checkpoint(const Doc2VecState& state, const std::string& path);
// InputError naming the file for a missing, truncated, foreign or corrupt file
// (NaN or Inf weights included).
Doc2VecState load_doc2vec_checkpoint(const std::string& path);
// Only the checkpoint's hyperparameters (its header), for checks before a resume.
Doc2VecArgs doc2vec_checkpoint_args(const std::string& path);

class Doc2Vec {
 public:
  explicit Doc2Vec(Doc2VecArgs args);
  ~Doc2Vec();
  Doc2Vec(Doc2Vec&&) noexcept;

  // Builds the vocabulary from the documents, trains, and returns one vector
  // per document in input order, labelled by `labels` (one per document).
  // InputError when no word reaches min_count (naming `source`, the
  // documents' file) or training diverges. With args.resume, continues the
  // checkpoint's run instead: `texts` must be the documents it was made with.
  // Interrupted (SIGINT/SIGTERM) after writing args.checkpoint, if set. Call once.
  Embeddings train(const std::vector<std::string>& texts, std::vector<std::string> labels,
                   const std::string& source = "documents");
  // The word vectors (a copy), rows in descending frequency; valid after
  // train(). Trained only in PV-DM or with dbow_words.
  Embeddings word_vectors() const;

  // The trained model — hyperparameters, vocabulary with counts, word and
  // output vectors — for infer() in a later run. Binary (little-endian
  // "EMBKIT-DOC2VEC-MODEL 1\n", the fields, the two matrices, "END\n"),
  // written atomically. Valid after train() or load_model().
  void save_model(const std::string& path) const;
  // InputError naming the file for a missing, truncated or foreign file.
  static Doc2Vec load_model(const std::string& path);

  // Vectors for new documents with the word and output vectors frozen
  // (gensim's infer_vector): each document's vector starts uniform in
  // [−0.5/dim, 0.5/dim) and takes the model's epochs of PV-DBOW or PV-DM steps,
  // the rate falling linearly from alpha to alpha·1e-4 across the epochs.
  // Random numbers come from (seed, document index) alone, so the result does
  // not depend on the thread count. Words outside the vocabulary are skipped.
  Embeddings infer(const std::vector<std::string>& texts, std::vector<std::string> labels, std::uint64_t seed,
                   int threads) const;

  const Vocabulary& vocabulary() const;
  const Doc2VecStats& stats() const { return stats_; }
  const Doc2VecArgs& args() const { return args_; }

 private:
  struct Impl;
  Doc2VecArgs args_;
  Doc2VecStats stats_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace embkit
