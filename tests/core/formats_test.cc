// Documents, Matrix Market, JSON, random numbers and atomic files.
#include <catch2/catch.hpp>

#include <sstream>

#include "core/atomic_file.h"
#include "core/documents.h"
#include "core/error.h"
#include "core/json.h"
#include "core/memory.h"
#include "core/random.h"
#include "core/sparse.h"
#include "support/test_util.h"

using namespace embkit;
using embkit::test::TempDir;
using embkit::test::write_file;

TEST_CASE("document formats are detected and read", "[documents]") {
  TempDir tmp;
  write_file(tmp.file("r8.txt"), "Class\tExample\nearn\tprofit up\nacq\tbuys firm\n");
  Documents d = read_documents(tmp.file("r8.txt"));
  REQUIRE(d.format == DocumentFormat::Labeled);
  REQUIRE(d.labels == std::vector<std::string>{"earn", "acq"});
  REQUIRE(d.texts[1] == "buys firm");

  write_file(tmp.file("wiki.txt"), "<doc id=\"1\" title=\"A\">\nA\nText one.\n</doc>\n<doc id=\"2\" title=\"B b\">\nB\n</doc>\n");
  d = read_documents(tmp.file("wiki.txt"));
  REQUIRE(d.format == DocumentFormat::Wikidoc);
  REQUIRE(d.texts == std::vector<std::string>{"A\nText one.", "B"});
  REQUIRE(d.titles == std::vector<std::string>{"A", "B b"});

  write_file(tmp.file("lines.txt"), "first doc here\n\nsecond doc\n");
  std::uint64_t empty = 0;
  d = read_documents(tmp.file("lines.txt"), DocumentFormat::Auto, &empty);
  REQUIRE(d.format == DocumentFormat::Lines);
  REQUIRE(d.texts.size() == 2);
  REQUIRE(empty == 1);
}

TEST_CASE("documents split into pieces of N words keep their labels", "[documents]") {
  Documents d;
  d.format = DocumentFormat::Labeled;
  d.texts = {"  one two\tthree\nfour five ", "   ", "six"};
  d.labels = {"x", "blank", "y"};
  const Documents pieces = split_documents(d, 2);
  // Pieces keep the bytes between their first and last word; a blank
  // document gives none; the last piece of a document may be shorter.
  CHECK(pieces.texts == std::vector<std::string>{"one two", "three\nfour", "five", "six"});
  CHECK(pieces.labels == std::vector<std::string>{"x", "x", "x", "y"});
  CHECK(pieces.format == DocumentFormat::Labeled);
  CHECK(split_documents(d, 100).texts == std::vector<std::string>{"one two\tthree\nfour five", "six"});
  CHECK_THROWS_AS(split_documents(d, 0), UsageError);
}

TEST_CASE("malformed document collections are rejected", "[documents][errors]") {
  TempDir tmp;
  write_file(tmp.file("l.txt"), "a\tb\nno tab here\n");
  REQUIRE_THROWS_WITH(read_documents(tmp.file("l.txt"), DocumentFormat::Labeled), Catch::Contains("l.txt:2: expected 'label<TAB>text'"));
  write_file(tmp.file("w.txt"), "<doc id=\"1\">\ntext\n");
  REQUIRE_THROWS_WITH(read_documents(tmp.file("w.txt")), Catch::Contains("w.txt:1: <doc> block is never closed"));
  write_file(tmp.file("e.txt"), "\n\n");
  REQUIRE_THROWS_WITH(read_documents(tmp.file("e.txt")), Catch::Contains("no documents"));
}

TEST_CASE("Matrix Market round trip and validation", "[sparse]") {
  TempDir tmp;
  std::vector<Triplet> t{{0, 1, 0.48489318520672503}, {1, 0, -2.0}, {2, 2, 1e-300}};
  SparseMatrix m(3, 4);
  m.setFromTriplets(t.begin(), t.end());
  write_matrix_market(m, tmp.file("m.mtx"), "formula: test\nsecond line");
  const SparseMatrix back = read_matrix_market(tmp.file("m.mtx"));
  REQUIRE(back.rows() == 3);
  REQUIRE(back.cols() == 4);
  REQUIRE(back.coeff(0, 1) == 0.48489318520672503);
  REQUIRE(back.coeff(2, 2) == 1e-300);

  write_file(tmp.file("sym.mtx"), "%%MatrixMarket matrix coordinate pattern symmetric\n2 2 1\n2 1\n");
  const SparseMatrix sym = read_matrix_market(tmp.file("sym.mtx"));
  REQUIRE(sym.coeff(0, 1) == 1.0);
  REQUIRE(sym.coeff(1, 0) == 1.0);

  auto bad = [&](const std::string& content, const std::string& fragment) {
    write_file(tmp.file("bad.mtx"), content);
    REQUIRE_THROWS_WITH(read_matrix_market(tmp.file("bad.mtx")), Catch::Contains(fragment));
  };
  bad("hello\n", "not a Matrix Market file");
  bad("%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n4\n", "coordinate");
  bad("%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1.0\n", "truncated: 2 entries declared, 1 found");
  bad("%%MatrixMarket matrix coordinate real general\n2 2 1\n3 1 1.0\n", "bad.mtx:3: row index 3 outside 1..2");
  bad("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 nan\n", "bad.mtx:3: non-finite");
  bad("%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 1\n2 2 2\n", "more entries than the 1 declared");
}

TEST_CASE("JSON writer escapes and nests", "[json]") {
  std::ostringstream out;
  JsonWriter j(out);
  j.begin_object();
  j.key("name").value("a\"b\n");
  j.key("x").value(0.1);
  j.key("nan").value(std::nan(""));
  j.key("list").begin_array().value(1).value(true).null().end_array();
  j.key("obj").begin_object().key("k").value(std::uint64_t{18446744073709551615ULL}).end_object();
  j.end_object();
  REQUIRE(out.str() ==
          "{\"name\":\"a\\\"b\\n\",\"x\":0.1,\"nan\":null,\"list\":[1,true,null],\"obj\":{\"k\":18446744073709551615}}\n");
}

TEST_CASE("JSON strings are valid UTF-8 whatever the input bytes", "[json]") {
  // Valid UTF-8 is copied; a stray byte is the code point of its value (Latin-1).
  CHECK(json_escape("caf\xc3\xa9") == "caf\xc3\xa9");
  CHECK(json_escape("caf\xe9") == "caf\\u00e9");
  CHECK(json_escape("\xff\xfe") == "\\u00ff\\u00fe");
  CHECK(json_escape("\xe2\x82") == "\\u00e2\\u0082");  // truncated sequence
  CHECK(json_escape("\xed\xa0\x80") == "\\u00ed\\u00a0\\u0080");  // a UTF-16 surrogate
  CHECK(json_escape("\x01\x7f") == "\\u0001\x7f");
}

TEST_CASE("Rng is deterministic and derive_seed separates streams", "[random]") {
  Rng a(42), b(42), c(derive_seed(42, 1));
  for (int i = 0; i < 100; ++i) REQUIRE(a.next() == b.next());
  REQUIRE(a.next() != c.next());
  REQUIRE(derive_seed(1, 0, 1) != derive_seed(1, 1, 0));
  Rng r(7);
  std::vector<int> hist(10, 0);
  for (int i = 0; i < 100000; ++i) {
    const auto v = r.below(10);
    REQUIRE(v < 10);
    ++hist[v];
    const double u = r.uniform();
    REQUIRE((u >= 0.0 && u < 1.0));
  }
  for (int h : hist) REQUIRE(std::abs(h - 10000) < 500);
}

TEST_CASE("AtomicFile leaves the old file or nothing", "[atomic]") {
  TempDir tmp;
  const std::string path = tmp.file("out.txt");
  write_file(path, "old");
  {
    AtomicFile f(path);
    f.stream() << "new but unfinished";
    // no commit: as if an exception unwound the stack
  }
  REQUIRE(embkit::test::read_file(path) == "old");
  REQUIRE(std::distance(embkit::test::fs::directory_iterator(tmp.path()), {}) == 1);
  {
    AtomicFile f(path);
    f.stream() << "new";
    f.commit();
  }
  REQUIRE(embkit::test::read_file(path) == "new");
  REQUIRE_THROWS_WITH(AtomicFile(tmp.path()), Catch::Contains("is a directory"));
  REQUIRE_THROWS_AS(AtomicFile(tmp.file("no/such/dir/x")), InputError);
}

TEST_CASE("memory sizes parse and limits refuse clearly", "[memory]") {
  REQUIRE(parse_memory_size("512M") == 512ULL << 20);
  REQUIRE(parse_memory_size("8GiB") == 8ULL << 30);
  REQUIRE(parse_memory_size("100") == 100);
  REQUIRE_THROWS_AS(parse_memory_size("lots"), UsageError);
  REQUIRE_THROWS_WITH(require_memory(2ULL << 30, "the model", 1ULL << 30), Catch::Contains("more than max_memory"));
  REQUIRE_NOTHROW(require_memory(1024, "a little", 0));
  REQUIRE(peak_rss_bytes() > 0);
}
