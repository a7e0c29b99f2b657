// Opening inputs with clear errors, and reading line-structured files.
//
// open_input() accepts a path or "-" (stdin) and throws InputError for a missing
// file, a directory, or an unreadable file — before any work starts.
// LineReader yields lines of any length (no fixed buffer; a 1 GB line is read in
// chunks into one std::string), strips "\n" and "\r\n", skips a UTF-8 byte
// order mark at the start of the file (Windows editors write one; it is not
// part of the first label, word or column name), and counts lines in 64 bits.
// For corpora, where a line can be larger than memory should hold, use
// TokenStream (corpus.h), which never holds more than one token.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

namespace embkit {

// The UTF-8 encoding of U+FEFF, which some editors put at the start of a file.
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

struct FileCloser {
  void operator()(std::FILE* f) const;
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

// "-" means stdin (not closed on destruction).
FilePtr open_input(const std::string& path);
// Throws InputError unless `path` is an existing regular file (or "-").
void require_readable_file(const std::string& path);
// Size in bytes, or -1 for stdin / non-regular files.
std::int64_t file_size(const std::string& path);
bool file_exists(const std::string& path);

class LineReader {
 public:
  explicit LineReader(const std::string& path);
  // False at end of input. `line` excludes the terminator.
  bool next(std::string& line);
  // 1-based number of the line last returned.
  std::uint64_t line_number() const { return line_number_; }
  const std::string& path() const { return path_; }
  // Bytes consumed so far (for progress).
  std::uint64_t bytes_read() const { return bytes_read_; }

 private:
  struct Free {
    void operator()(char* p) const;
  };
  std::string path_;
  FilePtr file_;
  // getline's buffer, kept between calls: a fresh one per line cost a malloc
  // and free per line (millions on a large corpus).
  std::unique_ptr<char, Free> buffer_;
  std::size_t capacity_ = 0;
  std::uint64_t line_number_ = 0;
  std::uint64_t bytes_read_ = 0;
};

}  // namespace embkit
