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
  // Phase 1: skip separators; a '\n' after words on this line ends the sentence.
  for (;;) {
    if (pos_ == end_ && !refill()) {
      if (words_on_line_) {
        words_on_line_ = false;
        ++stats_.lines;
        return Kind::EndOfLine;
      }
      if (stats_.split_tokens > 0)
        warn(located(path_, 0, "split tokens longer than " + std::to_string(max_token_bytes_) + " bytes " +
                                   std::to_string(stats_.split_tokens) +
                                   " time(s) (a line without spaces?); each piece counts as a word"));
      return Kind::End;
    }
    const unsigned char c = static_cast<unsigned char>(buffer_[pos_]);
    if (!is_separator(c)) break;
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
