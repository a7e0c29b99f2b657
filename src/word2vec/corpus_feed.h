// CorpusFeed: the corpus as word2vec's epochs read it — vocabulary ids with
// a kSentenceEnd after each line — and FeedReader, one thread's reader over
// its range of it.
//
// A regular file is streamed, so memory holds the vocabulary and the model,
// not the corpus: one pass counts the words (each thread its own byte range,
// split at word boundaries by TokenStream's range reads, the counts summed),
// and every epoch each thread re-reads its byte range, encoding kChunkIds ids
// at a time with a hash table of the vocabulary (one lookup per token per
// epoch; 4 bytes per token held for the whole run was what it replaces).
// Positions — thread ranges and the cursors a checkpoint saves — are byte
// offsets into the file.
//
// Standard input, a FIFO and sentences in memory (the Python module) cannot
// be read twice; they are encoded once into memory (EncodedCorpus) and
// positions are indices into that array, as before streaming. (Spooling a
// pipe to a temporary file would keep memory flat but needs disk the size
// of the corpus in a place the user did not name; a user with a corpus too
// large for memory has it in a file anyway.)
//
// Both give the same ids in the same order with the same sentence ends
// (words outside the vocabulary dropped, no empty sentences), so a
// one-thread run trains on the same stream either way.
//
// Under mpirun (core/distributed.h) each rank reads only its own byte range
// of the file, rank_begin()..rank_end(): it counts that range, the ranks'
// counts are summed (every rank gets every rank's table and merges them in
// rank order), so every rank builds the same vocabulary — checked by
// comparing a fingerprint of it across ranks. Standard input cannot be split
// and is refused with more than one rank.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/corpus.h"
#include "core/term_table.h"
#include "core/vocabulary.h"
#include "word2vec/encoded_corpus.h"

namespace embkit {

class CorpusFeed {
 public:
  static constexpr std::uint32_t kSentenceEnd = EncodedCorpus::kSentenceEnd;
  // What positions count: ids of the in-memory array, or bytes of the file.
  enum class Positions : std::uint8_t { Ids = 0, Bytes = 1 };

  CorpusFeed() = default;
  CorpusFeed(CorpusFeed&&) = default;
  CorpusFeed& operator=(CorpusFeed&&) = default;

  // A fresh run: counts `path` (with `threads` threads when it is a regular
  // file) and builds `vocabulary` as corpus_vocabulary_from_counts does
  // (`base` and `add_new` as there; base == nullptr: no --init).
  static CorpusFeed open(const std::string& path, const VocabularyOptions& options, Vocabulary& vocabulary,
                         const std::vector<std::string>* base, bool add_new, int threads);
  // Sentences in memory ("<sentences>" in messages).
  static CorpusFeed from_sentences(const std::vector<std::vector<std::string>>& sentences,
                                   const VocabularyOptions& options, Vocabulary& vocabulary);
  // A resumed run: `path` with a fixed vocabulary, positions counted as the
  // checkpoint counted them (a file given as Ids is encoded into memory).
  static CorpusFeed open_with(const std::string& path, const Vocabulary& vocabulary, Positions positions,
                              int threads);

  Positions positions() const { return positions_; }
  // The range that thread ranges split: the file's bytes or the array's ids.
  std::uint64_t length() const { return length_; }
  // This rank's part of [0, length()) (all of it with one rank).
  std::uint64_t rank_begin() const { return rank_begin_; }
  std::uint64_t rank_end() const { return rank_end_; }
  std::uint64_t words() const { return words_; }  // vocabulary words in the corpus
  std::uint64_t split_tokens() const { return split_tokens_; }
  // Frees the encoded array or the lookup table (readers must be gone).
  void release();

 private:
  friend class FeedReader;
  static CorpusFeed in_memory(EncodedCorpus corpus);
  void index_vocabulary(const Vocabulary& vocabulary);

  std::string path_;
  Positions positions_ = Positions::Ids;
  std::uint64_t length_ = 0, words_ = 0, split_tokens_ = 0;
  std::uint64_t rank_begin_ = 0, rank_end_ = 0;
  std::vector<std::uint32_t> ids_;                            // Positions::Ids
  std::unique_ptr<TermTable<std::uint8_t>> index_;            // Positions::Bytes: word → vocabulary id
};

// One thread's ids from the range [begin, end) of `feed`, starting at
// `cursor` (begin, or a position() an earlier reader of that range returned).
class FeedReader {
 public:
  static constexpr std::size_t kChunkIds = 1 << 16;

  FeedReader(const CorpusFeed& feed, std::uint64_t begin, std::uint64_t end, std::uint64_t cursor);
  // Whether an id remains (encodes the next chunk when needed).
  bool more() { return pos_ < size_ || refill(); }
  std::uint32_t next() { return data_[pos_++]; }
  // Where a reader of the same range continues after the ids taken so far.
  std::uint64_t position() const;

 private:
  bool refill();

  const CorpusFeed& feed_;
  const std::uint32_t* data_ = nullptr;
  std::size_t pos_ = 0, size_ = 0;
  std::uint64_t cursor_;  // Ids: the array index of data_[0]; Bytes: the offset before the chunk
  // Positions::Bytes only:
  std::unique_ptr<TokenStream> stream_;
  std::vector<std::uint32_t> chunk_;
  std::vector<std::uint64_t> ends_;  // the offset after each chunk_ id's token or line end
  bool after_end_ = true;            // nothing, or a sentence end, emitted last
  bool exhausted_ = false;
};

}  // namespace embkit
