// SklearnTokenizer: a fast scanner for scikit-learn's default analyzer,
//     re.findall(r"(?u)\b\w\w+\b", doc.lower())
// i.e. every maximal run of at least two word characters (Python's \w) of the
// lowercased document. Equal, token for token, to core's tokenize_sklearn on
// ASCII, and to Python on any UTF-8 (see unicode_tables.h), but without one
// allocation per token: tokens are handed to a callback as string_views into
// the document (or into a scratch buffer when lowercasing changed the bytes),
// valid only during the call.
//
// Pure ASCII runs take a fast path over bitmaps of the text (word bytes,
// non-ASCII bytes, capitals; built 32 bytes at a time with AVX2 when the
// build targets it); a run that touches a non-ASCII byte is rescanned code
// point by code point. Invalid UTF-8 bytes are
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

  // Fills the bitmaps below for `text` (bit i of word i / 64 = byte i; bits
  // past the end are 0): a word-at-a-time scan finds a run's ends with one
  // count-trailing-zeros instead of a branch per byte. SIMD when available.
  void classify(std::string_view text);
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
  // Whether [begin, end) holds an ASCII capital.
  bool any_upper(std::size_t begin, std::size_t end) const {
    for (std::size_t w = begin >> 6; w <= (end - 1) >> 6; ++w) {
      std::uint64_t bits = upper_[w];
      if (w == begin >> 6) bits &= ~std::uint64_t{0} << (begin & 63);
      if (w == (end - 1) >> 6 && (end & 63) != 0) bits &= ~(~std::uint64_t{0} << (end & 63));
      if (bits != 0) return true;
    }
    return false;
  }

  static bool ascii_word(unsigned char c) { return kAsciiWord[c] != 0; }
  static const unsigned char kAsciiWord[256];  // 1 for [0-9A-Za-z_], 0 otherwise (incl. ≥ 0x80)

  bool lowercase_;
  std::string lowered_;                   // scratch for an ASCII token with capitals
  std::vector<std::string> slow_tokens_;  // tokens found by scan_unicode_run
  std::vector<std::uint64_t> word_;       // [0-9A-Za-z_]
  std::vector<std::uint64_t> high_;       // ≥ 0x80 (part of a non-ASCII code point or invalid)
  std::vector<std::uint64_t> upper_;      // [A-Z]
};

template <typename Emit>
void SklearnTokenizer::scan(std::string_view text, Emit&& emit) {
  const std::size_t n = text.size();
  classify(text);
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
      i = scan_unicode_run(text, start);
      for (const std::string& token : slow_tokens_) emit(std::string_view(token));
      continue;
    }
    i = end;
    const std::size_t length = end - start;
    if (length < 2) continue;
    if (lowercase_ && any_upper(start, end)) {
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
