#include "core/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <streambuf>

#include "core/distributed.h"
#include "core/error.h"
#include "core/signals.h"

namespace embkit {
namespace {

OutputTransaction* g_transaction = nullptr;

std::string error_text(int error) { return std::strerror(error); }

// PATH with every symbolic link resolved (realpath), or PATH itself when it
// does not exist yet or is not a link. A link to a file not created yet
// resolves to where it points, so that the new file is made there.
std::string resolve_links(const std::string& path) {
  std::string current = path;
  for (int hops = 0; hops < 40; ++hops) {  // 40: the kernel's own limit on link chains
    struct stat st {};
    if (lstat(current.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return current;
    char resolved[PATH_MAX];
    if (realpath(current.c_str(), resolved)) return resolved;
    const ssize_t n = readlink(current.c_str(), resolved, sizeof resolved - 1);
    if (n < 0) return current;
    const std::string target(resolved, static_cast<std::size_t>(n));
    const auto slash = current.rfind('/');
    current = target[0] == '/' || slash == std::string::npos ? target : current.substr(0, slash + 1) + target;
  }
  return current;
}

}  // namespace

// A write buffer over a file descriptor. write() is retried after EINTR unless
// the interruption is ours (then the stream fails and the caller sees the flag).
class AtomicFile::Buffer : public std::streambuf {
 public:
  Buffer(int fd, bool owned) : fd_(fd), owned_(owned), data_(1 << 20) { setp(data_.data(), data_.data() + data_.size()); }
  ~Buffer() override { close(); }
  int error() const { return error_; }
  // Flushes and closes; false on a write or close error.
  bool close() {
    const bool ok = drain();
    if (owned_ && fd_ >= 0 && ::close(fd_) != 0 && error_ == 0) error_ = errno;
    fd_ = -1;
    return ok && error_ == 0;
  }

 protected:
  int_type overflow(int_type c) override {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return drain() ? 0 : -1; }

 private:
  bool drain() {
    const char* p = pbase();
    std::size_t left = static_cast<std::size_t>(pptr() - pbase());
    while (left > 0 && error_ == 0 && fd_ >= 0) {
      const ssize_t n = ::write(fd_, p, left);
      if (n < 0) {
        if (errno == EINTR && !interrupted()) continue;
        error_ = errno;
        break;
      }
      p += n;
      left -= static_cast<std::size_t>(n);
    }
    setp(data_.data(), data_.data() + data_.size());
    return error_ == 0;
  }

  int fd_;
  bool owned_;
  std::vector<char> data_;
  int error_ = 0;
};

bool is_standard_output(const std::string& path) {
  if (path == "-") return true;
  struct stat out {}, st {};
  return fstat(STDOUT_FILENO, &out) == 0 && stat(path.c_str(), &st) == 0 && out.st_dev == st.st_dev &&
         out.st_ino == st.st_ino;
}

void require_writable_output(const std::string& path) {
  if (path.empty()) throw InputError("empty output path");
  if (path == "-") return;
  struct stat st {};
  if (stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) throw InputError(located(path, 0, "is a directory, not an output file"));
    if (!S_ISREG(st.st_mode)) return;  // written through: open() reports what is wrong
  }
  // A new or replaced regular file is created in its (link-resolved) directory.
  const std::string target = resolve_links(path);
  const auto slash = target.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : target.substr(0, slash);
  struct stat dst {};
  if (stat(dir.c_str(), &dst) != 0 || !S_ISDIR(dst.st_mode))
    throw InputError(located(path, 0, "cannot open for writing: " + error_text(ENOENT)));
  if (access(dir.c_str(), W_OK) != 0)
    throw InputError(located(path, 0, "cannot open for writing: " + error_text(errno)));
}

AtomicFile::AtomicFile(std::string path, bool /*binary*/, Commit when)
    : path_(std::move(path)), out_(nullptr), when_(when) {
  if (path_.empty()) throw InputError("empty output path");
  if (!distributed::is_root()) {
    // One job writes each output once: from rank 0. The other ranks' writes go
    // to /dev/null, so the commands write without asking which rank they are.
    const int fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (fd < 0) throw InputError(located("/dev/null", 0, "cannot open for writing: " + error_text(errno)));
    buffer_ = std::make_unique<Buffer>(fd, true);
    out_.rdbuf(buffer_.get());
    return;
  }
  if (is_standard_output(path_)) {
    // What the command already printed comes first.
    std::cout.flush();
    std::fflush(stdout);
    buffer_ = std::make_unique<Buffer>(STDOUT_FILENO, false);
    out_.rdbuf(buffer_.get());
    return;
  }
  struct stat st {};
  if (stat(path_.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) throw InputError(located(path_, 0, "is a directory, not an output file"));
    if (!S_ISREG(st.st_mode)) {
      // A FIFO blocks here until a reader comes; a signal ends the wait (EINTR).
      int fd;
      while ((fd = ::open(path_.c_str(), O_WRONLY | O_CLOEXEC)) < 0 && errno == EINTR) check_interrupted();
      if (fd < 0) throw InputError(located(path_, 0, "cannot open for writing: " + error_text(errno)));
      buffer_ = std::make_unique<Buffer>(fd, true);
      out_.rdbuf(buffer_.get());
      return;
    }
  }
  // The temporary file sits beside the target so that rename() is atomic
  // (same file system); the PID keeps concurrent runs apart.
  target_ = resolve_links(path_);
  temp_path_ = target_ + ".tmp." + std::to_string(getpid());
  register_temporary_file(temp_path_);
  const int fd = ::open(temp_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) {
    const int error = errno;
    unregister_temporary_file(temp_path_);
    throw InputError(located(path_, 0, "cannot open for writing: " + error_text(error)));
  }
  buffer_ = std::make_unique<Buffer>(fd, true);
  out_.rdbuf(buffer_.get());
}

AtomicFile::~AtomicFile() {
  if (committed_) return;
  buffer_->close();
  if (!temp_path_.empty()) {
    std::remove(temp_path_.c_str());
    unregister_temporary_file(temp_path_);
  }
}

void AtomicFile::commit() {
  out_.flush();
  const bool written = static_cast<bool>(out_) && buffer_->error() == 0;
  const bool closed = buffer_->close();
  // A write cut short by a signal is an interruption, not a full disk; a
  // complete file (a checkpoint saved on interrupt) is still committed.
  if (!written || !closed) check_interrupted();
  if (!written) throw InputError(located(path_, 0, "write failed (disk full?)"));
  if (!closed) throw InputError(located(path_, 0, "write failed while closing (disk full?)"));
  committed_ = true;
  if (temp_path_.empty()) return;
  if (when_ == Commit::WithTransaction && g_transaction) {
    g_transaction->add(temp_path_, target_);  // removed by the transaction if it fails
    return;
  }
  const bool renamed = std::rename(temp_path_.c_str(), target_.c_str()) == 0;
  const int error = errno;
  if (!renamed) std::remove(temp_path_.c_str());
  unregister_temporary_file(temp_path_);
  if (!renamed)
    throw InputError(located(path_, 0, "cannot rename temporary file into place: " + error_text(error)));
}

OutputTransaction::OutputTransaction() {
  EMBKIT_CHECK(g_transaction == nullptr, "only one OutputTransaction at a time");
  g_transaction = this;
}

OutputTransaction::~OutputTransaction() {
  g_transaction = nullptr;
  for (const auto& [temp, target] : pending_) {
    std::remove(temp.c_str());
    unregister_temporary_file(temp);
  }
}

bool OutputTransaction::active() { return g_transaction != nullptr; }

void OutputTransaction::add(std::string temp_path, std::string target) {
  pending_.emplace_back(std::move(temp_path), std::move(target));
}

void OutputTransaction::commit() {
  check_interrupted();
  const InterruptHold hold;  // the watchdog must not stop the renames halfway
  std::string failure;
  while (!pending_.empty()) {
    const auto [temp, target] = pending_.front();
    if (std::rename(temp.c_str(), target.c_str()) != 0) {
      failure = located(target, 0, "cannot rename temporary file into place: " + error_text(errno));
      break;
    }
    unregister_temporary_file(temp);
    pending_.erase(pending_.begin());
  }
  if (!failure.empty()) throw InputError(failure);  // the destructor removes the rest
}

}  // namespace embkit
