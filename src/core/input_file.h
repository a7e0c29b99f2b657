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

// "-" means stdin (not closed on destruction). Opening a FIFO waits for a
// writer; SIGINT/SIGTERM end the wait (Interrupted).
FilePtr open_input(const std::string& path);
// Opens `path` once and reads up to `bytes` of it into `head`, for format
// detection; the stream returned starts at byte 0 again: a regular file is
// rewound, and standard input or a FIFO, which cannot be, replays `head`
// before the rest. So a format is detected without opening the input twice.
FilePtr open_input_peek(const std::string& path, std::size_t bytes, std::string& head);
// Throws InputError unless `path` exists and is not a directory (or is "-").
void require_readable_file(const std::string& path);
// For commands that read their input more than once: throws InputError at
// once, naming `reason`, if `path` is standard input, a FIFO or another file
// that cannot be read twice.
void require_rereadable_file(const std::string& path, const std::string& reason);
// Size in bytes, or -1 for stdin / non-regular files.
std::int64_t file_size(const std::string& path);
bool file_exists(const std::string& path);

class LineReader {
 public:
  explicit LineReader(const std::string& path);
  // Reads `file`, already opened from `path` (e.g. by open_input_peek).
  LineReader(const std::string& path, FilePtr file);
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
