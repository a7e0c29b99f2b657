// TokenStream: a streaming, whitespace-tokenized corpus reader.
//
// Reads a file or stdin ("-") in fixed-size chunks, so memory stays bounded
// whatever the line length. Tokens are separated by ASCII whitespace (space,
// \t, \v, \f, \r); '\n' ends a sentence. A token longer than `max_token_bytes`
// is split into pieces of that size and counted in stats().split_tokens
// and warned about once (core/error.h warn) — never dropped, never silently
// truncated. A UTF-8 byte order mark at the start is skipped. Counters are 64-bit.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/input_file.h"

namespace embkit {

struct CorpusStats {
  std::uint64_t tokens = 0;
  std::uint64_t lines = 0;  // sentences ended by '\n' (plus a final unterminated one)
  std::uint64_t bytes = 0;
  std::uint64_t split_tokens = 0;
};

class TokenStream {
 public:
  enum class Kind { Word, EndOfLine, End };

  explicit TokenStream(const std::string& path, std::size_t max_token_bytes = 1 << 16,
                       std::size_t chunk_bytes = 1 << 20);

  // Next item. For Kind::Word, `word` views the token (valid until the next call).
  // EndOfLine is returned once per '\n' that follows at least one word.
  Kind next(std::string_view& word);

  // Convenience: the next non-empty line's tokens, at most `max_words` of them
  // (0 = unlimited); a longer line continues in the next call. False at end.
  bool next_sentence(std::vector<std::string>& words, std::size_t max_words = 0);

  const CorpusStats& stats() const { return stats_; }
  const std::string& path() const { return path_; }
  std::int64_t size_bytes() const { return size_bytes_; }  // -1 for stdin

 private:
  bool refill();

  std::string path_;
  FilePtr file_;
  std::int64_t size_bytes_;
  std::size_t max_token_bytes_;
  std::vector<char> buffer_;
  std::size_t pos_ = 0, end_ = 0;
  bool eof_ = false;
  bool words_on_line_ = false;
  std::string token_;  // holds a token that straddles chunk boundaries
  std::string head_;   // the first bytes, read to probe for a byte order mark
  CorpusStats stats_;
};

}  // namespace embkit
