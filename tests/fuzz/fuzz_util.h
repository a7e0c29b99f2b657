// Shared helpers for the libFuzzer targets.
//
// Every target hands the fuzz input to a public reader through a real file,
// exactly as a user's file reaches embkit, and accepts exactly one kind of
// failure: InputError (a clear message naming file and line). Anything else —
// a crash, an AddressSanitizer/UBSan report, std::bad_alloc or std::length_error
// from a header that claims a huge size, std::logic_error from EMBKIT_CHECK,
// a hang — escapes LLVMFuzzerTestOneInput and libFuzzer reports it.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/error.h"

namespace embkit::fuzz {

// A file in /dev/shm (tmpfs, so iterations stay fast) or TMPDIR, named after the
// process so parallel fuzzers never share it; removed on destruction.
class FuzzFile {
 public:
  explicit FuzzFile(const std::string& suffix) {
    const char* dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : (std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp");
    path_ = std::string(dir) + "/embkit-fuzz-" + std::to_string(getpid()) + suffix;
  }
  ~FuzzFile() { std::remove(path_.c_str()); }
  FuzzFile(const FuzzFile&) = delete;
  FuzzFile& operator=(const FuzzFile&) = delete;

  // Replaces the file's contents with `bytes`.
  const std::string& write(std::string_view bytes) const {
    std::FILE* f = std::fopen(path_.c_str(), "wb");
    if (!f) throw std::runtime_error("fuzz harness: cannot write " + path_);
    if (!bytes.empty()) std::fwrite(bytes.data(), 1, bytes.size(), f);
    std::fclose(f);
    return path_;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Runs `body`; an InputError is the expected way to reject bad input.
template <class Body>
void expect_only_input_errors(Body&& body) {
  try {
    body();
  } catch (const InputError&) {
  }
}

// Fails the run (abort → libFuzzer saves the input) when an invariant breaks.
inline void require(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
    std::abort();
  }
}

inline std::string_view as_view(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace embkit::fuzz
