// The embkit binary's contract: exit codes, one-line errors, no output left behind.
#include <catch2/catch.hpp>

#include "support/test_util.h"

using namespace embkit::test;

TEST_CASE("top-level help lists every command", "[cli]") {
  const auto r = run_embkit("--help");
  REQUIRE(r.exit_code == 0);
  for (const char* c : {"tokenize", "vocab", "convert"}) REQUIRE(r.out.find(c) != std::string::npos);
  REQUIRE(run_embkit("").exit_code == 2);
  REQUIRE(run_embkit("--version").out.find("embkit ") == 0);
}

TEST_CASE("usage errors exit 2 with one clear line", "[cli][errors]") {
  TempDir tmp;
  write_file(tmp.file("c.txt"), "a b c\n");
  const std::string io = " -i " + tmp.file("c.txt") + " -o " + tmp.file("v.tsv");
  struct Case {
    std::string args, fragment;
  };
  for (const auto& c : std::vector<Case>{
           {"nosuchcommand", "unknown command 'nosuchcommand'"},
           {"vocab --nosuch 1" + io, "unrecognised option '--nosuch'"},
           {"vocab --min-count abc" + io, "('abc') for option '--min-count' is invalid"},
           {"vocab --min-count 0" + io, "--min-count must be at least 1, got 0"},
           {"vocab --min-count -1" + io, "--min-count must be at least 1, got -1"},
           {"vocab -i " + tmp.file("c.txt"), "'--output' is required"},
           {"vocab stray" + io, "stray"},
           {"tokenize --mode bogus" + io, "--mode must be one of text8, unicode"},
           {"tokenize --utf8 skip" + io, "--punct and --utf8 apply to --mode unicode only"},
       }) {
    INFO(c.args);
    const auto r = run_embkit(c.args);
    INFO(r.err);
    REQUIRE(r.exit_code == 2);
    REQUIRE(count_lines(r.err) == 1);
    REQUIRE(r.err.find(c.fragment) != std::string::npos);
    REQUIRE_FALSE(fs::exists(tmp.file("v.tsv")));
  }
}

TEST_CASE("input errors exit 1 with one line and no output file", "[cli][errors]") {
  TempDir tmp;
  write_file(tmp.file("empty.txt"), "");
  write_file(tmp.file("rare.txt"), "a b c d\n");
  write_file(tmp.file("bad.txt"), "ok \xFF\n");
  struct Case {
    std::string args, fragment;
  };
  for (const auto& c : std::vector<Case>{
           {"vocab -i " + tmp.file("missing.txt"), "missing.txt: cannot open: No such file"},
           {"vocab -i " + tmp.path(), "is a directory"},
           {"vocab -i " + tmp.file("empty.txt"), "corpus is empty"},
           {"vocab -i " + tmp.file("rare.txt"), "all 4 distinct words occur fewer than --min-count 5 times"},
           {"tokenize --mode unicode -i " + tmp.file("bad.txt"), "bad.txt:1: invalid UTF-8 at byte 4"},
           {"convert -i " + tmp.file("empty.txt"), "empty file"},
       }) {
    INFO(c.args);
    const auto r = run_embkit(c.args + " -o " + tmp.file("out"));
    INFO(r.err);
    REQUIRE(r.exit_code == 1);
    REQUIRE(count_lines(r.err) == 1);
    REQUIRE(r.err.find(c.fragment) != std::string::npos);
    REQUIRE_FALSE(fs::exists(tmp.file("out")));
  }
}

TEST_CASE("vocab, tokenize and convert work end to end", "[cli]") {
  TempDir tmp;
  write_file(tmp.file("raw.txt"), "<doc id=\"1\">\nThe cat, the DOG; the 2 cats.\n</doc>\n");
  REQUIRE(run_embkit("tokenize -q --mode text8 -i " + tmp.file("raw.txt") + " -o " + tmp.file("c.txt")).exit_code == 0);
  REQUIRE(read_file(tmp.file("c.txt")) == "the cat the dog the two cats");
  REQUIRE(run_embkit("vocab -q --min-count 1 -i " + tmp.file("c.txt") + " -o " + tmp.file("v.tsv")).exit_code == 0);
  REQUIRE(read_file(tmp.file("v.tsv")) == "the\t3\ncat\t1\ncats\t1\ndog\t1\ntwo\t1\n");
  // stdin as input
  REQUIRE(run_embkit("vocab -q --min-count 2 -i - -o " + tmp.file("v2.tsv"), tmp.file("c.txt")).exit_code == 0);
  REQUIRE(read_file(tmp.file("v2.tsv")) == "the\t3\n");

  write_file(tmp.file("v.vec"), "2 3\nx 3 0 4\ny 1 2 3\n");
  REQUIRE(run_embkit("convert -q --normalize -i " + tmp.file("v.vec") + " -o " + tmp.file("v.bin")).exit_code == 0);
  REQUIRE(run_embkit("convert -q -i " + tmp.file("v.bin") + " -o " + tmp.file("w.vec")).exit_code == 0);
  REQUIRE(read_file(tmp.file("w.vec")).substr(0, 18) == "2 3\nx 0.6 0 0.8\ny ");
}

TEST_CASE("corpus commands warn on raw text, once, unless --quiet", "[cli]") {
  TempDir tmp;
  // The case: five lines of raw text, default --min-count 5.
  write_file(tmp.file("raw.txt"), "The cat sat on the mat.\nThe dog sat.\nThe cat ran.\nThe end of the cat.\nThe the cat.\n");
  const std::string in = " -i " + tmp.file("raw.txt") + " -o " + tmp.file("out");
  for (const std::string command : {"word2vec --threads 1", "glove", "ppmi --dim 1", "vocab"}) {
    INFO(command);
    const auto r = run_embkit(command + in + " --min-count 2");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const std::string name = command.substr(0, command.find(' '));
    REQUIRE(r.err.find(name + ": warning: " + tmp.file("raw.txt") + ": the vocabulary has only") != std::string::npos);
    REQUIRE(r.err.find("embkit tokenize") != std::string::npos);
    REQUIRE(r.err.find("--min-count 2") != std::string::npos);
    REQUIRE(run_embkit(command + in + " --min-count 2 --quiet").err.empty());
  }
  // The remedy the warning names: tokenize, here dropping punctuation tokens.
  REQUIRE(run_embkit("tokenize -q --mode unicode --punct drop -i " + tmp.file("raw.txt") + " -o " + tmp.file("t.txt"))
              .exit_code == 0);
  REQUIRE(read_file(tmp.file("t.txt")).rfind("the cat sat on the mat\nthe dog sat\n", 0) == 0);
  for (const std::string command : {"word2vec", "glove", "ppmi", "vocab"}) {
    const auto r = run_embkit(command + " --help");
    INFO(command);
    REQUIRE(r.out.find("tokenized corpus") != std::string::npos);
  }
}
