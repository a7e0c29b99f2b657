// Word2VecState: everything a word2vec run needs to continue, and its
// checkpoint file.
//
// Training advances through (epoch, per-thread cursor) with per-thread RNG
// streams; saving those, the learning-rate schedule position (words processed),
// the vocabulary and both matrices lets --resume continue exactly where the run
// stopped. With one thread the resumed run is byte-identical to an
// uninterrupted one, because threads only stop at sentence boundaries and every
// piece of state that influences later updates is in here.
//
// File layout (little-endian, written through AtomicFile):
//   "EMBKIT-W2V-CHECKPOINT 2\n", hyperparameters, vocabulary (word, count),
//   counters (with what positions count and the number of ranks), thread
//   states, input matrix, output matrix, "END\n". Version 1 files, without
//   those two fields (ids of the in-memory corpus, one rank), are read too.
// With subwords: "EMBKIT-W2V-CHECKPOINT 3\n", and minn, maxn, buckets after the
// hyperparameters; the input matrix has words + buckets rows.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/embeddings.h"
#include "core/vocabulary.h"
#include "word2vec/corpus_feed.h"
#include "word2vec/word2vec_args.h"

namespace embkit {

struct Word2VecThreadState {
  std::uint64_t begin = 0, end = 0, cursor = 0;  // range of the corpus feed, and where to continue
  std::uint64_t rng[4] = {0, 0, 0, 0};
  std::uint64_t pending_words = 0;  // read but not yet added to the shared counter
  double lr = 0;
  bool done = false;  // finished its range in the current epoch
};

// Its fields in file order, for a FieldWriter or FieldReader (field_io.h);
// the doc2vec checkpoint stores its threads' states the same way.
template <typename IO, typename ThreadState>
void thread_state_fields(IO& io, ThreadState& t) {
  io.template field<std::uint64_t>(t.begin);
  io.template field<std::uint64_t>(t.end);
  io.template field<std::uint64_t>(t.cursor);
  for (auto& r : t.rng) io.template field<std::uint64_t>(r);
  io.template field<std::uint64_t>(t.pending_words);
  io.template field<double>(t.lr);
  io.template field<std::uint8_t>(t.done);
}

struct Word2VecState {
  Word2VecArgs args;  // hyperparameters (paths and output options are not saved)
  int threads = 1;
  Vocabulary vocabulary;
  Matrix input;   // syn0: the word vectors (then the n-gram buckets, with subwords)
  Matrix output;  // syn1neg: the context vectors
  std::int32_t epoch = 0;
  std::uint64_t processed_words = 0;  // drives the linear lr decay
  std::uint64_t corpus_words = 0;     // words of the encoded corpus (a consistency check)
  std::uint64_t stream_length = 0;    // the feed's length(): bytes, or ids incl. sentence markers (a check)
  CorpusFeed::Positions positions = CorpusFeed::Positions::Ids;  // what ranges and cursors count
  std::int32_t ranks = 1;             // processes of a distributed run; thread_states holds ranks × threads
  double next_checkpoint = 0;         // fraction at which the next checkpoint is due
  std::vector<Word2VecThreadState> thread_states;
};

void save_checkpoint(const Word2VecState& state, const std::string& path);
// Throws InputError (naming the file) for a missing, truncated or foreign file.
Word2VecState load_checkpoint(const std::string& path);

}  // namespace embkit
