#include "core/tokenizer.h"

#include <locale.h>
#include <wctype.h>

#include "core/error.h"

namespace embkit {

// ---------------------------------------------------------------- UTF-8

std::int32_t decode_utf8(std::string_view s, std::size_t& pos) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char c = byte(pos);
  if (c < 0x80) {
    ++pos;
    return c;
  }
  int length;
  std::int32_t cp;
  std::int32_t min;
  if ((c & 0xE0) == 0xC0) { length = 2; cp = c & 0x1F; min = 0x80; }
  else if ((c & 0xF0) == 0xE0) { length = 3; cp = c & 0x0F; min = 0x800; }
  else if ((c & 0xF8) == 0xF0) { length = 4; cp = c & 0x07; min = 0x10000; }
  else { ++pos; return -1; }  // continuation byte or invalid lead byte
  if (pos + length > s.size()) { ++pos; return -1; }
  for (int i = 1; i < length; ++i) {
    const unsigned char cc = byte(pos + i);
    if ((cc & 0xC0) != 0x80) { ++pos; return -1; }
    cp = (cp << 6) | (cc & 0x3F);
  }
  // Overlong encodings, UTF-16 surrogates and code points past U+10FFFF are invalid.
  if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) { ++pos; return -1; }
  pos += length;
  return cp;
}

void append_utf8(std::int32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool is_valid_utf8(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size())
    if (decode_utf8(text, pos) < 0) return false;
  return true;
}

namespace {

// Character classes come from glibc's C.UTF-8 locale, which covers all of
// Unicode, so no tables need to ship with embkit.
locale_t utf8_locale() {
  static locale_t loc = [] {
    locale_t l = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
    if (!l) l = newlocale(LC_CTYPE_MASK, "C.utf8", static_cast<locale_t>(0));
    return l;
  }();
  return loc;
}

bool is_combining_mark(std::int32_t cp) {
  return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
         (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
         (cp >= 0xFE20 && cp <= 0xFE2F);
}

bool is_alnum_cp(std::int32_t cp) {
  if (cp < 0x80)
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
  locale_t loc = utf8_locale();
  return loc && iswalnum_l(static_cast<wint_t>(cp), loc);
}

bool is_space_cp(std::int32_t cp) {
  if (cp < 0x80) return cp == ' ' || (cp >= 0x09 && cp <= 0x0D);
  locale_t loc = utf8_locale();
  return cp == 0xA0 || (loc && iswspace_l(static_cast<wint_t>(cp), loc));
}

std::int32_t lower_cp(std::int32_t cp) {
  if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
  locale_t loc = utf8_locale();
  return loc ? static_cast<std::int32_t>(towlower_l(static_cast<wint_t>(cp), loc)) : cp;
}

const char* kDigitWords[10] = {"zero", "one", "two", "three", "four",
                               "five", "six", "seven", "eight", "nine"};

}  // namespace

// ---------------------------------------------------------------- text8

Text8Normalizer::Text8Normalizer(std::function<void(std::string_view)> emit, std::uint64_t max_bytes)
    : emit_(std::move(emit)), max_bytes_(max_bytes) {}

void Text8Normalizer::end_word() {
  if (word_.empty() || full_) {
    word_.clear();
    return;
  }
  const std::uint64_t needed = (written_ > 0 ? 1 : 0) + word_.size();
  if (max_bytes_ > 0 && written_ + needed > max_bytes_) {
    // This word would cross the byte limit: it is the "trailing partial word"
    // and is dropped, and nothing after it is written.
    full_ = true;
    word_.clear();
    return;
  }
  if (written_ > 0) out_ += ' ';
  out_ += word_;
  written_ += needed;
  ++words_;
  word_.clear();
  if (out_.size() >= (1 << 20)) {
    emit_(out_);
    out_.clear();
  }
}

void Text8Normalizer::feed_line(std::string_view line) {
  if (full_) return;
  // WikiExtractor's article delimiters are markup, not text.
  if (line.compare(0, 4, "<doc") == 0 || line.compare(0, 5, "</doc") == 0) return;
  for (char ch : line) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c >= 'a' && c <= 'z') {
      word_ += ch;
    } else if (c >= 'A' && c <= 'Z') {
      word_ += static_cast<char>(c + 32);
    } else if (c >= '0' && c <= '9') {
      end_word();
      word_ = kDigitWords[c - '0'];
      end_word();
    } else {
      end_word();
    }
  }
  end_word();  // the line break is a separator
}

std::uint64_t Text8Normalizer::finish() {
  end_word();
  if (!out_.empty()) {
    emit_(out_);
    out_.clear();
  }
  return written_;
}

// ---------------------------------------------------------------- Unicode

Utf8Policy parse_utf8_policy(const std::string& name) {
  if (name == "strict") return Utf8Policy::Strict;
  if (name == "replace") return Utf8Policy::Replace;
  if (name == "skip") return Utf8Policy::Skip;
  throw ParameterError("utf8", "must be strict, replace or skip, got '" + name + "'");
}

const char* utf8_policy_name(Utf8Policy policy) {
  static const char* const names[] = {"strict", "replace", "skip"};  // in the enum's order
  return names[static_cast<int>(policy)];
}

UnicodeTokenizer::UnicodeTokenizer(UnicodeTokenizerOptions options) : options_(options) {}

void UnicodeTokenizer::tokenize(std::string_view text, std::vector<std::string>& out,
                                const std::string& source, std::uint64_t line) {
  std::string word;
  auto flush = [&] {
    if (!word.empty()) {
      out.push_back(word);
      word.clear();
    }
  };
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t at = pos;
    std::int32_t cp = decode_utf8(text, pos);
    if (cp < 0) {
      ++invalid_;
      if (options_.utf8 == Utf8Policy::Strict)
        throw_input_error(source, line,
                          "invalid UTF-8 at byte " + std::to_string(at + 1) +
                              " of the line (use " + param("utf8") + " replace or " + param("utf8") + " skip to continue)");
      if (options_.utf8 == Utf8Policy::Skip) continue;
      cp = 0xFFFD;  // U+FFFD REPLACEMENT CHARACTER, then classified as a symbol
    }
    if (is_alnum_cp(cp) || (is_combining_mark(cp) && !word.empty())) {
      append_utf8(options_.lowercase ? lower_cp(cp) : cp, word);
    } else if (is_space_cp(cp) || cp < 0x20 || cp == 0x7F) {
      flush();
    } else {
      flush();
      if (options_.keep_punct) {
        std::string p;
        append_utf8(cp, p);
        out.push_back(std::move(p));
      }
    }
  }
  flush();
}

// ---------------------------------------------------------------- whitespace

void tokenize_whitespace(std::string_view text, std::vector<std::string>& out) {
  auto is_ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; };
  auto is_punct = [](char c) {
    const unsigned char u = static_cast<unsigned char>(c);
    return u < 0x80 && ((u >= 0x21 && u <= 0x2F) || (u >= 0x3A && u <= 0x40) ||
                        (u >= 0x5B && u <= 0x60) || (u >= 0x7B && u <= 0x7E));
  };
  std::size_t i = 0, n = text.size();
  while (i < n) {
    while (i < n && is_ws(text[i])) ++i;
    std::size_t b = i;
    while (i < n && !is_ws(text[i])) ++i;
    std::size_t e = i;
    while (b < e && is_punct(text[b])) ++b;
    while (e > b && is_punct(text[e - 1])) --e;
    if (e > b) out.emplace_back(text.substr(b, e - b));
  }
}

}  // namespace embkit
