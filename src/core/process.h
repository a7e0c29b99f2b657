// Running a program as a child process, measured: wall time and the child's
// own peak memory (Linux: fork, execv, wait4's ru_maxrss).
#pragma once

#include <string>
#include <vector>

namespace embkit {

struct ProcessResult {
  int exit_code = -1;     // the child's exit status, or 128 + the signal that killed it
  double seconds = 0;     // wall time from start to exit
  double peak_bytes = 0;  // the child's peak resident set size
};

// Runs `program` with `args` as argv[1…] (argv[0] is `program`) and waits for
// it. With stdout_to_stderr the child's standard output goes to this
// process's standard error (so it cannot interleave with results on stdout).
// A program that cannot be executed exits with 127. Throws InputError when no
// child can be started or waited for.
ProcessResult run_process(const std::string& program, const std::vector<std::string>& args,
                          bool stdout_to_stderr = false);

// The executable of this process, to start another copy of it.
const std::string& self_executable();

}  // namespace embkit
