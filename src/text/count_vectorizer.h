// CountVectorizer: the document-term count matrix, exactly as scikit-learn's
// sklearn.feature_extraction.text.CountVectorizer (1.2) computes it, only faster.
//
// fit_transform(docs) tokenizes every document, builds the vocabulary and
// returns X (documents × terms, CSR) with X(d, t) = number of times term t occurs
// in document d (1 if `binary`). The columns follow sklearn's vocabulary order:
// terms sorted by Python's str ordering, i.e. Unicode code point order, which
// for UTF-8 strings is plain byte order. Within a row, columns are ascending.
//
// Pruning (sklearn's _limit_features), applied after counting:
//   * min_df / max_df: a term is kept iff  min_doc_count ≤ df ≤ max_doc_count,
//     where a bound ≥ 1 that is integral is a document count and a bound < 1 is
//     a proportion of the documents (bound × n_docs). max_df = 1.0 means 100 %.
//     (sklearn tells the two apart by Python type; here min_df 1.0 is the count 1
//     and max_df 1.0 is 100 % — the two defaults — and a non-integral bound > 1
//     is rejected.) max_doc_count < min_doc_count is an InputError, as in sklearn.
//   * max_features = N > 0: of the surviving terms, the N with the largest total
//     count (the column sum — the document frequency when `binary`, because
//     sklearn applies `binary` before pruning) are kept. Ties are broken exactly
//     as numpy 1.24's argsort (introsort, not stable) breaks them, so the same
//     terms are kept as sklearn keeps.
// Unknown terms in transform() are ignored, as in sklearn. An empty vocabulary
// (before or after pruning) is an InputError with sklearn's message.
//
// Tokenization (TokenPattern::Sklearn): sklearn's default analyzer — Python
// str.lower(), then the regex (?u)\b\w\w+\b, i.e. every maximal run of two or
// more word characters, where a word character is Python's \w (a code point
// that is alphabetic, numeric or '_'; combining marks are not). Both tables
// come from Python's Unicode database (see unicode_tables.h). Unicode and
// Whitespace use core's UnicodeTokenizer (punctuation dropped, invalid UTF-8
// replaced) and tokenize_whitespace.
//
// Speed: documents are tokenized and counted in parallel (OpenMP, one hash table
// per thread, no allocation per token), the per-thread vocabularies are sorted
// and merged, and the CSR arrays are filled directly. Under mpirun
// (core/distributed.h) fit_transform is collective: each rank counts one block
// of the documents, the ranks' sorted vocabularies are gathered and merged
// again, and the rows gathered, so every rank returns exactly what one process
// returns.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/sparse.h"

namespace embkit {

enum class TokenPattern { Sklearn, Unicode, Whitespace };
TokenPattern parse_token_pattern(const std::string& name);  // sklearn | unicode | whitespace
const char* token_pattern_name(TokenPattern pattern);

struct CountVectorizerOptions {
  TokenPattern tokens = TokenPattern::Sklearn;
  bool lowercase = true;
  bool binary = false;          // counts → 1 (before max_features, as sklearn)
  double min_df = 1;            // see the header comment: count if ≥ 1, proportion if < 1
  double max_df = 1.0;          // 1.0 = 100 %; integral > 1 = count; < 1 = proportion
  std::int64_t max_features = 0;  // 0 = no limit
  int threads = 0;              // 0 = all cores
};

// Throws UsageError for a negative or non-integral-above-one df bound, or a
// negative max_features / threads (ParameterError: "min_df must be ...").
void validate(const CountVectorizerOptions& options);

struct DocumentTermCounts {
  SparseMatrix counts;              // n_docs × n_terms, CSR, values ≥ 1 (integers)
  std::vector<std::string> terms;   // column t's term (sorted, UTF-8 byte order)
  std::vector<std::int64_t> df;     // column t's document frequency
};

// Wall-clock seconds of the last fit_transform's stages (for progress reports
// and benchmarks).
struct CountVectorizerTimings {
  double count = 0;  // tokenize + count, in parallel
  double merge = 0;  // sort and merge the per-thread vocabularies
  double select = 0; // min_df / max_df / max_features
  double csr = 0;    // assemble the sorted CSR matrix
};

class CountVectorizer {
 public:
  explicit CountVectorizer(CountVectorizerOptions options = {});

  // Learns the vocabulary and returns the counts of `docs`.
  DocumentTermCounts fit_transform(const std::vector<std::string>& docs);
  // Counts of `docs` over the fitted vocabulary (unknown terms ignored).
  // Throws std::logic_error if called before fit_transform.
  SparseMatrix transform(const std::vector<std::string>& docs) const;

  const std::vector<std::string>& terms() const { return terms_; }
  // Column of `term`, or -1 if it is not in the vocabulary.
  std::int64_t column(std::string_view term) const;
  bool fitted() const { return fitted_; }
  const CountVectorizerTimings& timings() const { return timings_; }
  const CountVectorizerOptions& options() const { return options_; }

  // The tokens of one document under the options (for tests and explanations).
  std::vector<std::string> analyze(std::string_view doc) const;

 private:
  CountVectorizerOptions options_;
  std::vector<std::string> terms_;
  std::vector<std::uint64_t> term_hashes_;   // hash_term(terms_[i])
  std::vector<std::int32_t> slots_;          // open addressing over terms_, -1 = empty
  bool fitted_ = false;
  CountVectorizerTimings timings_;

  void build_index();
  std::int32_t find(std::string_view term, std::uint64_t hash) const;
};

}  // namespace embkit
