// AtomicFile: write to "PATH.tmp.PID" and rename onto PATH only in commit().
//
// If commit() is never reached (an exception, an interrupt), the destructor
// removes the temporary file, so a reader of PATH sees either the previous file
// or the complete new one — never a half-written one.
#pragma once

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

namespace embkit {

class AtomicFile {
 public:
  // Opens the temporary file; throws InputError if the directory is not
  // writable or PATH names a directory. `binary` selects std::ios::binary.
  explicit AtomicFile(std::string path, bool binary = true);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::ostream& stream() { return out_; }
  const std::string& path() const { return path_; }
  const std::string& temp_path() const { return temp_path_; }

  // Flushes, checks for write errors (disk full), closes and renames.
  void commit();

 private:
  std::string path_;
  std::string temp_path_;
  std::ofstream out_;
  std::vector<char> buffer_;
  bool committed_ = false;
};

}  // namespace embkit
