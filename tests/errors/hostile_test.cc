// Hostile but legitimate input: files that must give the right answer (and,
// where embkit changed something on the way in, one warning), which the
// catalogue in docs/errors.md cannot express since its rows all fail. Every
// file lives in the test's own TempDir.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/error.h"
#include "core/text.h"
#include "factorization/glove.h"
#include "word2vec/checkpoint.h"
#include "support/test_util.h"

namespace {

using namespace embkit;
using namespace embkit::test;

const std::string kBom = "\xEF\xBB\xBF";

int count(const std::string& text, const std::string& needle) {
  int n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("a UTF-8 byte order mark is skipped in vectors, datasets, CSV and corpora", "[errors][hostile]") {
  TempDir tmp;
  const std::string vec = tmp.write("bom.vec", kBom + "3 2\nking 1 0\nqueen 0.9 0.1\nman 0 1\n");
  CommandResult r = run_embkit("knn --vectors " + vec + " --query king --k 1");
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "king\tqueen\t0.9938837\n");

  // Without a header (GloVe) the BOM would otherwise start the first label.
  const std::string glove = tmp.write("bom.txt", kBom + "king 1 0\nqueen 0.9 0.1\nman 0 1\n");
  r = run_embkit("knn --vectors " + glove + " --query queen --k 1");
  CHECK(r.exit_code == 0);
  CHECK(r.out == "queen\tking\t0.9938837\n");

  const std::string pairs = tmp.write("pairs.txt", kBom + "king\tqueen\t9\nking\tman\t2\nqueen\tman\t1\n");
  r = run_embkit("similarity --vectors " + vec + " --dataset " + pairs);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("3/3") != std::string::npos);

  const std::string csv = tmp.write("colors.csv", kBom + "color,size\nred,S\nblue,M\n");
  r = run_embkit("encode --method ordinal --input " + csv + " --column color --output " + tmp.file("out.csv"));
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(read_file(tmp.file("out.csv")).find(kBom) == std::string::npos);

  const std::string corpus = tmp.write("corpus.txt", kBom + "the cat sat\nthe dog sat\n");
  r = run_embkit("vocab --input " + corpus + " --output " + tmp.file("vocab.tsv") + " --min-count 1 --quiet");
  CHECK(r.exit_code == 0);
  const std::string vocab = read_file(tmp.file("vocab.tsv"));
  CHECK(vocab.find(kBom) == std::string::npos);
  CHECK(vocab.find("the\t2") != std::string::npos);
}

TEST_CASE("knn --k beyond the number of vectors lists them all without allocating padding", "[errors][hostile]") {
  TempDir tmp;
  const std::string vec = tmp.write("words.vec", "3 2\nking 1 0\nqueen 0.9 0.1\nman 0 1\n");
  const CommandResult r = run_embkit("knn --vectors " + vec + " --query king --k 2000000000");
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "king\tqueen\t0.9938837\nking\tman\t0\n");
}

TEST_CASE("tokens split at the length cap give one warning, even with --quiet", "[errors][hostile]") {
  TempDir tmp;
  // 200,000 bytes without a space: cut at 65,536, 131,072 and 196,608.
  const std::string corpus = tmp.write("long.txt", "a b\n" + std::string(200000, 'x') + "\nb a\n");
  const CommandResult r =
      run_embkit("vocab --input " + corpus + " --output " + tmp.file("v.tsv") + " --min-count 1 --quiet");
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(count_lines(r.err) == 1);
  CHECK(count(r.err, "warning:") == 1);
  CHECK(r.err.find("split tokens longer than 65536 bytes 3 time(s)") != std::string::npos);

  // word2vec reads the corpus twice (vocabulary, then encoding): still one line.
  const CommandResult w = run_embkit("word2vec --input " + corpus + " --output " + tmp.file("w.vec") +
                                     " --min-count 1 --dim 2 --epochs 1 --threads 1 --quiet");
  INFO(w.err);
  CHECK(w.exit_code == 0);
  CHECK(count(w.err, "warning:") == 1);
}

TEST_CASE("messages escape raw bytes from the input: one line, valid UTF-8", "[errors][hostile]") {
  CHECK(escape_input("plain ünïcode ×") == "plain ünïcode ×");
  CHECK(escape_input(std::string("a\nb\rc\x1b\x7f", 7)) == "a\\x0ab\\x0dc\\x1b\\x7f");
  CHECK(escape_input("\xff\xfe ok \xC3") == "\\xff\\xfe ok \\xc3");
  CHECK(escape_input(std::string("nul\0", 4)) == "nul\\x00");
  // quote_input cuts on a character boundary and marks the cut.
  CHECK(quote_input("abcdef", 3) == "'abc...'");
  CHECK(quote_input("ab\xC3\xA9z", 3) == "'ab...'");
  CHECK(quote_input("ab", 3) == "'ab'");

  TempDir tmp;
  const std::string vec = tmp.write("bad.vec", std::string("2 2\na 1 2\nb 3 \x01\xff\n"));
  const CommandResult r = run_embkit("convert --input " + vec + " --output " + tmp.file("out.vec"));
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(count_lines(r.err) == 1);
  CHECK(r.err.find("got '\\x01\\xff'") != std::string::npos);
  CHECK(r.err.find('\xff') == std::string::npos);
}

TEST_CASE("a word2vec checkpoint holding NaN is corrupt, not a reason to lower --alpha", "[errors][hostile]") {
  TempDir tmp;
  Word2VecState state = load_checkpoint(source_path("tests/fuzz/seeds/checkpoint_fuzz/tiny.ckpt"));
  save_checkpoint(state, tmp.file("good.ckpt"));
  CHECK_NOTHROW(load_checkpoint(tmp.file("good.ckpt")));
  state.input(0, 0) = std::nanf("");
  save_checkpoint(state, tmp.file("nan.ckpt"));
  CHECK_THROWS_WITH(load_checkpoint(tmp.file("nan.ckpt")), Catch::Contains("checkpoint is corrupt"));
  state = load_checkpoint(tmp.file("good.ckpt"));
  state.output(0, 0) = INFINITY;
  save_checkpoint(state, tmp.file("inf.ckpt"));
  CHECK_THROWS_WITH(load_checkpoint(tmp.file("inf.ckpt")), Catch::Contains("checkpoint is corrupt"));
}

TEST_CASE("a GloVe checkpoint with non-finite or negative state is corrupt", "[errors][hostile]") {
  TempDir tmp;
  GloveModel m;
  m.word = Matrix::Constant(3, 3, 0.5f);
  m.context = Matrix::Constant(3, 3, -0.25f);
  m.word_gradsq = Matrix::Ones(3, 3);
  m.context_gradsq = Matrix::Ones(3, 3);
  m.epochs_done = 2;
  m.vocab_fingerprint = 99;
  save_glove_checkpoint(m, tmp.file("good.gckpt"));
  const GloveModel back = load_glove_checkpoint(tmp.file("good.gckpt"));
  CHECK(back.word == m.word);
  CHECK(back.epochs_done == 2);
  auto rejects = [&](GloveModel bad, const std::string& fragment) {
    save_glove_checkpoint(bad, tmp.file("bad.gckpt"));
    CHECK_THROWS_WITH(load_glove_checkpoint(tmp.file("bad.gckpt")), Catch::Contains(fragment));
  };
  GloveModel bad = m;
  bad.word(1, 2) = INFINITY;
  rejects(bad, "checkpoint is corrupt: its word vectors hold NaN or Inf values");
  bad = m;
  bad.context(0, 0) = std::nanf("");
  rejects(bad, "checkpoint is corrupt: its context vectors hold NaN or Inf values");
  bad = m;
  bad.context_gradsq(2, 1) = -1;
  rejects(bad, "checkpoint is corrupt: its context gradient sums hold negative values");
}

TEST_CASE("threads that cannot be created give embkit's one-line error, not libgomp's", "[errors][hostile]") {
  // Three more stacks of 100,000 GiB each fit neither the memory nor the
  // 128 TiB address space (no ulimit: AddressSanitizer's shadow needs its
  // address space), so the probe in resolve_threads fails before libgomp
  // would end the process.
  TempDir tmp;
  const std::string vec = tmp.write("words.vec", "3 2\nking 1 0\nqueen 0.9 0.1\nman 0 1\n");
  const std::string out = tmp.file("out"), err = tmp.file("err");
  const std::string cmd = "OMP_STACKSIZE=100000G " + std::string(EMBKIT_BINARY) + " knn --vectors " + vec +
                          " --query king --threads 4 >" + out + " 2>" + err;
  const int status = std::system(cmd.c_str());
  const std::string message = read_file(err);
  INFO(message);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 1);
  CHECK(count_lines(message) == 1);
  CHECK(message.find("embkit knn: error: cannot start 4 threads (") != std::string::npos);
  CHECK(message.find("lower --threads") != std::string::npos);
  CHECK(message.find("libgomp") == std::string::npos);
}
