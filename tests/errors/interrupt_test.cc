// Interruption: SIGINT or SIGTERM during a long command leaves the previous
// output file (or none) — never a truncated one — exits 130 (SIGINT) or 143
// (SIGTERM) with one line on stderr, and writes the word2vec or doc2vec
// checkpoint when one was asked for. It does so within a second in every
// phase: blocked on a FIFO, reading, counting, training, writing.
//
// The tokenize and tfidf cases read from a FIFO that this test keeps feeding,
// so the command is guaranteed to be mid-run when the signal arrives, however
// fast or loaded the machine is. The other cases block on a FIFO no one opens,
// or train for far longer than the test waits.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
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

// Runs `command` --input FIFO --output corpus.txt --quiet while feeding the FIFO.
void interrupt_while_feeding(const std::vector<std::string>& command, int signal_number) {
  signal(SIGPIPE, SIG_IGN);  // the reader goes away while we write
  TempDir dir;
  const std::string fifo = dir.file("input.fifo"), output = dir.file("corpus.txt");
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  write_file(output, "previous complete output\n");
  std::vector<std::string> args = command;
  for (const std::string& a : {std::string("--input"), fifo, std::string("--output"), output, std::string("--quiet")})
    args.push_back(a);
  const pid_t pid = spawn_embkit(args, dir.file("stdout"), dir.file("stderr"));
  REQUIRE(pid > 0);
  const int fd = open(fifo.c_str(), O_WRONLY);  // blocks until embkit opens it
  REQUIRE(fd >= 0);
  std::string block;
  for (int i = 0; i < 4096; ++i) block += "The Quick Brown Fox jumped over 1970 lazy dogs.\n";
  // ~800 KB before the signal: embkit is certainly inside its loop by then.
  for (int i = 0; i < 4; ++i) REQUIRE(write(fd, block.data(), block.size()) == static_cast<ssize_t>(block.size()));
  REQUIRE(kill(pid, signal_number) == 0);
  // Keep feeding: the command polls for the signal between lines, so it must get lines.
  bool reader_gone = false;
  const int code = wait_exit(pid, std::chrono::seconds(30), [&] {
    if (!reader_gone && write(fd, block.data(), block.size()) < 0) reader_gone = true;
    if (reader_gone) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  });
  close(fd);
  const std::string err = read_file(dir.file("stderr"));
  INFO("stderr: " << err);
  CHECK(code == 128 + signal_number);
  CHECK(count_lines(err) == 1);
  CHECK(err.find("interrupted") != std::string::npos);
  CHECK(read_file(output) == "previous complete output\n");
  CHECK(directory_entries(dir.path()) == std::vector<std::string>{"corpus.txt", "input.fifo", "stderr", "stdout"});
}

}  // namespace

TEST_CASE("SIGINT during tokenize keeps the previous output file", "[errors][interrupt]") {
  interrupt_while_feeding({"tokenize", "--mode", "text8"}, SIGINT);
}

TEST_CASE("SIGTERM during tokenize keeps the previous output file", "[errors][interrupt]") {
  interrupt_while_feeding({"tokenize", "--mode", "text8"}, SIGTERM);
}

TEST_CASE("SIGTERM during tfidf reading a FIFO keeps the previous output file", "[errors][interrupt]") {
  interrupt_while_feeding({"tfidf"}, SIGTERM);
}

// Starts a trainer with `args` (writing `output`, and `checkpoint` when
// interrupted), sends SIGINT after `delay`, and checks: exit 130, the
// interruption on stderr, no output, no temporary left behind. Returns whether
// the checkpoint exists; if it does, it is complete: `magic` through "END\n".
// (Interrupted before training started — a very slow machine — means no
// checkpoint is due.)
bool interrupt_training(const TempDir& dir, const std::vector<std::string>& args, const std::string& output,
                        const std::string& checkpoint, const std::string& magic, std::chrono::seconds delay) {
  const pid_t pid = spawn_embkit(args, dir.file("stdout"), dir.file("stderr"));
  REQUIRE(pid > 0);
  std::this_thread::sleep_for(delay);
  REQUIRE(kill(pid, SIGINT) == 0);
  const int code = wait_exit(pid, std::chrono::seconds(30));
  const std::string err = read_file(dir.file("stderr"));
  INFO("stderr: " << err);
  CHECK(code == 130);
  CHECK(err.find("interrupted") != std::string::npos);
  CHECK_FALSE(fs::exists(output));
  for (const auto& name : directory_entries(dir.path())) CHECK(name.find(".tmp") == std::string::npos);
  if (!fs::exists(checkpoint)) {
    WARN(args[0] << " was interrupted before training started; no checkpoint to check");
    return false;
  }
  const std::string saved = read_file(checkpoint);
  CHECK(saved.rfind(magic, 0) == 0);
  CHECK(saved.size() > magic.size() + 4);
  CHECK(saved.compare(saved.size() - 4, 4, "END\n") == 0);
  return true;
}

TEST_CASE("SIGINT during word2vec leaves no vectors and writes the checkpoint", "[errors][interrupt]") {
  const std::string corpus = source_path("corpora/wiki-sample.txt");
  REQUIRE(fs::exists(corpus));  // bundled with the sources
  TempDir dir;
  const std::string output = dir.file("vectors.vec"), checkpoint = dir.file("run.ckpt");
  // Far more epochs than the test will wait for; --threads 2 exercises the
  // workers' shared stop path. 3 s: time to read the corpus and start training.
  interrupt_training(dir,
                     {"word2vec", "--input", corpus, "--output", output, "--dim", "16", "--epochs", "1000",
                      "--min-count", "2", "--threads", "2", "--checkpoint", checkpoint, "--quiet"},
                     output, checkpoint, "EMBKIT-W2V-CHECKPOINT 2\n", std::chrono::seconds(3));
}

TEST_CASE("SIGINT during doc2vec leaves no vectors and writes a checkpoint that resumes", "[errors][interrupt]") {
  TempDir dir;
  // 2,000 documents of 30 words from 2,000, and far more epochs than the test waits for.
  std::string docs;
  std::uint64_t x = 7;
  for (int d = 0; d < 2000; ++d)
    for (int j = 0; j < 30; ++j) {
      x = x * 6364136223846793005ULL + 1442695040888963407ULL;
      docs += "w" + std::to_string((x >> 33) % 2000) + (j == 29 ? "\n" : " ");
    }
  const std::string input = dir.file("docs.txt"), output = dir.file("docs.vec"), checkpoint = dir.file("run.ckpt");
  write_file(input, docs);
  if (!interrupt_training(dir,
                          {"doc2vec", "--input", input, "--output", output, "--dim", "16", "--epochs", "100000",
                           "--min-count", "1", "--threads", "2", "--checkpoint", checkpoint, "--quiet"},
                          output, checkpoint, "EMBKIT-DOC2VEC-CHECKPOINT 1\n", std::chrono::seconds(2)))
    return;
  // It resumes: with --epochs 1 if it is still in its first epoch, else refused as already done.
  const auto resumed = run_embkit("doc2vec --quiet --input " + input + " --output " + output + " --resume " +
                                  checkpoint + " --epochs 1");
  if (resumed.exit_code == 0) CHECK(fs::exists(output));
  else CHECK(resumed.err.find("has already completed") != std::string::npos);
}

namespace {

// How long a command may take to exit after the signal: the watchdog's grace
// (kInterruptGraceMilliseconds, 0.7 s) plus room for a loaded test machine.
constexpr auto kStopLimit = std::chrono::milliseconds(1500);

// A corpus of `lines` lines of 20 words drawn from 5,000, enough to keep the
// trainers below busy for longer than the tests wait.
void write_corpus(const std::string& path, int lines) {
  std::string text;
  std::uint64_t x = 1;
  for (int i = 0; i < lines; ++i) {
    for (int j = 0; j < 20; ++j) {
      x = x * 6364136223846793005ULL + 1442695040888963407ULL;
      text += "w" + std::to_string((x >> 33) % 5000) + (j == 19 ? "\n" : " ");
    }
  }
  write_file(path, text);
}

// Starts embkit with `args` in `dir`, sends `signal_number` after `delay`, and
// checks that it exits with 128 + signal within kStopLimit, with one line on
// stderr, leaving exactly the entries `expected` in `dir`.
void check_stops(const TempDir& dir, const std::vector<std::string>& args, int signal_number,
                 std::chrono::milliseconds delay, const std::vector<std::string>& expected) {
  const std::string out = dir.file("stdout"), err = dir.file("stderr");
  const pid_t pid = spawn_embkit(args, out, err);
  REQUIRE(pid > 0);
  std::this_thread::sleep_for(delay);
  int status = 0;
  REQUIRE(waitpid(pid, &status, WNOHANG) == 0);  // still running when signalled
  const auto sent = Clock::now();
  REQUIRE(kill(pid, signal_number) == 0);
  const int code = wait_exit(pid, std::chrono::seconds(10));
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - sent);
  const std::string message = read_file(err);
  INFO("embkit " << args[0] << ": stderr: " << message << "; stopped after " << took.count() << " ms");
  CHECK(code == 128 + signal_number);
  CHECK(took < kStopLimit);
  CHECK(count_lines(message) == 1);
  CHECK(message.find("interrupted by signal") != std::string::npos);
  std::vector<std::string> names = expected;
  names.push_back("stderr");
  names.push_back("stdout");
  std::sort(names.begin(), names.end());
  CHECK(directory_entries(dir.path()) == names);
}

}  // namespace

TEST_CASE("SIGTERM and SIGINT end a command blocked opening an input FIFO", "[errors][interrupt]") {
  for (const int signal_number : {SIGTERM, SIGINT}) {
    TempDir dir;
    const std::string fifo = dir.file("vectors.fifo");
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    // No writer ever comes: open() blocks until the signal.
    check_stops(dir, {"convert", "--input", fifo, "--output", dir.file("out.vec")}, signal_number,
                std::chrono::milliseconds(300), {"vectors.fifo"});
    check_stops(dir, {"knn", "--vectors", fifo, "--query", "king"}, signal_number, std::chrono::milliseconds(300),
                {"vectors.fifo"});
  }
}

TEST_CASE("SIGINT ends a command blocked opening an output FIFO, which stays a FIFO", "[errors][interrupt]") {
  TempDir dir;
  const std::string fifo = dir.file("out.fifo"), corpus = dir.file("corpus.txt");
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  write_file(corpus, "the cat sat on the mat\n");
  check_stops(dir, {"vocab", "--input", corpus, "--output", fifo, "--min-count", "1"}, SIGINT,
              std::chrono::milliseconds(300), {"corpus.txt", "out.fifo"});
  struct stat st {};
  REQUIRE(lstat(fifo.c_str(), &st) == 0);
  CHECK(S_ISFIFO(st.st_mode));
}

TEST_CASE("SIGTERM stops every trainer within a second, in whatever phase it is", "[errors][interrupt]") {
  TempDir corpus_dir;
  const std::string corpus = corpus_dir.file("corpus.txt"), ratings = corpus_dir.file("ratings.txt");
  write_corpus(corpus, 60000);
  write_file(ratings, "1 10 5\n1 11 4\n2 10 3\n2 12 1\n3 11 2\n");
  const std::vector<std::vector<std::string>> commands = {
      {"word2vec", "--input", corpus, "--epochs", "1000", "--quiet", "--output"},
      {"glove", "--input", corpus, "--epochs", "100000", "--quiet", "--output"},
      {"ppmi", "--input", corpus, "--quiet", "--output"},
      {"lsa", "--input", corpus, "--dim", "300", "--quiet", "--output-docs"},  // seconds, not 0.3 s as --dim 20
      {"mf", "--input", ratings, "--epochs", "100000000", "--quiet", "--output-users"},
  };
  // 0.2 s: reading or counting; 0.8 s: counting or training.
  for (const int delay : {200, 800}) {
    for (auto args : commands) {
      TempDir dir;
      args.push_back(dir.file("out.vec"));
      check_stops(dir, args, SIGTERM, std::chrono::milliseconds(delay), {});
    }
  }
}
