// Fuzz target: TokenStream, checked against a slow reference tokenizer.
// The first two input bytes choose a tiny chunk size and token cap, so tokens
// straddle chunk boundaries and over-long tokens are split — the paths where a
// streaming reader goes wrong. The third chooses a number of byte ranges
// (core/corpus_counts.h's equal parts, as threads and MPI ranks read a corpus):
// the ranges' words, in order, must be the whole stream's, each exactly once.
#include <string>
#include <vector>

#include "core/corpus.h"
#include "core/corpus_counts.h"
#include "fuzz_util.h"

using namespace embkit;

namespace {

bool separator(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' || c == '\n' || c == '\0';
}

// Reference: after a UTF-8 byte order mark, if any, tokens (split into pieces
// of at most `cap` bytes) and "\n" markers,
// one per '\n' that follows at least one word, plus one at the end of a line
// with words that lacks its '\n'.
std::vector<std::string> reference(std::string_view text, std::size_t cap) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a byte order mark is skipped
  std::vector<std::string> items;
  std::string token;
  bool words_on_line = false;
  auto flush = [&] {
    if (token.empty()) return;
    for (std::size_t i = 0; i < token.size(); i += cap) items.push_back(token.substr(i, cap));
    token.clear();
    words_on_line = true;
  };
  for (char c : text) {
    if (!separator(c)) { token += c; continue; }
    flush();
    if (c == '\n' && words_on_line) { items.emplace_back("\n"); words_on_line = false; }
  }
  flush();
  if (words_on_line) items.emplace_back("\n");
  return items;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  const std::size_t chunk = 1 + data[0] % 16, cap = 1 + data[1] % 16;
  const int parts = 1 + data[2] % 7;
  const std::string_view text = fuzz::as_view(data + 3, size - 3);
  static const fuzz::FuzzFile input("-corpus.txt");
  input.write(text);

  TokenStream stream(input.path(), cap, chunk);
  std::vector<std::string> items;
  std::string_view word;
  for (;;) {
    const TokenStream::Kind kind = stream.next(word);
    if (kind == TokenStream::Kind::End) break;
    items.emplace_back(kind == TokenStream::Kind::Word ? std::string(word) : std::string("\n"));
    fuzz::require(items.size() <= 2 * text.size() + 2, "the stream ends");
  }
  fuzz::require(stream.next(word) == TokenStream::Kind::End, "End is sticky");
  fuzz::require(items == reference(text, cap), "TokenStream matches the reference tokenizer");
  std::uint64_t words = 0, lines = 0;
  for (const auto& item : items) (item == "\n" ? lines : words)++;
  fuzz::require(stream.stats().tokens == words, "stats().tokens counts words");
  fuzz::require(stream.stats().lines == lines, "stats().lines counts sentences");
  fuzz::require(stream.stats().bytes == text.size(), "stats().bytes counts the input");

  std::vector<std::string> whole, ranged;
  for (const auto& item : items)
    if (item != "\n") whole.push_back(item);
  for (int t = 0; t < parts; ++t) {
    TokenStream range(input.path(), part_begin(text.size(), t, parts), part_begin(text.size(), t + 1, parts),
                      TokenStream::Start::Boundary, cap, chunk);
    for (TokenStream::Kind kind; (kind = range.next(word)) != TokenStream::Kind::End;) {
      if (kind == TokenStream::Kind::Word) ranged.emplace_back(word);
      fuzz::require(ranged.size() <= whole.size(), "a range ends");
    }
  }
  fuzz::require(ranged == whole, "consecutive byte ranges read every word once, in order");
  return 0;
}
