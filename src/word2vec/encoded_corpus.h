// EncodedCorpus: the training corpus as one array of vocabulary ids.
//
// Read once with the shared TokenStream (so stdin works too), words outside the
// vocabulary dropped (as word2vec.c and fastText do, so windows span them), and
// each line end stored as the sentinel kSentenceEnd. 4 bytes per kept token
// (17M words → 68 MB), which is both smaller and faster than re-tokenizing byte
// ranges every epoch: no hashing in the training loop. Threads split the array
// into equal contiguous ranges.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/vocabulary.h"

namespace embkit {

struct EncodedCorpus {
  static constexpr std::uint32_t kSentenceEnd = 0xffffffffu;

  std::vector<std::uint32_t> ids;  // word ids and kSentenceEnd markers
  std::uint64_t words = 0;         // number of word ids (markers excluded)
  std::uint64_t split_tokens = 0;  // tokens longer than the stream's limit, split

  // One pass: count words (ids in first-seen order), build the vocabulary with
  // `options`, then renumber the stream in place. Throws InputError for an
  // empty corpus or a corpus whose words all fall under --min-count.
  static EncodedCorpus read(const std::string& path, const VocabularyOptions& options,
                            Vocabulary& vocabulary);
  // The same, with a vocabulary that starts from `base` (every word kept,
  // counted in this corpus, possibly 0 times); corpus words not in `base` are
  // added under `options` only if `add_new`. Throws InputError naming `path`
  // when no vocabulary word occurs in the corpus.
  static EncodedCorpus read(const std::string& path, const VocabularyOptions& options, Vocabulary& vocabulary,
                            const std::vector<std::string>& base, bool add_new);
  // The same from sentences in memory (lists of words, as the lines of a
  // file); "<sentences>" names them in messages.
  static EncodedCorpus from_sentences(const std::vector<std::vector<std::string>>& sentences,
                                      const VocabularyOptions& options, Vocabulary& vocabulary);
  // Encode with a fixed vocabulary (resuming from a checkpoint).
  static EncodedCorpus read_with(const std::string& path, const Vocabulary& vocabulary);
};

// The vocabulary of a corpus's word counts (every distinct word, or at least
// those that reach options.min_count and those of `base`): under `options`,
// or, given a `base` (--init), its words whatever their count and, if
// `add_new`, the corpus words beyond it that pass `options`. `tokens` and
// `distinct` are the corpus's totals. Throws InputError naming `path` when
// the corpus has no words, none reach min_count, or none of `base` occurs.
Vocabulary corpus_vocabulary_from_counts(std::unordered_map<std::string, std::uint64_t> counts,
                                         const VocabularyOptions& options, const std::string& path,
                                         std::uint64_t tokens, std::uint64_t distinct,
                                         const std::vector<std::string>* base, bool add_new);

}  // namespace embkit
