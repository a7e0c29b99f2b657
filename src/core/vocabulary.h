// Vocabulary: word counts, min-count / max-vocab pruning, ids by frequency.
//
// Ids are assigned in descending count, ties broken by byte order of the word,
// so the same corpus always gives the same ids. Saved and loaded as
// "word<TAB>count" lines. Counting is bounded: when the table holds more than
// `prune_threshold` distinct words, rare words are pruned while counting (as
// word2vec.c's ReduceVocab does) and the cutoff applied is recorded in
// `pruned_below` so the caller can report it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace embkit {

class TokenStream;
struct CorpusStats;

struct VocabularyOptions {
  std::uint64_t min_count = 5;
  std::uint64_t max_vocab = 0;          // keep only the N most frequent (0 = all)
  std::uint64_t prune_threshold = 0;    // distinct words before pruning (0 = auto from memory)
};

class Vocabulary {
 public:
  struct Entry {
    std::string word;
    std::uint64_t count;
  };

  Vocabulary() = default;
  Vocabulary(const Vocabulary& other);
  Vocabulary& operator=(const Vocabulary& other);
  Vocabulary(Vocabulary&&) noexcept = default;  // string buffers move with the vector
  Vocabulary& operator=(Vocabulary&&) noexcept = default;
  explicit Vocabulary(std::vector<Entry> entries);  // sorts, builds the index

  // Count every token of the stream, then apply min_count / max_vocab.
  static Vocabulary build(TokenStream& stream, const VocabularyOptions& options);
  // Build from an explicit count table (used by tests and other front ends).
  static Vocabulary from_counts(std::unordered_map<std::string, std::uint64_t> counts,
                                const VocabularyOptions& options);
  static Vocabulary load(const std::string& path);
  void save(const std::string& path) const;

  std::int64_t size() const { return static_cast<std::int64_t>(entries_.size()); }
  bool empty() const { return entries_.empty(); }
  const Entry& operator[](std::int64_t id) const { return entries_[id]; }
  const std::vector<Entry>& entries() const { return entries_; }
  // Id of `word`, or -1.
  std::int64_t find(std::string_view word) const;
  std::vector<std::string> words() const;

  // Sum of counts of the kept words.
  std::uint64_t total_count() const { return total_count_; }
  // Statistics from build(): tokens read, distinct words seen, and the count
  // cutoff used when pruning during counting (0 = no pruning happened).
  std::uint64_t corpus_tokens = 0;
  std::uint64_t distinct_words = 0;
  std::uint64_t pruned_below = 0;

 private:
  void index();

  std::vector<Entry> entries_;
  std::uint64_t total_count_ = 0;
  std::unordered_map<std::string_view, std::int64_t> ids_;
};

// The vocabulary of the corpus file `path` (read as a TokenStream). Throws
// InputError naming the file when the corpus has no words or no word reaches
// options.min_count; `stats`, if given, receives the corpus counts. Under
// mpirun it is collective: each rank counts a byte range of the file
// (core/corpus_counts.h) and every rank returns one process's vocabulary;
// standard input, and a corpus one process would prune while counting, are
// refused (InputError).
Vocabulary corpus_vocabulary(const std::string& path, const VocabularyOptions& options,
                             CorpusStats* stats = nullptr);
// Those two checks, for a vocabulary of `tokens` corpus tokens counted elsewhere.
void require_words(const Vocabulary& vocabulary, const std::string& path, std::uint64_t tokens,
                   std::uint64_t min_count);

// Signs that `vocabulary` was counted from raw text instead of a tokenized
// corpus (the trainers split on whitespace only, so "The", "the" and "the."
// are three words): fewer than 1,000 words; more than 5 % of the counted
// tokens with punctuation stuck to a word ("cat.", "(the" — a tokenized
// corpus has it split off or dropped; raw Wikipedia has 8-14 %); or most of
// them with capitals or such punctuation. Returns a one-line warning naming
// `path`, embkit tokenize and the min_count parameter, or "" when none holds.
std::string untokenized_corpus_warning(const Vocabulary& vocabulary, const std::string& path,
                                       std::uint64_t min_count);
// Prints that warning, if any, as "<command>: warning: …" on stderr unless `quiet`.
void warn_if_untokenized(const Vocabulary& vocabulary, const std::string& path, std::uint64_t min_count,
                         const std::string& command, bool quiet);

}  // namespace embkit
