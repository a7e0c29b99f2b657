// Fuzz target: the in-memory tokenizers — UnicodeTokenizer (every UTF-8 policy,
// punctuation kept or dropped), tokenize_sklearn, tokenize_whitespace,
// Text8Normalizer and decode_utf8 — with invariants each promises.
#include <string>
#include <vector>

#include "core/tokenizer.h"
#include "fuzz_util.h"
#include "text/sklearn_tokenizer.h"

using namespace embkit;

namespace {

bool is_text8_byte(char c) { return (c >= 'a' && c <= 'z') || c == ' '; }

void check_unicode(std::string_view text, Utf8Policy policy, bool keep_punct) {
  UnicodeTokenizerOptions options;
  options.utf8 = policy;
  options.keep_punct = keep_punct;
  UnicodeTokenizer tokenizer(options);
  std::vector<std::string> tokens;
  try {
    tokenizer.tokenize(text, tokens, "fuzz", 1);
  } catch (const InputError&) {
    fuzz::require(policy == Utf8Policy::Strict, "only --utf8 strict rejects input");
    fuzz::require(!is_valid_utf8(text), "strict rejects only invalid UTF-8");
    return;
  }
  if (policy == Utf8Policy::Strict) fuzz::require(is_valid_utf8(text), "strict accepts only valid UTF-8");
  for (const auto& t : tokens) {
    fuzz::require(!t.empty(), "no empty token");
    fuzz::require(is_valid_utf8(t), "tokens are valid UTF-8");
    for (char c : t) fuzz::require(c != ' ' && c != '\n' && c != '\t', "no whitespace inside a token");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_view(data, size);

  for (Utf8Policy policy : {Utf8Policy::Strict, Utf8Policy::Replace, Utf8Policy::Skip})
    for (bool keep_punct : {true, false}) check_unicode(text, policy, keep_punct);

  std::vector<std::string> tokens;
  tokenize_sklearn(text, tokens);
  for (const auto& t : tokens) fuzz::require(t.size() >= 2, "sklearn tokens have two or more characters");
  tokens.clear();
  tokenize_whitespace(text, tokens);
  for (const auto& t : tokens) fuzz::require(!t.empty(), "no empty whitespace token");

  // Text8: feed line by line; output is [a-z ]*, single spaces, no edge spaces
  // inside the stream, and never longer than max_bytes when a cap is given.
  const std::uint64_t cap = size > 0 ? data[0] % 64 : 0;
  std::string out;
  Text8Normalizer normalizer([&](std::string_view piece) { out.append(piece); }, cap);
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '\n') {
      normalizer.feed_line(text.substr(start, i - start));
      start = i + 1;
    }
  }
  const std::uint64_t written = normalizer.finish();
  fuzz::require(written == out.size(), "finish() reports the bytes emitted");
  if (cap > 0) fuzz::require(out.size() <= cap, "--max-bytes is respected");
  for (std::size_t i = 0; i < out.size(); ++i) {
    fuzz::require(is_text8_byte(out[i]), "text8 output is [a-z ]");
    if (i > 0) fuzz::require(!(out[i] == ' ' && out[i - 1] == ' '), "single spaces");
  }
  if (!out.empty()) fuzz::require(out.front() != ' ' && out.back() != ' ', "no leading or trailing space");

  // decode_utf8 always advances and returns -1 or a valid scalar value.
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t before = pos;
    const std::int32_t cp = decode_utf8(text, pos);
    fuzz::require(pos > before && pos <= text.size(), "decode_utf8 advances within bounds");
    fuzz::require(cp == -1 || (cp >= 0 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF)),
                  "decode_utf8 returns a scalar value or -1");
    if (cp >= 0) {
      std::string again;
      append_utf8(cp, again);
      fuzz::require(again == text.substr(before, pos - before), "append_utf8 inverts decode_utf8");
    }
  }
  return 0;
}
