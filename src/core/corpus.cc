#include "core/corpus.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/error.h"

namespace embkit {
namespace {

// ASCII whitespace other than '\n' separates tokens; '\n' also ends a sentence.
inline bool is_separator(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' || c == '\n' || c == 0;
}

}  // namespace

void warn_split_tokens(const std::string& path, std::uint64_t split_tokens, std::size_t max_token_bytes) {
  if (split_tokens == 0) return;
  warn(located(path, 0, "split tokens longer than " + std::to_string(max_token_bytes) + " bytes " +
                            std::to_string(split_tokens) +
                            " time(s) (a line without spaces?); each piece counts as a word"));
}

TokenStream::TokenStream(const std::string& path, std::size_t max_token_bytes, std::size_t chunk_bytes)
    : path_(path),
      file_(open_input(path)),
      size_bytes_(file_size(path)),
      max_token_bytes_(max_token_bytes == 0 ? 1 : max_token_bytes),
      buffer_(chunk_bytes == 0 ? 4096 : chunk_bytes) {
  // A UTF-8 byte order mark starts some files; it is not part of the first
  // word. Probed here, not in the first chunk, which may be shorter than it.
  char head[3];
  const std::size_t n = std::fread(head, 1, sizeof head, file_.get());
  if (n == kUtf8Bom.size() && std::string_view(head, n) == kUtf8Bom) stats_.bytes = n;
  else head_.assign(head, n);  // served by the first refill()
}

TokenStream::TokenStream(const std::string& path, std::uint64_t begin, std::uint64_t end, Start start,
                         std::size_t max_token_bytes, std::size_t chunk_bytes)
    : path_(path),
      file_(open_input(path)),
      size_bytes_(file_size(path)),
      max_token_bytes_(max_token_bytes == 0 ? 1 : max_token_bytes),
      buffer_(chunk_bytes == 0 ? 4096 : chunk_bytes),
      base_(begin),
      range_end_(end),
      warn_splits_(false) {
  if (size_bytes_ < 0) throw InputError(located(path, 0, "cannot be read by byte ranges (not a regular file)"));
  // A byte order mark is skipped as the whole-file constructor does; in a
  // range that starts inside it, the first token starts after it.
  char head[3];
  const std::size_t n = std::fread(head, 1, sizeof head, file_.get());
  const bool bom = n == kUtf8Bom.size() && std::string_view(head, n) == kUtf8Bom;
  if (begin == 0 || (bom && begin <= n)) {
    base_ = 0;
    if (bom) stats_.bytes = n;
    else head_.assign(head, n);
    return;
  }
  // Otherwise the byte before `begin` is read first (see next()).
  base_ = begin - 1;
  probe_ = start == Start::Boundary ? Probe::SkipPartial : Probe::Continue;
  if (fseeko(file_.get(), static_cast<off_t>(base_), SEEK_SET) != 0)
    throw InputError(located(path, 0, std::string("cannot seek: ") + std::strerror(errno)));
}

bool TokenStream::refill() {
  if (eof_) return false;
  const std::size_t from_head = std::min(head_.size(), buffer_.size());
  std::memcpy(buffer_.data(), head_.data(), from_head);
  head_.erase(0, from_head);
  end_ = from_head;
  if (end_ < buffer_.size()) {
    end_ += std::fread(buffer_.data() + end_, 1, buffer_.size() - end_, file_.get());
    if (end_ < buffer_.size()) {
      if (std::ferror(file_.get()))
        throw InputError(located(path_, stats_.lines + 1, std::string("read error: ") + std::strerror(errno)));
      eof_ = true;
    }
  }
  pos_ = 0;
  stats_.bytes += end_;
  return end_ > 0;
}

TokenStream::Kind TokenStream::next(std::string_view& word) {
  token_.clear();
  // A range read starts one byte early. If that byte is not a separator, a
  // token runs into the range: at a boundary it started before the range and
  // is skipped; resumed where a reader stopped after one of its pieces, it is
  // an over-long token's next piece, read even past the range's end.
  if (probe_ != Probe::None && (pos_ < end_ || refill())) {
    const bool in_token = !is_separator(static_cast<unsigned char>(buffer_[pos_]));
    ++pos_;
    if (probe_ == Probe::Continue) {
      in_split_ = in_token;
    } else if (in_token) {
      for (;;) {
        while (pos_ < end_ && !is_separator(static_cast<unsigned char>(buffer_[pos_]))) ++pos_;
        if (pos_ < end_ || !refill()) break;
      }
    }
  }
  probe_ = Probe::None;
  // Phase 1: skip separators; a '\n' after words on this line ends the sentence.
  for (;;) {
    if ((pos_ == end_ && !refill()) || (range_end_ != UINT64_MAX && past_range_end() && pos_ < end_ &&
                                        !is_separator(static_cast<unsigned char>(buffer_[pos_])))) {
      if (words_on_line_) {
        words_on_line_ = false;
        ++stats_.lines;
        return Kind::EndOfLine;
      }
      if (warn_splits_) warn_split_tokens(path_, stats_.split_tokens, max_token_bytes_);
      return Kind::End;
    }
    const unsigned char c = static_cast<unsigned char>(buffer_[pos_]);
    if (!is_separator(c)) break;
    in_split_ = false;
    ++pos_;
    if (c == '\n' && words_on_line_) {
      words_on_line_ = false;
      ++stats_.lines;
      return Kind::EndOfLine;
    }
  }
  // Phase 2: scan the token. If it ends inside the buffer, return a view into
  // the buffer (no copy); if it straddles chunks, assemble it in token_.
  ++stats_.tokens;
  words_on_line_ = true;
  std::size_t start = pos_;
  for (;;) {
    const std::size_t room = max_token_bytes_ - token_.size();
    const std::size_t limit = std::min(end_, pos_ + room);
    while (pos_ < limit && !is_separator(static_cast<unsigned char>(buffer_[pos_]))) ++pos_;
    if (pos_ < limit) {  // a separator ended the token
      if (token_.empty()) {
        word = std::string_view(buffer_.data() + start, pos_ - start);
      } else {
        token_.append(buffer_.data() + start, pos_ - start);
        word = token_;
      }
      return Kind::Word;
    }
    token_.append(buffer_.data() + start, pos_ - start);
    if (token_.size() >= max_token_bytes_) {
      // An over-long token is cut into max_token_bytes pieces, each a token,
      // and counted so callers can report it — never dropped silently.
      ++stats_.split_tokens;
      in_split_ = true;
      word = token_;
      return Kind::Word;
    }
    if (!refill()) {  // end of input ends the token
      word = token_;
      return Kind::Word;
    }
    start = pos_;
  }
}

bool TokenStream::next_sentence(std::vector<std::string>& words, std::size_t max_words) {
  words.clear();
  std::string_view w;
  for (;;) {
    Kind k = next(w);
    if (k == Kind::Word) {
      words.emplace_back(w);
      if (max_words > 0 && words.size() >= max_words) return true;
    } else if (k == Kind::EndOfLine) {
      if (!words.empty()) return true;
    } else {
      return !words.empty();
    }
  }
}

}  // namespace embkit
