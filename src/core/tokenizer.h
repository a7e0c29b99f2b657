// Tokenizers and text normalizers.
//
//  * Text8Normalizer: the byte-by-byte normalization that produced text8 and the
//    shared wiki17m corpus (ASCII A–Z lowercased, a–z kept, each digit spelled
//    out as its own word, every other byte a separator, "<doc"/"</doc" lines
//    dropped; output one line of single-space-separated words).
//  * UnicodeTokenizer: UTF-8 letters/digits form lowercased words; punctuation
//    kept as separate tokens or dropped; invalid UTF-8 handled by policy.
//  * tokenize_whitespace(): split on whitespace, strip edge punctuation
//    ("dreams," → "dreams", "broken-winged" stays whole).
// scikit-learn's default tokenization, with Python's own Unicode tables, is
// text/sklearn_tokenizer.h.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace embkit {

class Text8Normalizer {
 public:
  // `emit` receives output bytes in pieces; `max_bytes` (0 = unlimited) stops
  // the output at that many bytes with the trailing partial word dropped.
  explicit Text8Normalizer(std::function<void(std::string_view)> emit,
                           std::uint64_t max_bytes = 0);
  // Feed one input line (without '\n').
  void feed_line(std::string_view line);
  // Flush; returns the number of output bytes written.
  std::uint64_t finish();
  bool full() const { return full_; }
  std::uint64_t words() const { return words_; }

 private:
  void word_char(char c);
  void end_word();

  std::function<void(std::string_view)> emit_;
  std::uint64_t max_bytes_;
  std::uint64_t written_ = 0;
  std::uint64_t words_ = 0;
  std::string word_;
  std::string out_;
  bool full_ = false;
};

enum class Utf8Policy { Strict, Replace, Skip };
Utf8Policy parse_utf8_policy(const std::string& name);
const char* utf8_policy_name(Utf8Policy policy);

struct UnicodeTokenizerOptions {
  bool keep_punct = true;
  Utf8Policy utf8 = Utf8Policy::Strict;
  bool lowercase = true;
};

class UnicodeTokenizer {
 public:
  explicit UnicodeTokenizer(UnicodeTokenizerOptions options = {});
  // Appends the tokens of `text` to `out`. Under Strict, invalid UTF-8 throws
  // InputError naming `source`, `line` and the byte offset.
  void tokenize(std::string_view text, std::vector<std::string>& out,
                const std::string& source = "", std::uint64_t line = 0);
  std::uint64_t invalid_sequences() const { return invalid_; }

 private:
  UnicodeTokenizerOptions options_;
  std::uint64_t invalid_ = 0;
};

// Whitespace split with leading/trailing ASCII punctuation stripped per token.
void tokenize_whitespace(std::string_view text, std::vector<std::string>& out);

// UTF-8 helpers. decode_utf8 returns the code point and advances `pos`, or
// returns -1 (and advances one byte) for an invalid sequence.
std::int32_t decode_utf8(std::string_view text, std::size_t& pos);
void append_utf8(std::int32_t code_point, std::string& out);
bool is_valid_utf8(std::string_view text);

}  // namespace embkit
