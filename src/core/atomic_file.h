// AtomicFile: an output file that is complete or absent, never half-written.
//
// What happens depends on what is at PATH (symbolic links followed):
//  * "-", or the file standard output already is (/dev/stdout, a redirect):
//    written to standard output, nothing renamed;
//  * a FIFO, a device (/dev/null) or a socket: opened and written through,
//    nothing renamed — such a path is never replaced by a plain file;
//  * a regular file, or nothing: written to "TARGET.tmp.PID" beside TARGET and
//    renamed onto it by commit(), where TARGET is PATH with its symbolic links
//    resolved (the link stays, its target gets the new content — or is
//    created, for a link to a file that does not exist yet).
// If commit() is never reached (an exception, an interrupt), the destructor
// removes the temporary file, so a reader of PATH sees either the previous file
// or the complete new one.
//
// Several outputs of one command commit together: while an OutputTransaction
// exists, commit() completes and closes the temporary file but leaves the
// rename to OutputTransaction::commit(), which renames all of them; if the
// transaction ends without commit (the command failed or was interrupted), all
// temporaries are removed and every previous file is kept. The CLI runs every
// command inside one. Files that must survive a failed command (checkpoints)
// are opened with Commit::Now.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace embkit {

class AtomicFile {
 public:
  enum class Commit { WithTransaction, Now };
  // Opens the output; throws InputError if PATH names a directory or cannot be
  // written. `binary` is accepted for symmetry with std::ios (POSIX makes no
  // difference).
  explicit AtomicFile(std::string path, bool binary = true, Commit when = Commit::WithTransaction);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::ostream& stream() { return out_; }
  const std::string& path() const { return path_; }
  // Empty when the output is written through (stdout, FIFO, device).
  const std::string& temp_path() const { return temp_path_; }

  // Flushes, checks for write errors (disk full), closes and renames (or hands
  // the rename to the current OutputTransaction).
  void commit();

 private:
  class Buffer;
  std::string path_;
  std::string target_;     // PATH with symbolic links resolved
  std::string temp_path_;  // "" when written through
  std::unique_ptr<Buffer> buffer_;
  std::ostream out_;
  bool committed_ = false;
  Commit when_;
};

// The outputs of one command, renamed into place together (see above).
// At most one exists at a time.
class OutputTransaction {
 public:
  OutputTransaction();
  ~OutputTransaction();
  OutputTransaction(const OutputTransaction&) = delete;
  OutputTransaction& operator=(const OutputTransaction&) = delete;

  // Renames every committed temporary file onto its target; the interrupt
  // watchdog waits for it (InterruptHold), so a signal cannot stop it halfway.
  void commit();
  // Called by AtomicFile::commit().
  void add(std::string temp_path, std::string target);
  // Whether one exists (commits are then deferred).
  static bool active();

 private:
  std::vector<std::pair<std::string, std::string>> pending_;  // (temporary, target)
};

// Throws InputError unless PATH can be an output: not a directory, and (for a
// path that is not "-" and does not exist yet) in an existing directory this
// process may write. The CLI calls it for every output before a command starts.
void require_writable_output(const std::string& path);

// True if PATH is "-" or resolves to what standard output is.
bool is_standard_output(const std::string& path);

}  // namespace embkit
