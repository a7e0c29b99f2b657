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

  // Where a range read starts: at a range boundary, which may fall inside a
  // token (that token belongs to the range before), or where an earlier
  // reader of the same range stopped (its offset() after a token or line
  // end, possibly between the pieces of a split token, possibly past `end`).
  enum class Start { Boundary, Resume };
  // The tokens of regular file `path` that start in the byte range
  // [begin, end): a token belongs to the range its first byte is in, so
  // consecutive ranges read every token exactly once, as one stream of the
  // whole file would (split pieces of an over-long token included). The
  // caller reports split tokens (no warning here).
  TokenStream(const std::string& path, std::uint64_t begin, std::uint64_t end, Start start,
              std::size_t max_token_bytes = 1 << 16, std::size_t chunk_bytes = 1 << 20);

  // Next item. For Kind::Word, `word` views the token (valid until the next call).
  // EndOfLine is returned once per '\n' that follows at least one word.
  Kind next(std::string_view& word);

  // Convenience: the next non-empty line's tokens, at most `max_words` of them
  // (0 = unlimited); a longer line continues in the next call. False at end.
  bool next_sentence(std::vector<std::string>& words, std::size_t max_words = 0);

  const CorpusStats& stats() const { return stats_; }
  const std::string& path() const { return path_; }
  std::int64_t size_bytes() const { return size_bytes_; }  // -1 for stdin
  // File offset of the first byte not consumed yet (a range read resumes
  // there with Start::Resume).
  std::uint64_t offset() const { return base_ + stats_.bytes - (end_ - pos_); }

 private:
  bool refill();
  // True when the token about to start at offset() lies past a range's end.
  bool past_range_end() const { return !in_split_ && offset() >= range_end_; }

  std::string path_;
  FilePtr file_;
  std::int64_t size_bytes_;
  std::size_t max_token_bytes_;
  std::vector<char> buffer_;
  std::size_t pos_ = 0, end_ = 0;
  bool eof_ = false;
  bool words_on_line_ = false;
  std::uint64_t base_ = 0;                  // file offset where reading started
  std::uint64_t range_end_ = UINT64_MAX;    // tokens starting here or later are not read
  enum class Probe { None, SkipPartial, Continue };
  Probe probe_ = Probe::None;               // what the byte before a range's start means (next())
  bool in_split_ = false;                   // the last token was cut by max_token_bytes, not a separator
  bool warn_splits_ = true;
  std::string token_;  // holds a token that straddles chunk boundaries
  std::string head_;   // the first bytes, read to probe for a byte order mark
  CorpusStats stats_;
};

// The warning a whole-file TokenStream gives at its end (range reads leave
// it to the caller, which sums their counts): nothing when split_tokens is 0.
void warn_split_tokens(const std::string& path, std::uint64_t split_tokens, std::size_t max_token_bytes = 1 << 16);

}  // namespace embkit
