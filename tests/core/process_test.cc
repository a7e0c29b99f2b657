// core/process.h: a child's exit status, wall time and peak memory.
#include <catch2/catch.hpp>

#include "core/process.h"

using namespace embkit;

TEST_CASE("run_process reports the child's exit status, time and memory", "[core][process]") {
  const ProcessResult ok = run_process("/bin/sh", {"-c", "exit 0"});
  CHECK(ok.exit_code == 0);
  CHECK(ok.seconds > 0);
  CHECK(ok.peak_bytes > 0);
  CHECK(run_process("/bin/sh", {"-c", "exit 3"}).exit_code == 3);
  CHECK(run_process("/bin/sh", {"-c", "kill -9 $$"}).exit_code == 128 + 9);
  CHECK(run_process("/nonexistent/program", {}).exit_code == 127);
  // The arguments arrive one by one, spaces and all.
  CHECK(run_process("/bin/sh", {"-c", "test \"$1\" = 'a b'", "sh", "a b"}).exit_code == 0);
  CHECK(self_executable() == "/proc/self/exe");
}
