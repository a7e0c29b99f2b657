#include "core/input_file.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "core/error.h"
#include "core/signals.h"

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

void require_rereadable_file(const std::string& path, const std::string& reason) {
  require_readable_file(path);
  struct stat st {};
  if (path == "-" || stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
    throw InputError(located(path == "-" ? "<stdin>" : path, 0,
                             "is " + std::string(path == "-" ? "standard input" : "not a regular file") + "; " +
                                 reason + ", so it needs a regular file (save the input to a file first)"));
}

FilePtr open_input(const std::string& path) {
  if (path == "-") return FilePtr(stdin);
  require_readable_file(path);
  std::FILE* f;
  // Without SA_RESTART (signals.h) a signal makes a blocked open fail with EINTR.
  while (!(f = std::fopen(path.c_str(), "rb")) && errno == EINTR) check_interrupted();
  if (!f) throw InputError(located(path, 0, std::string("cannot open: ") + std::strerror(errno)));
  return FilePtr(f);
}

namespace {

// A stdio stream (fopencookie) that yields `head` and then the rest of `rest`.
struct Replay {
  std::string head;
  std::size_t pos = 0;
  FilePtr rest;
};

extern "C" ssize_t replay_read(void* cookie, char* buf, std::size_t size) {
  auto* r = static_cast<Replay*>(cookie);
  if (r->pos < r->head.size()) {
    const std::size_t n = std::min(size, r->head.size() - r->pos);
    std::memcpy(buf, r->head.data() + r->pos, n);
    r->pos += n;
    return static_cast<ssize_t>(n);
  }
  const std::size_t n = std::fread(buf, 1, size, r->rest.get());
  return n == 0 && std::ferror(r->rest.get()) ? -1 : static_cast<ssize_t>(n);
}

extern "C" int replay_close(void* cookie) {
  delete static_cast<Replay*>(cookie);
  return 0;
}

}  // namespace

FilePtr open_input_peek(const std::string& path, std::size_t bytes, std::string& head) {
  FilePtr file = open_input(path);
  head.resize(bytes);
  head.resize(std::fread(head.data(), 1, bytes, file.get()));
  if (std::ferror(file.get()))
    throw InputError(located(path, 0, std::string("read error: ") + std::strerror(errno)));
  struct stat st {};
  if (path != "-" && fstat(fileno(file.get()), &st) == 0 && S_ISREG(st.st_mode) &&
      std::fseek(file.get(), 0, SEEK_SET) == 0)
    return file;
  auto* replay = new Replay{head, 0, std::move(file)};
  cookie_io_functions_t io{};
  io.read = replay_read;
  io.close = replay_close;
  std::FILE* f = fopencookie(replay, "rb", io);
  if (!f) {
    delete replay;
    throw InputError(located(path, 0, std::string("cannot open: ") + std::strerror(errno)));
  }
  return FilePtr(f);
}

LineReader::LineReader(const std::string& path) : path_(path), file_(open_input(path)) {}

LineReader::LineReader(const std::string& path, FilePtr file) : path_(path), file_(std::move(file)) {}

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
