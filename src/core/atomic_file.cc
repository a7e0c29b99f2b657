#include "core/atomic_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.h"

namespace embkit {

AtomicFile::AtomicFile(std::string path, bool binary) : path_(std::move(path)) {
  if (path_.empty()) throw InputError("empty output path");
  struct stat st {};
  if (stat(path_.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
    throw InputError(located(path_, 0, "is a directory, not an output file"));
  // The temporary file sits beside the target so that rename() is atomic
  // (same file system); the PID keeps concurrent runs apart.
  temp_path_ = path_ + ".tmp." + std::to_string(getpid());
  buffer_.resize(1 << 20);
  out_.rdbuf()->pubsetbuf(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  out_.open(temp_path_, binary ? std::ios::out | std::ios::binary | std::ios::trunc
                               : std::ios::out | std::ios::trunc);
  if (!out_)
    throw InputError(located(path_, 0, std::string("cannot open for writing: ") + std::strerror(errno)));
}

AtomicFile::~AtomicFile() {
  if (!committed_) {
    out_.close();
    std::remove(temp_path_.c_str());
  }
}

void AtomicFile::commit() {
  out_.flush();
  if (!out_) throw InputError(located(path_, 0, "write failed (disk full?)"));
  out_.close();
  if (out_.fail()) throw InputError(located(path_, 0, "write failed while closing (disk full?)"));
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0)
    throw InputError(located(path_, 0, std::string("cannot rename temporary file into place: ") +
                                           std::strerror(errno)));
  committed_ = true;
}

}  // namespace embkit
