// Interruption: SIGINT or SIGTERM during a long command leaves the previous
// output file (or none) — never a truncated one — exits 130 with one line on
// stderr, and writes the word2vec checkpoint when one was asked for.
//
// The tokenize case reads from a FIFO that this test keeps feeding, so the
// command is guaranteed to be mid-run when the signal arrives, however fast or
// loaded the machine is; no timing assumptions beyond "stops within 30 s".
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <thread>

#include "support/test_util.h"

namespace {

using namespace embkit::test;
using Clock = std::chrono::steady_clock;

// Starts `embkit args...` with stdout/stderr redirected to files.
pid_t spawn_embkit(const std::vector<std::string>& args, const std::string& out, const std::string& err) {
  const pid_t pid = fork();
  if (pid == 0) {
    const int o = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(o, 1);
    dup2(e, 2);
    std::vector<char*> argv;
    static std::string binary = EMBKIT_BINARY;
    argv.push_back(binary.data());
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

// Waits up to `limit` for the child; returns its exit code, or -1 if it did not
// stop in time (it is then killed) or died from a signal.
int wait_exit(pid_t pid, std::chrono::seconds limit, const std::function<void()>& while_waiting = {}) {
  const auto deadline = Clock::now() + limit;
  for (;;) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (Clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return -1;
    }
    if (while_waiting) while_waiting();
    else std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::vector<std::string> directory_entries(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

void interrupt_tokenize(int signal_number) {
  signal(SIGPIPE, SIG_IGN);  // the reader goes away while we write
  TempDir dir;
  const std::string fifo = dir.file("input.fifo"), output = dir.file("corpus.txt");
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  write_file(output, "previous complete output\n");
  const pid_t pid = spawn_embkit({"tokenize", "--mode", "text8", "--input", fifo, "--output", output, "--quiet"},
                                 dir.file("stdout"), dir.file("stderr"));
  REQUIRE(pid > 0);
  const int fd = open(fifo.c_str(), O_WRONLY);  // blocks until embkit opens it
  REQUIRE(fd >= 0);
  std::string block;
  for (int i = 0; i < 4096; ++i) block += "The Quick Brown Fox jumped over 1970 lazy dogs.\n";
  // ~800 KB before the signal: embkit is certainly inside its loop by then.
  for (int i = 0; i < 4; ++i) REQUIRE(write(fd, block.data(), block.size()) == static_cast<ssize_t>(block.size()));
  REQUIRE(kill(pid, signal_number) == 0);
  // Keep feeding: tokenize polls for the signal between lines, so it must get lines.
  bool reader_gone = false;
  const int code = wait_exit(pid, std::chrono::seconds(30), [&] {
    if (!reader_gone && write(fd, block.data(), block.size()) < 0) reader_gone = true;
    if (reader_gone) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  });
  close(fd);
  const std::string err = read_file(dir.file("stderr"));
  INFO("stderr: " << err);
  CHECK(code == 130);
  CHECK(count_lines(err) == 1);
  CHECK(err.find("interrupted") != std::string::npos);
  CHECK(read_file(output) == "previous complete output\n");
  CHECK(directory_entries(dir.path()) == std::vector<std::string>{"corpus.txt", "input.fifo", "stderr", "stdout"});
}

}  // namespace

TEST_CASE("SIGINT during tokenize keeps the previous output file", "[errors][interrupt]") {
  interrupt_tokenize(SIGINT);
}

TEST_CASE("SIGTERM during tokenize keeps the previous output file", "[errors][interrupt]") {
  interrupt_tokenize(SIGTERM);
}

TEST_CASE("SIGINT during word2vec leaves no vectors and writes the checkpoint", "[errors][interrupt]") {
  const std::string corpus = source_path("corpora/wiki-sample.txt");
  REQUIRE(fs::exists(corpus));  // bundled with the sources
  TempDir dir;
  const std::string output = dir.file("vectors.vec"), checkpoint = dir.file("run.ckpt");
  // Far more epochs than the test will wait for; --threads 2 exercises the
  // workers' shared stop path.
  const pid_t pid = spawn_embkit({"word2vec", "--input", corpus, "--output", output, "--dim", "16",
                                  "--epochs", "1000", "--min-count", "2", "--threads", "2",
                                  "--checkpoint", checkpoint, "--quiet"},
                                 dir.file("stdout"), dir.file("stderr"));
  REQUIRE(pid > 0);
  // Give it time to read the corpus and start training (training runs long after).
  std::this_thread::sleep_for(std::chrono::seconds(3));
  REQUIRE(kill(pid, SIGINT) == 0);
  const int code = wait_exit(pid, std::chrono::seconds(30));
  const std::string err = read_file(dir.file("stderr"));
  INFO("stderr: " << err);
  CHECK(code == 130);
  CHECK(err.find("interrupted") != std::string::npos);
  CHECK_FALSE(fs::exists(output));
  for (const auto& name : directory_entries(dir.path()))
    CHECK(name.find(".tmp") == std::string::npos);  // no temporary left behind
  // Interrupted before training started (a very slow machine) means no
  // checkpoint is due; otherwise it must be complete: header through "END\n".
  if (fs::exists(checkpoint)) {
    const std::string saved = read_file(checkpoint);
    CHECK(saved.rfind("EMBKIT-W2V-CHECKPOINT", 0) == 0);
    CHECK(saved.size() > 4);
    CHECK(saved.compare(saved.size() - 4, 4, "END\n") == 0);
  } else {
    WARN("word2vec was interrupted before training started; no checkpoint to check");
  }
}
