#include "core/input_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "core/error.h"

namespace embkit {

void FileCloser::operator()(std::FILE* f) const {
  if (f && f != stdin) std::fclose(f);
}

bool file_exists(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0;
}

void require_readable_file(const std::string& path) {
  if (path == "-") return;
  if (path.empty()) throw InputError("empty input path");
  struct stat st {};
  if (stat(path.c_str(), &st) != 0)
    throw InputError(located(path, 0, std::string("cannot open: ") + std::strerror(errno)));
  if (S_ISDIR(st.st_mode)) throw InputError(located(path, 0, "is a directory, not a file"));
}

std::int64_t file_size(const std::string& path) {
  if (path == "-") return -1;
  struct stat st {};
  if (stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return -1;
  return static_cast<std::int64_t>(st.st_size);
}

FilePtr open_input(const std::string& path) {
  if (path == "-") return FilePtr(stdin);
  require_readable_file(path);
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw InputError(located(path, 0, std::string("cannot open: ") + std::strerror(errno)));
  return FilePtr(f);
}

LineReader::LineReader(const std::string& path) : path_(path), file_(open_input(path)) {}

void LineReader::Free::operator()(char* p) const { std::free(p); }

bool LineReader::next(std::string& line) {
  // POSIX getline grows its buffer to any line length and, unlike fgets,
  // reports the true length when the line contains NUL bytes.
  char* buf = buffer_.release();
  errno = 0;
  const ssize_t n = ::getline(&buf, &capacity_, file_.get());
  buffer_.reset(buf);
  if (n < 0) {
    if (std::ferror(file_.get()))
      throw InputError(located(path_, line_number_ + 1, std::string("read error: ") + std::strerror(errno)));
    return false;
  }
  bytes_read_ += static_cast<std::uint64_t>(n);
  std::size_t len = static_cast<std::size_t>(n);
  if (len > 0 && buf[len - 1] == '\n') --len;
  if (len > 0 && buf[len - 1] == '\r') --len;
  std::size_t skip = 0;
  if (line_number_ == 0 && std::string_view(buf, len).substr(0, kUtf8Bom.size()) == kUtf8Bom) skip = kUtf8Bom.size();
  line.assign(buf + skip, len - skip);
  ++line_number_;
  return true;
}

}  // namespace embkit
