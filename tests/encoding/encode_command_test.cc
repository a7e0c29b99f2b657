// `embkit encode` end to end: the bundled worked examples, every output format,
// fit/transform across files, and bad input with the documented exit codes.
#include <catch2/catch.hpp>

#include <filesystem>

#include "core/npy.h"
#include "core/sparse.h"
#include "support/test_util.h"

using namespace embkit;
using embkit::test::run_embkit;
using embkit::test::TempDir;
namespace fs = std::filesystem;

namespace {
std::string countries() { return embkit::test::source_path("corpora/countries.csv"); }
std::string three_documents() { return embkit::test::source_path("corpora/three-documents.txt"); }
}  // namespace

TEST_CASE("encode: the bundled worked examples") {
  auto r = run_embkit("encode --method ordinal --input " + countries() + " --quiet");
  CHECK(r.exit_code == 0);
  CHECK(r.out == "country\n2\n1\n0\n");
  r = run_embkit("encode --method onehot --input " + countries() + " --quiet");
  CHECK(r.out == "NZ,UK,US\n0,0,1\n0,1,0\n1,0,0\n");
  r = run_embkit("encode --method dummy --input " + countries() + " --quiet");
  CHECK(r.out == "UK,US\n0,1\n1,0\n0,0\n");
  r = run_embkit("encode --method bow --binary --input " + three_documents() + " --quiet");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.rfind("an,answer,because,bird,broken,cannot,die,does,dreams,fast,", 0) == 0);
  CHECK(embkit::test::count_lines(r.out) == 4);
}

TEST_CASE("encode: .npy, .mtx and .npz outputs with a features file, stdin input") {
  TempDir tmp;
  auto r = run_embkit("encode -m onehot -i " + countries() + " -o " + tmp.file("c.npy") + " --quiet");
  REQUIRE(r.exit_code == 0);
  const Matrix x = read_npy(tmp.file("c.npy"));
  REQUIRE(x.rows() == 3);
  CHECK(x(0, 2) == 1);
  CHECK(x.sum() == 3);
  CHECK(embkit::test::read_file(tmp.file("c.features.txt")) == "NZ\nUK\nUS\n");

  r = run_embkit("encode -m bow -i " + three_documents() + " -o " + tmp.file("bow.mtx") + " --quiet");
  REQUIRE(r.exit_code == 0);
  const SparseMatrix m = read_matrix_market(tmp.file("bow.mtx"));
  CHECK(m.rows() == 3);
  CHECK(m.coeff(0, 8) == 2);  // "dreams" twice in the first document
  CHECK(embkit::test::read_file(tmp.file("bow.features.txt")).rfind("an\nanswer\n", 0) == 0);

  // .npz: the same counts as SciPy's sparse CSR, the same features file.
  const std::string features = embkit::test::read_file(tmp.file("bow.features.txt"));
  r = run_embkit("encode -m bow -i " + three_documents() + " -o " + tmp.file("bow2.npz") + " --quiet");
  REQUIRE(r.exit_code == 0);
  CHECK(SparseMatrix(read_npz(tmp.file("bow2.npz")) - m).norm() == 0.0);
  CHECK(embkit::test::read_file(tmp.file("bow2.features.txt")) == features);

  embkit::test::write_file(tmp.file("values.txt"), "red\nblue\nred\n");
  r = run_embkit("encode -m ordinal -i - --quiet", tmp.file("values.txt"));
  CHECK(r.exit_code == 0);
  CHECK(r.out == "value\n1\n0\n1\n");
}

TEST_CASE("encode: CSV columns by name or index, quoted text for bag-of-words") {
  TempDir tmp;
  const std::string csv = tmp.file("t.csv");
  embkit::test::write_file(csv, "id,text,colour\r\n1,\"Birds, birds\",red\r\n2,\"a \"\"cat\"\"\",blue\r\n");
  auto r = run_embkit("encode -m bow -i " + csv + " --column text --quiet");
  CHECK(r.exit_code == 0);
  CHECK(r.out == "birds,cat\n2,0\n0,1\n");
  r = run_embkit("encode -m onehot -i " + csv + " --column 2 --quiet");
  CHECK(r.out == "blue,red\n0,1\n1,0\n");
  r = run_embkit("encode -m onehot -i " + csv + " --quiet");
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("--column") && Catch::Contains("t.csv:1"));
  r = run_embkit("encode -m onehot -i " + csv + " --column size --quiet");
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("no column named 'size'"));
  r = run_embkit("encode -m onehot -i " + csv + " --column 7 --quiet");
  CHECK(r.exit_code == 1);
}

TEST_CASE("encode: --fit-input and the unknown policy; no output left on error") {
  TempDir tmp;
  const std::string fresh = tmp.file("new.csv");
  embkit::test::write_file(fresh, "country\nUK\nFR\n");
  const std::string out = tmp.file("out.csv");
  auto r = run_embkit("encode -m onehot -i " + fresh + " --fit-input " + countries() + " -o " + out);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("new.csv:3") && Catch::Contains("'FR'"));
  CHECK_FALSE(fs::exists(out));
  r = run_embkit("encode -m onehot -i " + fresh + " --fit-input " + countries() + " --unknown ignore -o " + out +
                 " --quiet");
  CHECK(r.exit_code == 0);
  CHECK(embkit::test::read_file(out) == "NZ,UK,US\n0,1,0\n0,0,0\n");
  embkit::test::write_file(tmp.file("docs.txt"), "a bird sings\nzebras sing\n");
  r = run_embkit("encode -m bow -i " + tmp.file("docs.txt") + " --fit-input " + three_documents());
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, !Catch::Contains("docs.txt:1"));  // "bird" and "sings" are known
  CHECK_THAT(r.err, Catch::Contains("docs.txt:2") && Catch::Contains("'zebras'"));
}

TEST_CASE("encode: bad input and usage errors") {
  TempDir tmp;
  embkit::test::write_file(tmp.file("empty.txt"), "");
  embkit::test::write_file(tmp.file("header.csv"), "country\n");
  embkit::test::write_file(tmp.file("open.csv"), "country\n\"US\n");
  struct Case {
    std::string args;
    int exit_code;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"-m ordinal -i /nonexistent.csv", 1, "/nonexistent.csv"},
      {"-m ordinal -i " + tmp.path(), 1, tmp.path()},
      {"-m ordinal -i " + tmp.file("empty.txt"), 1, "empty file"},
      {"-m ordinal -i " + tmp.file("header.csv"), 1, "no rows"},
      {"-m ordinal -i " + tmp.file("open.csv"), 1, "open.csv:2"},
      {"-m hash -i " + countries(), 2, "--method"},
      {"-i " + countries(), 2, "method"},
      {"-m onehot -i " + countries() + " -o out.txt", 2, "--output"},
      {"-m onehot -i " + countries() + " --binary", 2, "--binary"},
      {"-m onehot -i " + countries() + " --max-features 5", 2, "--max-features"},
      {"-m bow -i " + countries() + " --min-df 2.5", 2, "--min-df"},
      {"-m bow -i " + countries() + " --max-features -1", 2, "--max-features"},
      {"-m bow -i " + countries() + " --unknown skip", 2, "--unknown"},
      {"-m bow -i " + countries() + " --tokens regex", 2, "--tokens"},
      {"-m bow -i " + three_documents() + " --column text", 2, "--column"},
      {"-m bow -i " + three_documents() + " --min-df 4", 1, "--max-df"},
      {"-m bow -i " + three_documents() + " --threads abc", 2, "threads"},
  };
  for (const auto& c : cases) {
    INFO("embkit encode " << c.args);
    const auto r = run_embkit("encode " + c.args);
    CHECK(r.exit_code == c.exit_code);
    CHECK_THAT(r.err, Catch::Contains(c.message));
    CHECK(embkit::test::count_lines(r.err) == 1);
  }
}

TEST_CASE("encode: a CSV saved with a UTF-8 byte-order mark names its first column plainly") {
  TempDir tmp;
  const std::string csv = tmp.file("bom.csv");
  embkit::test::write_file(csv, "\xEF\xBB\xBF" "colour,size\r\nred,S\r\nblue,M\r\n");
  const auto r = run_embkit("encode -m ordinal -i " + csv + " --column colour --quiet");
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out == run_embkit("encode -m ordinal -i " + csv + " --column 0 --quiet").out);
}
