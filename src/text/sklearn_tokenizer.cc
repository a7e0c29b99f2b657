#include "text/sklearn_tokenizer.h"

#include "core/simd.h"
#if EMBKIT_SIMD_X86
#include <immintrin.h>
#endif

#include "core/tokenizer.h"
#include "text/unicode_tables.h"

namespace embkit {

namespace {

constexpr char32_t kCapitalSigma = 0x3A3;
constexpr char32_t kSmallSigma = 0x3C3;
constexpr char32_t kFinalSigma = 0x3C2;
constexpr char32_t kReplacement = 0xFFFD;

// The code point ending just before byte `end`, and where it starts; -1 for
// an invalid sequence (then `begin` = end - 1).
std::int32_t decode_before(std::string_view text, std::size_t end, std::size_t& begin) {
  std::size_t p = end - 1;
  while (p > 0 && end - p < 4 && (static_cast<unsigned char>(text[p]) & 0xC0) == 0x80) --p;
  std::size_t q = p;
  const std::int32_t cp = decode_utf8(text, q);
  if (cp < 0 || q != end) {
    begin = end - 1;
    return -1;
  }
  begin = p;
  return cp;
}

// CPython's handle_capital_sigma (Unicode's Final_Sigma condition, Table 3-17):
// Σ lowercases to ς when preceded by a cased letter and not followed by one,
// case-ignorable characters (apostrophes, marks, ...) skipped on both sides.
// [begin, end) is the Σ in `text`.
bool is_final_sigma(std::string_view text, std::size_t begin, std::size_t end) {
  bool cased_before = false;
  for (std::size_t j = begin; j > 0;) {
    std::size_t previous;
    const std::int32_t cp = decode_before(text, j, previous);
    if (cp >= 0 && unicode::is_case_ignorable(static_cast<char32_t>(cp))) {
      j = previous;
      continue;
    }
    cased_before = cp >= 0 && unicode::is_cased(static_cast<char32_t>(cp));
    break;
  }
  if (!cased_before) return false;
  for (std::size_t j = end; j < text.size();) {
    const std::int32_t cp = decode_utf8(text, j);
    if (cp >= 0 && unicode::is_case_ignorable(static_cast<char32_t>(cp))) continue;
    return !(cp >= 0 && unicode::is_cased(static_cast<char32_t>(cp)));
  }
  return true;
}

// str.lower() of the code point at [begin, end) of `text` (context for Σ).
int lower_at(std::string_view text, std::size_t begin, std::size_t end, char32_t cp,
             char32_t out[2]) {
  if (cp < 0x80) {
    out[0] = (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    return 1;
  }
  if (cp == kCapitalSigma) {
    out[0] = is_final_sigma(text, begin, end) ? kFinalSigma : kSmallSigma;
    return 1;
  }
  return unicode::to_lower(cp, out);
}

}  // namespace

const unsigned char SklearnTokenizer::kAsciiWord[256] = {
    // 0x00–0x2F: controls, space, punctuation
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  // 0-9
    0, 0, 0, 0, 0, 0, 0,           // : ; < = > ? @
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  // A-Z
    0, 0, 0, 0, 1, 0,              // [ \ ] ^ _ `
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  // a-z
    0, 0, 0, 0, 0,                 // { | } ~ DEL
    // 0x80–0xFF: never a word character by themselves (UTF-8 bytes)
};

namespace {

#if EMBKIT_SIMD_X86
// 0xFF in byte k where byte k of v is in [lo, lo + span) (unsigned):
// x - lo ≤ span - 1 ⇔ min(x - lo, span - 1) == x - lo.
EMBKIT_TARGET_AVX2 inline __m256i in_range(__m256i v, char lo, char span) {
  const __m256i d = _mm256_sub_epi8(v, _mm256_set1_epi8(lo));
  return _mm256_cmpeq_epi8(_mm256_min_epu8(d, _mm256_set1_epi8(static_cast<char>(span - 1))), d);
}

EMBKIT_TARGET_AVX2 inline std::uint64_t bits_of(__m256i mask) {
  return static_cast<std::uint32_t>(_mm256_movemask_epi8(mask));
}

// The whole 64-byte blocks of bytes[0, n): word and high bits, 32 bytes per
// step, and the ASCII-lowercased copy. Returns how many bytes it classified.
EMBKIT_TARGET_AVX2 std::size_t classify_blocks_avx2(const unsigned char* bytes, std::size_t n, bool lower,
                                                    std::uint64_t* words, std::uint64_t* highs, char* folded) {
  std::size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    std::uint64_t word = 0, high = 0;
    for (int half = 0; half < 2; ++half) {
      const std::size_t at = i + 32 * half;
      const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(bytes + at));
      const __m256i upper = in_range(v, 'A', 26);
      const __m256i w = _mm256_or_si256(
          _mm256_or_si256(upper, in_range(v, 'a', 26)),
          _mm256_or_si256(in_range(v, '0', 10), _mm256_cmpeq_epi8(v, _mm256_set1_epi8('_'))));
      if (lower)  // 'A' + 0x20 = 'a'
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(folded + at),
                            _mm256_or_si256(v, _mm256_and_si256(upper, _mm256_set1_epi8(0x20))));
      word |= bits_of(w) << (32 * half);
      high |= bits_of(v) << (32 * half);
    }
    words[i / 64] = word;
    highs[i / 64] = high;
  }
  return i;
}
#endif

}  // namespace

std::string_view SklearnTokenizer::prepare(std::string_view text) {
  text_ = text;
  classify(text, lowercase_);
  ascii_base_ = lowercase_ ? folded_.data() : text.data();
  return {ascii_base_, text.size()};
}

void SklearnTokenizer::classify(std::string_view text, bool lower) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size(), words = (n + 63) / 64;
  word_.assign(words, 0);
  high_.assign(words, 0);
  if (lower) folded_.resize(n);
  char* folded = folded_.data();
  std::size_t i = 0;
#if EMBKIT_SIMD_X86
  if (simd_level() >= SimdLevel::Avx2) i = classify_blocks_avx2(bytes, n, lower, word_.data(), high_.data(), folded);
#endif
  for (; i < n; ++i) {  // the tail (everything on CPUs without AVX2)
    const unsigned char c = bytes[i];
    const std::uint64_t b = std::uint64_t{1} << (i & 63);
    if (ascii_word(c)) word_[i / 64] |= b;
    if (c >= 0x80) high_[i / 64] |= b;
    if (lower) folded[i] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
}

std::size_t SklearnTokenizer::scan_unicode_run(std::string_view text, std::size_t start) {
  std::string token;
  std::size_t code_points = 0;
  std::size_t pos = start;
  while (pos < text.size()) {
    const std::size_t begin = pos;
    const std::int32_t cp = decode_utf8(text, pos);
    char32_t lowered[2];
    int count = 1;
    if (cp < 0)
      lowered[0] = kReplacement;
    else if (lowercase_)
      count = lower_at(text, begin, pos, static_cast<char32_t>(cp), lowered);
    else
      lowered[0] = static_cast<char32_t>(cp);
    for (int k = 0; k < count; ++k) {
      const char32_t c = lowered[k];
      const bool word = c < 0x80 ? ascii_word(static_cast<unsigned char>(c)) : unicode::is_word(c);
      if (word) {
        append_utf8(static_cast<std::int32_t>(c), token);
        ++code_points;
      } else {
        if (code_points >= 2) slow_tokens_.push_back(token);
        token.clear();
        code_points = 0;
      }
    }
    if (code_points == 0) return pos;  // outside any run: back to the fast path
  }
  if (code_points >= 2) slow_tokens_.push_back(token);
  return pos;
}

std::string SklearnTokenizer::python_lower(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t begin = pos;
    const std::int32_t cp = decode_utf8(text, pos);
    if (cp < 0) {
      out.append(text.substr(begin, pos - begin));
      continue;
    }
    char32_t lowered[2];
    const int count = lower_at(text, begin, pos, static_cast<char32_t>(cp), lowered);
    for (int k = 0; k < count; ++k) append_utf8(static_cast<std::int32_t>(lowered[k]), out);
  }
  return out;
}

void tokenize_sklearn(std::string_view text, std::vector<std::string>& out) {
  SklearnTokenizer tokenizer;
  tokenizer.scan(text, [&out](std::string_view token) { out.emplace_back(token); });
}

}  // namespace embkit
