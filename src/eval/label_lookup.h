// LabelLookup: the evaluator's view of a vocabulary — the first `restrict`
// rows, optionally case-insensitive.
//
// Case-insensitive lookup follows gensim 4.2 (KeyedVectors.evaluate_word_pairs
// and evaluate_word_analogies, case_insensitive=True): every label is folded
// and, when several labels fold to the same key ("Paris", "paris"), the FIRST
// row wins — the most frequent one, since trainers write rows in descending
// frequency. Folding is ASCII case folding; bytes ≥ 0x80 are compared as they
// are (gensim uses Python's str.upper(), which also folds non-ASCII letters).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/embeddings.h"

namespace embkit {

class LabelLookup {
 public:
  // `restrict` = 0 means every row.
  LabelLookup(const Embeddings& embeddings, std::int64_t restrict, bool case_insensitive);

  // Row of `word` among the first size() rows, or -1.
  std::int64_t find(std::string_view word) const;
  // The key a label or word is compared by (folded when case-insensitive).
  std::string key(std::string_view word) const;
  // Number of rows searched: min(restrict, rows).
  std::int64_t size() const { return size_; }
  bool case_insensitive() const { return case_insensitive_; }

 private:
  std::unordered_map<std::string, std::int64_t> rows_;
  std::int64_t size_ = 0;
  bool case_insensitive_ = true;
};

}  // namespace embkit
