// Analyzer: CountVectorizer's tokenization under its options (TokenPattern
// sklearn / unicode / whitespace, lowercasing), as a callback per token
// without an allocation per token. One per thread: it holds the scanners'
// scratch buffers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/tokenizer.h"
#include "text/count_vectorizer.h"
#include "text/sklearn_tokenizer.h"

namespace embkit {

// Calls emit(std::string_view) for each token of `doc` under the options.
// One per thread: holds the scanners' scratch buffers.
class Analyzer {
 public:
  explicit Analyzer(const CountVectorizerOptions& options)
      : options_(options), sklearn_(options.lowercase), unicode_(unicode_options(options)) {}

  template <typename Emit>
  void operator()(std::string_view doc, Emit&& emit) {
    begin(doc);
    run(emit);
  }

  // The same in two steps: begin() returns where tokens that are views (not
  // scratch copies) will point until the next begin() — `doc` or the sklearn
  // scanner's lowered copy of it — and run() emits the tokens.
  std::string_view begin(std::string_view doc) {
    doc_ = doc;
    if (options_.tokens == TokenPattern::Sklearn) return sklearn_.prepare(doc);
    return doc;
  }

  template <typename Emit>
  void run(Emit&& emit) {
    switch (options_.tokens) {
      case TokenPattern::Sklearn:
        sklearn_.scan_prepared(emit);
        return;
      case TokenPattern::Unicode:
        tokens_.clear();
        unicode_.tokenize(doc_, tokens_);
        break;
      case TokenPattern::Whitespace:
        tokens_.clear();
        if (options_.lowercase)
          tokenize_whitespace(SklearnTokenizer::python_lower(doc_), tokens_);
        else
          tokenize_whitespace(doc_, tokens_);
        break;
    }
    for (const std::string& token : tokens_) emit(std::string_view(token));
  }

 private:
  static UnicodeTokenizerOptions unicode_options(const CountVectorizerOptions& options) {
    UnicodeTokenizerOptions u;
    u.keep_punct = false;
    u.utf8 = Utf8Policy::Replace;
    u.lowercase = options.lowercase;
    return u;
  }

  const CountVectorizerOptions& options_;
  SklearnTokenizer sklearn_;
  UnicodeTokenizer unicode_;
  std::vector<std::string> tokens_;
  std::string_view doc_;
};

}  // namespace embkit
