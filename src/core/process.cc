#include "core/process.h"

#include <cerrno>
#include <chrono>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/error.h"

namespace embkit {

ProcessResult run_process(const std::string& program, const std::vector<std::string>& args, bool stdout_to_stderr) {
  std::vector<std::string> strings;
  strings.push_back(program);
  strings.insert(strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& s : strings) argv.push_back(s.data());
  argv.push_back(nullptr);
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid < 0) throw InputError("cannot start " + program + ": fork failed");
  if (pid == 0) {
    if (stdout_to_stderr) dup2(STDERR_FILENO, STDOUT_FILENO);
    execv(program.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  struct rusage usage {};
  while (wait4(pid, &status, 0, &usage) < 0) {
    if (errno != EINTR) throw InputError("waiting for " + program + " failed");
  }
  ProcessResult r;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.peak_bytes = static_cast<double>(usage.ru_maxrss) * 1024.0;  // Linux reports KiB
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

const std::string& self_executable() {
  static const std::string path = "/proc/self/exe";
  return path;
}

}  // namespace embkit
