// Inputs and outputs that are not plain files: standard input and output
// ("-"), FIFOs, character devices and symbolic links (see docs/reliability.md,
// "Safe outputs"), and the thread cap. Every special file is made inside the
// test's own directory; nothing outside it is touched.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>
#include <utility>
#include <vector>

#include "support/test_util.h"

namespace {

using namespace embkit::test;

const char* const kVectors = "3 2\nking 1 0\nqueen 0.9 0.1\nman 0 1\n";
const char* const kCorpus = "the cat sat on the mat\nthe dog sat\n";

bool is_kind(const std::string& path, mode_t kind) {
  struct stat st {};
  return lstat(path.c_str(), &st) == 0 && (st.st_mode & S_IFMT) == kind;
}

}  // namespace

TEST_CASE("an output that is a device is written through, not replaced", "[errors][io]") {
  TempDir dir;
  const std::string device = dir.file("null"), corpus = dir.file("corpus.txt");
  REQUIRE(mknod(device.c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0);  // what /dev/null is
  write_file(corpus, kCorpus);
  const CommandResult r = run_embkit("vocab --input " + corpus + " --output " + device + " --min-count 1");
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(is_kind(device, S_IFCHR));
  CHECK(std::distance(fs::directory_iterator(dir.path()), {}) == 2);
}

TEST_CASE("an output that is a FIFO is written through", "[errors][io]") {
  TempDir dir;
  const std::string fifo = dir.file("out.fifo"), corpus = dir.file("corpus.txt");
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  write_file(corpus, kCorpus);
  auto reader = std::async(std::launch::async, [&] { return read_file(fifo); });
  const CommandResult r = run_embkit("vocab --input " + corpus + " --output " + fifo + " --min-count 1");
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(reader.get().rfind("the\t3\nsat\t2\n", 0) == 0);
  CHECK(is_kind(fifo, S_IFIFO));
}

TEST_CASE("an output that is a symbolic link replaces its target and keeps the link", "[errors][io]") {
  TempDir dir;
  const std::string link = dir.file("link.tsv"), target = dir.file("target.tsv"), corpus = dir.file("corpus.txt");
  write_file(target, "old\n");
  REQUIRE(symlink("target.tsv", link.c_str()) == 0);
  write_file(corpus, kCorpus);
  const CommandResult r = run_embkit("vocab --input " + corpus + " --output " + link + " --min-count 1");
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(is_kind(link, S_IFLNK));
  CHECK(read_file(target).rfind("the\t3\n", 0) == 0);
  CHECK(std::distance(fs::directory_iterator(dir.path()), {}) == 3);
}

TEST_CASE("'-' is standard output; progress stays on stderr", "[errors][io]") {
  TempDir dir;
  const std::string corpus = dir.file("corpus.txt"), file = dir.file("vocab.tsv");
  write_file(corpus, kCorpus);
  const CommandResult to_file = run_embkit("vocab --input " + corpus + " --output " + file + " --min-count 1");
  const CommandResult to_stdout = run_embkit("vocab --input " + corpus + " --output - --min-count 1");
  REQUIRE(to_file.exit_code == 0);
  REQUIRE(to_stdout.exit_code == 0);
  CHECK(to_stdout.out == read_file(file));
  CHECK(to_stdout.err == to_file.err);
  CHECK_FALSE(fs::exists(dir.file("-")));
}

TEST_CASE("with an output on standard output, what a command prints there goes to stderr", "[errors][io]") {
  TempDir dir;
  const std::string ratings = dir.file("ratings.txt"), users = dir.file("u.vec");
  write_file(ratings, "1 10 5\n1 11 4\n2 10 3\n2 12 1\n3 11 2\n");
  const std::string train = "mf --input " + ratings + " --epochs 2 --dim 4 --threads 1 --quiet";
  const CommandResult to_file = run_embkit(train + " --output-users " + users);
  const CommandResult to_stdout = run_embkit(train + " --output-users -");
  REQUIRE(to_file.exit_code == 0);
  REQUIRE(to_stdout.exit_code == 0);
  CHECK(to_stdout.out == read_file(users));
  CHECK(to_stdout.err == to_file.out + to_file.err);  // the metrics line, now on stderr
}

TEST_CASE("'-' is standard input: vectors are read once, the format detected from what was read", "[errors][io]") {
  TempDir dir;
  const std::string vectors = dir.file("words.vec");
  write_file(vectors, kVectors);
  const CommandResult from_file = run_embkit("knn --vectors " + vectors + " --query king --k 1");
  const CommandResult from_stdin = run_embkit("knn --vectors - --query king --k 1", vectors);
  INFO(from_stdin.err);
  REQUIRE(from_file.exit_code == 0);
  CHECK(from_stdin.exit_code == 0);
  CHECK(from_stdin.out == from_file.out);
  // A binary file through stdin too: its detection needs the bytes after the header.
  const std::string binary = dir.file("words.bin");
  REQUIRE(run_embkit("convert --input " + vectors + " --output " + binary + " --quiet").exit_code == 0);
  const CommandResult text = run_embkit("convert --input - --output - --output-format vec --quiet", binary);
  CHECK(text.exit_code == 0);
  CHECK(text.out == kVectors);
}

TEST_CASE("a FIFO as input is opened once: convert and knn read it like a file", "[errors][io]") {
  TempDir dir;
  const std::string fifo = dir.file("in.fifo"), vectors = dir.file("words.vec");
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  write_file(vectors, kVectors);
  // (command reading the FIFO, the same command reading the file)
  const std::vector<std::pair<std::string, std::string>> commands = {
      {"convert --input " + fifo + " --output -", "convert --input " + vectors + " --output -"},
      {"knn --vectors " + fifo + " --query king --k 1", "knn --vectors " + vectors + " --query king --k 1"}};
  for (const auto& [command, reference] : commands) {
    INFO(command);
    auto writer = std::async(std::launch::async, [&] {
      std::ofstream out(fifo);
      out << kVectors;
    });
    const CommandResult r = run_embkit(command);
    writer.get();
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out == run_embkit(reference).out);
  }
}

TEST_CASE("tfidf reads documents from standard input, detecting their format", "[errors][io]") {
  TempDir dir;
  const std::string docs = dir.file("docs.tsv");
  write_file(docs, "earn\tprofit rose\nacq\tbought shares\n");
  REQUIRE(run_embkit("tfidf --input " + docs + " --output " + dir.file("a.mtx") + " --quiet").exit_code == 0);
  const CommandResult r = run_embkit("tfidf --input - --output " + dir.file("b.mtx") + " --quiet", docs);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  // The matrices differ only in the comment naming their terms file.
  const auto without_comments = [](const std::string& text) {
    std::istringstream in(text);
    std::string line, kept;
    while (std::getline(in, line))
      if (line.rfind("% ", 0) != 0) kept += line + "\n";
    return kept;
  };
  CHECK(without_comments(read_file(dir.file("b.mtx"))) == without_comments(read_file(dir.file("a.mtx"))));
  CHECK(read_file(dir.file("b.terms.tsv")) == read_file(dir.file("a.terms.tsv")));
}

TEST_CASE("a failing output leaves the other outputs of the command unwritten", "[errors][io]") {
  TempDir dir;
  const std::string ratings = dir.file("ratings.txt"), users = dir.file("u.vec");
  write_file(ratings, "1 10 5\n1 11 4\n2 10 3\n2 12 1\n3 11 2\n");
  write_file(users, "previous\n");
  // The item output names a directory: refused before training, users untouched.
  fs::create_directory(dir.file("items"));
  const CommandResult r = run_embkit("mf --input " + ratings + " --epochs 2 --quiet --output-users " + users +
                                     " --output-items " + dir.file("items"));
  CHECK(r.exit_code == 1);
  CHECK(read_file(users) == "previous\n");
}

TEST_CASE("a full disk on the second output keeps both previous files", "[errors][io]") {
  TempDir dir;
  const std::string docs = dir.file("docs.txt"), matrix = dir.file("t.mtx"), terms = dir.file("t.terms.tsv");
  // 200 distinct words: a terms file of a few KB, a matrix of several hundred KB.
  std::string text;
  for (int i = 0; i < 4000; ++i) {
    for (int j = 0; j < 20; ++j) text += "w" + std::to_string((i * 7 + j * 13) % 200) + (j == 19 ? "\n" : " ");
  }
  write_file(docs, text);
  write_file(matrix, "old matrix\n");
  write_file(terms, "old terms\n");
  // A file size limit of 100 KiB stands in for a full disk: the terms file is
  // written, the matrix fails (EFBIG; SIGXFSZ ignored so that write() reports it).
  const CommandResult r = run_embkit("tfidf --input " + docs + " --output " + matrix + " --quiet");
  REQUIRE(r.exit_code == 0);
  REQUIRE(fs::file_size(terms) < 100 * 1024);
  REQUIRE(fs::file_size(matrix) > 100 * 1024);
  write_file(matrix, "old matrix\n");
  write_file(terms, "old terms\n");
  const std::string command = "ulimit -f 100; trap '' XFSZ; " + std::string(EMBKIT_BINARY) + " tfidf --input " +
                              docs + " --output " + matrix + " --quiet 2>" + dir.file("err");
  CHECK(std::system(("sh -c \"" + command + "\"").c_str()) != 0);
  CHECK(read_file(dir.file("err")).find("t.mtx: write failed (disk full?)") != std::string::npos);
  CHECK(read_file(matrix) == "old matrix\n");
  CHECK(read_file(terms) == "old terms\n");
  CHECK(std::distance(fs::directory_iterator(dir.path()), {}) == 4);  // no temporaries
}

TEST_CASE("--threads above the CPUs the process may run on (taskset, mpirun's binding) warns once",
          "[errors][io]") {
  if (std::thread::hardware_concurrency() < 2 || std::system("taskset -c 0 true > /dev/null 2>&1") != 0) {
    WARN("skipped: needs 2 CPUs and taskset");
    return;
  }
  TempDir dir;
  const std::string corpus = dir.file("corpus.txt");
  write_file(corpus, kCorpus);
  const std::string command = "word2vec --input " + corpus + " --output " + dir.file("w.vec") +
                              " --min-count 1 --epochs 1 --dim 4 --quiet --threads 2";
  const CommandResult bound = run_embkit(command, "", "taskset -c 0 ");
  INFO(bound.err);
  CHECK(bound.exit_code == 0);
  CHECK(count_lines(bound.err) == 1);
  CHECK(bound.err.find("warning: --threads 2 but this process may run on only 1 of the") != std::string::npos);
  CHECK(bound.err.find("--bind-to none") != std::string::npos);
  const CommandResult free = run_embkit(command);
  CHECK(free.exit_code == 0);
  CHECK(free.err.empty());
}

TEST_CASE("--threads far above the cores is capped with one warning", "[errors][io]") {
  TempDir dir;
  const std::string corpus = dir.file("corpus.txt");
  write_file(corpus, kCorpus);
  for (const std::string& command : {"word2vec --input " + corpus + " --output " + dir.file("w.vec") +
                                        " --min-count 1 --epochs 1 --dim 4 --quiet",
                                    "glove --input " + corpus + " --output " + dir.file("g.vec") +
                                        " --min-count 1 --epochs 1 --dim 4 --quiet"}) {
    const CommandResult r = run_embkit(command + " --threads 100000");
    INFO(command << "\n" << r.err);
    CHECK(r.exit_code == 0);
    CHECK(count_lines(r.err) == 1);
    CHECK(r.err.find("warning: --threads 100000 is more than 4 per core") != std::string::npos);
  }
}
