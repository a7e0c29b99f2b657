// SklearnTokenizer: a fast scanner for scikit-learn's default analyzer,
//     re.findall(r"(?u)\b\w\w+\b", doc.lower())
// i.e. every maximal run of at least two word characters (Python's \w) of the
// lowercased document: embkit's one scikit-learn tokenizer (CountVectorizer,
// TF-IDF, the word averages of classify and compare). Equal, token for token,
// to Python on any UTF-8 (see unicode_tables.h), without one allocation per
// token: tokens are handed to a callback as string_views into
// the document, into a copy of it with ASCII capitals lowered (when
// lowercasing), or into a scratch string (non-ASCII tokens), valid only during
// the call — and the first two until the next prepare()/scan().
//
// Pure ASCII runs take a fast path over bitmaps of the text (word bytes,
// non-ASCII bytes; built 32 bytes at a time with AVX2 when the build targets
// it, together with the lowered copy); a run that touches a non-ASCII byte is
// rescanned code point by code point. Invalid UTF-8 bytes are separators (as
// U+FFFD, which is not \w, would be after decode("replace")).
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
  void scan(std::string_view text, Emit&& emit) {
    prepare(text);
    scan_prepared(emit);
  }

  // scan() in two steps: prepare() classifies `text` (which must outlive the
  // scan) and returns where the ASCII tokens will point — `text` or its
  // lowered copy, valid until the next prepare() — so a caller can keep those
  // views without copying them.
  std::string_view prepare(std::string_view text);
  template <typename Emit>
  void scan_prepared(Emit&& emit);

  // Python's str.lower() of a whole UTF-8 string (Final_Sigma included);
  // invalid bytes are copied unchanged.
  static std::string python_lower(std::string_view text);

 private:
  // Scans the run of word characters (after lowering) that contains a
  // non-ASCII byte, starting at `start`; appends its tokens (≥ 2 code points)
  // to slow_tokens_ and returns the position after the run.
  std::size_t scan_unicode_run(std::string_view text, std::size_t start);

  // Fills the bitmaps below for `text` (bit i of word i / 64 = byte i; bits
  // past the end are 0) — a word-at-a-time scan finds a run's ends with one
  // count-trailing-zeros instead of a branch per byte — and, if `lower`,
  // folded_ = text with A-Z lowered (the other bytes unchanged), which is
  // the lowercased text wherever a token is pure ASCII. SIMD when available.
  void classify(std::string_view text, bool lower);
  static bool bit(const std::vector<std::uint64_t>& bits, std::size_t i) {
    return (bits[i >> 6] >> (i & 63)) & 1;
  }
  // First position ≥ i that is an ASCII word byte or a byte ≥ 0x80, or ≥ n.
  std::size_t next_candidate(std::size_t i, std::size_t n) const {
    std::size_t w = i >> 6;
    const std::size_t words = word_.size();
    if (w >= words) return n;
    std::uint64_t bits = (word_[w] | high_[w]) & (~std::uint64_t{0} << (i & 63));
    while (bits == 0) {
      if (++w >= words) return n;
      bits = word_[w] | high_[w];
    }
    return (w << 6) + static_cast<std::size_t>(__builtin_ctzll(bits));
  }
  // First position ≥ i that is not an ASCII word byte, or n.
  std::size_t next_non_word(std::size_t i, std::size_t n) const {
    std::size_t w = i >> 6;
    const std::size_t words = word_.size();
    if (w >= words) return n;
    std::uint64_t bits = ~word_[w] & (~std::uint64_t{0} << (i & 63));
    while (bits == 0) {
      if (++w >= words) return n;
      bits = ~word_[w];
    }
    const std::size_t p = (w << 6) + static_cast<std::size_t>(__builtin_ctzll(bits));
    return p < n ? p : n;
  }
  static bool ascii_word(unsigned char c) { return kAsciiWord[c] != 0; }
  static const unsigned char kAsciiWord[256];  // 1 for [0-9A-Za-z_], 0 otherwise (incl. ≥ 0x80)

  bool lowercase_;
  std::string_view text_;                 // the text being scanned
  const char* ascii_base_ = nullptr;      // text_ or folded_: where ASCII tokens live
  std::vector<char> folded_;              // text_ with A-Z lowered
  std::vector<std::string> slow_tokens_;  // tokens found by scan_unicode_run
  std::vector<std::uint64_t> word_;       // [0-9A-Za-z_]
  std::vector<std::uint64_t> high_;       // ≥ 0x80 (part of a non-ASCII code point or invalid)
};

template <typename Emit>
void SklearnTokenizer::scan_prepared(Emit&& emit) {
  const std::size_t n = text_.size();
  std::size_t i = 0;
  for (;;) {
    // Skip ASCII separators: the next byte that is an ASCII word character
    // or starts a non-ASCII code point.
    const std::size_t start = next_candidate(i, n);
    if (start >= n) return;
    const std::size_t end = next_non_word(start, n);
    if (end < n && bit(high_, end)) {
      // The run touches non-ASCII text: it may continue with Unicode letters,
      // or the byte may start a separator. Rescan it code point by code point.
      slow_tokens_.clear();
      i = scan_unicode_run(text_, start);
      for (const std::string& token : slow_tokens_) emit(std::string_view(token));
      continue;
    }
    i = end;
    if (end - start >= 2) emit(std::string_view(ascii_base_ + start, end - start));
  }
}

// The tokens of `text` as strings, appended to `out` (lowercased): the
// scanner for callers that keep the tokens anyway.
void tokenize_sklearn(std::string_view text, std::vector<std::string>& out);

}  // namespace embkit
