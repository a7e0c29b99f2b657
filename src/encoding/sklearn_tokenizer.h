// SklearnTokenizer: a fast scanner for scikit-learn's default analyzer,
//     re.findall(r"(?u)\b\w\w+\b", doc.lower())
// i.e. every maximal run of at least two word characters (Python's \w) of the
// lowercased document. Equal, token for token, to core's tokenize_sklearn on
// ASCII, and to Python on any UTF-8 (see unicode_tables.h), but without one
// allocation per token: tokens are handed to a callback as string_views into
// the document (or into a scratch buffer when lowercasing changed the bytes),
// valid only during the call.
//
// Pure ASCII runs take a byte-table fast path; a run that touches a non-ASCII
// byte is rescanned code point by code point. Invalid UTF-8 bytes are
// separators (as U+FFFD, which is not \w, would be after decode("replace")).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace embkit {

class SklearnTokenizer {
 public:
  explicit SklearnTokenizer(bool lowercase = true) : lowercase_(lowercase) {}

  // Calls emit(std::string_view token) for each token of `text`, in order.
  template <typename Emit>
  void scan(std::string_view text, Emit&& emit);

  // Python's str.lower() of a whole UTF-8 string (Final_Sigma included);
  // invalid bytes are copied unchanged.
  static std::string python_lower(std::string_view text);

 private:
  // Scans the run of word characters (after lowering) that contains a
  // non-ASCII byte, starting at `start`; appends its tokens (≥ 2 code points)
  // to slow_tokens_ and returns the position after the run.
  std::size_t scan_unicode_run(std::string_view text, std::size_t start);

  static bool ascii_word(unsigned char c) { return kAsciiWord[c] != 0; }
  static const unsigned char kAsciiWord[256];  // 1 for [0-9A-Za-z_], 0 otherwise (incl. ≥ 0x80)

  bool lowercase_;
  std::string lowered_;                   // scratch for an ASCII token with capitals
  std::vector<std::string> slow_tokens_;  // tokens found by scan_unicode_run
};

template <typename Emit>
void SklearnTokenizer::scan(std::string_view text, Emit&& emit) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = bytes[i];
    if (c < 0x80 && !ascii_word(c)) {  // the common separator: space, punctuation
      ++i;
      continue;
    }
    const std::size_t start = i;
    bool upper = false;
    while (i < n && ascii_word(bytes[i])) {
      upper |= (bytes[i] >= 'A' && bytes[i] <= 'Z');
      ++i;
    }
    if (i < n && bytes[i] >= 0x80) {
      // The run touches non-ASCII text: it may continue with Unicode letters,
      // or the byte may start a separator. Rescan it code point by code point.
      slow_tokens_.clear();
      i = scan_unicode_run(text, start);
      for (const std::string& token : slow_tokens_) emit(std::string_view(token));
      continue;
    }
    const std::size_t length = i - start;
    if (length < 2) continue;
    if (upper && lowercase_) {
      lowered_.assign(text.data() + start, length);
      for (char& ch : lowered_)
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch + 32);
      emit(std::string_view(lowered_));
    } else {
      emit(std::string_view(text.data() + start, length));
    }
  }
}

}  // namespace embkit
