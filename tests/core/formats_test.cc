// Documents, Matrix Market, JSON, random numbers and atomic files.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <sstream>
#include <vector>

#include "core/atomic_file.h"
#include "core/documents.h"
#include "core/error.h"
#include "core/input_file.h"
#include "core/json.h"
#include "core/memory.h"
#include "core/npy.h"
#include "core/random.h"
#include "core/sparse.h"
#include "core/zip.h"
#include "support/test_util.h"

using namespace embkit;
using embkit::test::TempDir;
using embkit::test::read_file;
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

TEST_CASE("a large file read in parallel parts gives the serial reading's documents", "[documents]") {
  // Over 32 MiB, so two threads read two parts: lines cross the 4 MiB read
  // chunks, one line outgrows a chunk, CRLF endings, a byte order mark, an
  // unterminated last line; the same bytes read as standard input (the serial
  // line reader) give the reference.
  TempDir tmp;
  std::string wiki = std::string(kUtf8Bom);
  std::uint32_t state = 7;
  const auto next = [&state] { return state = state * 1103515245u + 12345u; };
  for (int d = 0; wiki.size() < (std::size_t{33} << 20); ++d) {
    wiki += "<doc id=\"" + std::to_string(d) + "\" title=\"T" + std::to_string(d) + "\">\n";
    const int lines = 1 + static_cast<int>(next() % 40);
    for (int l = 0; l < lines; ++l) {
      std::string line(next() % 300, 'a' + static_cast<char>(next() % 26));
      if (d == 5000 && l == 0) line.assign(std::size_t{5} << 20, 'z');  // longer than a chunk
      wiki += line + (next() % 7 == 0 ? "\r\n" : "\n");
    }
    wiki += "</doc>\n";
  }
  wiki += "<doc id=\"last\" title=\"L\">\nend\n</doc>";  // no final newline
  write_file(tmp.file("wiki.txt"), wiki);
  // Standard input is read line by line: the reference.
  const auto serial = [](const std::string& path, DocumentFormat format, EmptyLines empty_lines,
                         std::uint64_t* empty) {
    FILE* saved = stdin;
    FILE* in = std::fopen(path.c_str(), "rb");
    stdin = in;
    Documents d = read_documents("-", format, empty, empty_lines, 2);
    stdin = saved;
    std::fclose(in);
    return d;
  };
  const Documents parallel = read_documents(tmp.file("wiki.txt"), DocumentFormat::Auto, nullptr, EmptyLines::Keep, 2);
  const Documents reference = serial(tmp.file("wiki.txt"), DocumentFormat::Wikidoc, EmptyLines::Keep, nullptr);
  CHECK(parallel.format == DocumentFormat::Wikidoc);
  CHECK(parallel.texts.size() > 5000);
  CHECK(parallel.texts == reference.texts);
  CHECK(parallel.titles == reference.titles);
  CHECK(parallel.texts.back() == "end");
  CHECK(read_documents(tmp.file("wiki.txt"), DocumentFormat::Wikidoc, nullptr, EmptyLines::Keep, 1).texts ==
        reference.texts);

  // Lines with empty ones kept, and labeled lines with a header.
  std::string lines, labeled = "Class\tExample\n";
  while (lines.size() < (std::size_t{33} << 20)) {
    const std::string text(next() % 200, 'a' + static_cast<char>(next() % 26));
    lines += text + "\n";
    labeled += "c" + std::to_string(next() % 8) + "\t" + text + "\n";
  }
  write_file(tmp.file("lines.txt"), lines);
  write_file(tmp.file("labeled.txt"), labeled);
  for (const auto& [name, format] : {std::pair{"lines.txt", DocumentFormat::Lines},
                                     std::pair{"labeled.txt", DocumentFormat::Labeled}}) {
    std::uint64_t empty = 0, serial_empty = 0;
    const Documents p = read_documents(tmp.file(name), format, &empty, EmptyLines::Skip, 2);
    const Documents s = serial(tmp.file(name), format, EmptyLines::Skip, &serial_empty);
    CHECK(p.texts == s.texts);
    CHECK(p.labels == s.labels);
    CHECK(empty == serial_empty);
  }

  // An error in the second part names its line, as the serial reading does.
  const std::size_t cut = wiki.rfind("</doc>\n<doc id=\"last\"");
  write_file(tmp.file("bad.txt"), wiki.substr(0, cut) + wiki.substr(cut + 7));
  const std::uint64_t line = static_cast<std::uint64_t>(std::count(wiki.begin(), wiki.begin() + static_cast<std::ptrdiff_t>(cut), '\n')) + 1;
  REQUIRE_THROWS_WITH(read_documents(tmp.file("bad.txt"), DocumentFormat::Wikidoc, nullptr, EmptyLines::Keep, 2),
                      Catch::Contains("bad.txt:" + std::to_string(line) + ": <doc> opened inside another <doc>"));
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

namespace {

std::uint32_t le32(const std::string& s, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
  return v;
}
std::uint32_t le16(const std::string& s, std::size_t at) {
  return static_cast<unsigned char>(s[at]) | (static_cast<unsigned char>(s[at + 1]) << 8);
}

// An archive of the given members, each a .npy preamble plus raw bytes.
void write_archive(const std::string& path, const std::vector<std::pair<std::string, std::string>>& members) {
  std::ofstream out(path, std::ios::binary);
  ZipWriter zip(out, path);
  for (const auto& [name, content] : members) zip.add(name, {content});
  zip.finish();
}

template <typename T>
std::string raw(std::initializer_list<T> values) {
  std::string s;
  for (T v : values) s.append(reinterpret_cast<const char*>(&v), sizeof v);
  return s;
}

}  // namespace

TEST_CASE("CRC-32 matches the standard check value", "[sparse]") {
  // The CRC-32/ISO-HDLC check value of "123456789" (zlib.crc32 gives the same).
  CHECK(crc32_update(0, "123456789", 9) == 0xCBF43926u);
  CHECK(crc32_update(crc32_update(0, "1234", 4), "56789", 5) == 0xCBF43926u);
  const std::string long_text(1000, 'x');  // through the 8-byte loop
  std::uint32_t bytewise = 0;
  for (char c : long_text) bytewise = crc32_update(bytewise, &c, 1);
  CHECK(crc32_update(0, long_text.data(), long_text.size()) == bytewise);
  CHECK(crc32_update(0, "", 0) == 0u);
}

TEST_CASE("CRC-32: the carry-less multiplication kernel equals the bit-by-bit definition", "[sparse]") {
  // Lengths around the kernel's 64-byte minimum and 16-byte steps, at every
  // alignment, continuing a running CRC; under EMBKIT_SIMD=baseline the same
  // checks cover the table path.
  const auto bitwise = [](std::uint32_t crc, const unsigned char* p, std::size_t n) {
    std::uint32_t c = ~crc;
    for (std::size_t i = 0; i < n; ++i) {
      c ^= p[i];
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    }
    return ~c;
  };
  std::vector<unsigned char> bytes(1200);
  std::uint32_t state = 12345;
  for (unsigned char& b : bytes) b = static_cast<unsigned char>((state = state * 1103515245u + 12345u) >> 16);
  int mismatches = 0;
  for (std::size_t offset = 0; offset < 16; ++offset)
    for (std::size_t n = 0; n + offset <= bytes.size(); n += n < 200 ? 1 : 37)
      mismatches += crc32_update(0xDEADBEEFu, bytes.data() + offset, n) !=
                    bitwise(0xDEADBEEFu, bytes.data() + offset, n);
  CHECK(mismatches == 0);
}

TEST_CASE("SciPy .npz: zip layout, round trip and validation", "[sparse]") {
  TempDir tmp;
  std::vector<Triplet> t{{0, 1, 0.48489318520672503}, {1, 0, -2.0}, {1, 3, 7.0}, {2, 2, 1e-300}};
  SparseMatrix m(3, 4);
  m.setFromTriplets(t.begin(), t.end());
  write_npz(m, tmp.file("m.npz"));
  const std::string bytes = read_file(tmp.file("m.npz"));

  // Walk the local headers: stored members, in save_npz's order, each CRC
  // matching its bytes, each a .npy array of the expected dtype and shape.
  struct Expected {
    const char* name;
    std::string preamble;
    std::string data;
  };
  const std::vector<Expected> expected{
      {"indices.npy", npy_preamble("<i4", {4}), raw<std::int32_t>({1, 0, 3, 2})},
      {"indptr.npy", npy_preamble("<i4", {4}), raw<std::int32_t>({0, 1, 3, 4})},
      {"format.npy", npy_preamble("|S3", {}), "csr"},
      {"shape.npy", npy_preamble("<i8", {2}), raw<std::int64_t>({3, 4})},
      {"data.npy", npy_preamble("<f8", {4}), raw<double>({0.48489318520672503, -2.0, 7.0, 1e-300})}};
  CHECK(expected[2].preamble.find("{'descr': '|S3', 'fortran_order': False, 'shape': (), }") == 10);
  CHECK(expected[0].preamble.find("'shape': (4,), }") != std::string::npos);
  std::size_t at = 0;
  std::vector<std::size_t> offsets;
  for (const Expected& e : expected) {
    INFO(e.name);
    offsets.push_back(at);
    REQUIRE(le32(bytes, at) == 0x04034b50u);
    CHECK(le16(bytes, at + 8) == 0);  // stored
    const std::uint32_t crc = le32(bytes, at + 14), size = le32(bytes, at + 22);
    CHECK(le32(bytes, at + 18) == size);
    const std::size_t name_len = le16(bytes, at + 26), extra_len = le16(bytes, at + 28);
    CHECK(bytes.substr(at + 30, name_len) == e.name);
    const std::string content = bytes.substr(at + 30 + name_len + extra_len, size);
    CHECK(content == e.preamble + e.data);
    CHECK(content.size() % 64 == e.data.size() % 64);  // header padded to 64 bytes, as numpy pads
    CHECK(crc32_update(0, content.data(), content.size()) == crc);
    at += 30 + name_len + extra_len + size;
  }
  // Central directory: one record per member pointing back at its local
  // header, then the end record counting five members.
  const std::size_t directory = at;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    REQUIRE(le32(bytes, at) == 0x02014b50u);
    CHECK(le32(bytes, at + 42) == offsets[i]);
    at += 46 + le16(bytes, at + 28) + le16(bytes, at + 30) + le16(bytes, at + 32);
  }
  REQUIRE(le32(bytes, at) == 0x06054b50u);
  CHECK(le16(bytes, at + 10) == 5);
  CHECK(le32(bytes, at + 12) == at - directory);
  CHECK(le32(bytes, at + 16) == directory);
  CHECK(at + 22 == bytes.size());

  const SparseMatrix back = read_npz(tmp.file("m.npz"));
  CHECK(back.rows() == 3);
  CHECK(back.cols() == 4);
  CHECK(SparseMatrix(back - m).norm() == 0.0);
  write_matrix_market(m, tmp.file("m.mtx"));
  CHECK(SparseMatrix(read_sparse(tmp.file("m.npz")) - read_sparse(tmp.file("m.mtx"))).norm() == 0.0);
  write_sparse(m, tmp.file("s.npz"), "ignored comment");
  CHECK(read_file(tmp.file("s.npz")) == bytes);

  // What save_npz can also write: int64 indices, unicode format, unsorted and
  // repeated columns (summed, as scipy's sum_duplicates does).
  const std::string fmt_u = npy_preamble("<U3", {}) + raw<char32_t>({U'c', U's', U'r'});
  write_archive(tmp.file("u.npz"), {{"format.npy", fmt_u},
                                    {"shape.npy", npy_preamble("<i8", {2}) + raw<std::int64_t>({2, 3})},
                                    {"indptr.npy", npy_preamble("<i8", {3}) + raw<std::int64_t>({0, 3, 3})},
                                    {"indices.npy", npy_preamble("<i8", {3}) + raw<std::int64_t>({2, 0, 2})},
                                    {"data.npy", npy_preamble("<f4", {3}) + raw<float>({1.5f, 2.0f, 0.25f})}});
  const SparseMatrix u = read_npz(tmp.file("u.npz"));
  CHECK(u.nonZeros() == 2);
  CHECK(u.coeff(0, 0) == 2.0);
  CHECK(u.coeff(0, 2) == 1.75);

  auto bad = [&](const std::vector<std::pair<std::string, std::string>>& members, const std::string& fragment) {
    write_archive(tmp.file("bad.npz"), members);
    REQUIRE_THROWS_WITH(read_npz(tmp.file("bad.npz")), Catch::Contains(fragment));
  };
  const auto fmt = std::make_pair(std::string("format.npy"), npy_preamble("|S3", {}) + "csr");
  const auto shape = std::make_pair(std::string("shape.npy"), npy_preamble("<i8", {2}) + raw<std::int64_t>({1, 2}));
  const auto indptr = std::make_pair(std::string("indptr.npy"), npy_preamble("<i4", {2}) + raw<std::int32_t>({0, 1}));
  const auto data = std::make_pair(std::string("data.npy"), npy_preamble("<f8", {1}) + raw<double>({1.0}));
  const auto index = [&](std::int32_t c) {
    return std::make_pair(std::string("indices.npy"), npy_preamble("<i4", {1}) + raw<std::int32_t>({c}));
  };
  bad({fmt, shape, indptr, index(1)}, "no data.npy in the archive");
  bad({{"format.npy", npy_preamble("|S3", {}) + "csc"}, shape, indptr, index(1), data}, "sparse format 'csc'");
  bad({fmt, shape, indptr, index(2), data}, "column index 2 outside 0..1 in row 0");
  bad({fmt, shape, {"indptr.npy", npy_preamble("<i4", {2}) + raw<std::int32_t>({0, 2})}, index(1), data},
      "must start at 0 and end at the entry count 1");
  bad({fmt, shape, indptr, index(1), {"data.npy", npy_preamble("<f8", {1}) + raw<double>({NAN})}}, "not finite");
  bad({fmt, shape, indptr, index(1), {"data.npy", npy_preamble("<f8", {2}) + raw<double>({1.0})}},
      "shape (2,) needs 16");
  bad({fmt, shape, indptr, index(1), {"data.npy", npy_preamble("<c8", {1}) + raw<double>({1.0})}}, "dtype '<c8'");

  // Corruption the archive itself shows: a flipped data byte, a compressed member.
  std::string flipped = bytes;
  flipped[offsets[4] + 30 + 8 + 128] ^= 0x40;  // first byte of data.npy's values
  write_file(tmp.file("crc.npz"), flipped);
  REQUIRE_THROWS_WITH(read_npz(tmp.file("crc.npz")), Catch::Contains("(data.npy): CRC-32 mismatch"));
  std::string deflated = bytes;
  deflated[directory + 10] = 8;  // the central record of indices.npy says "deflate"
  write_file(tmp.file("z.npz"), deflated);
  REQUIRE_THROWS_WITH(read_npz(tmp.file("z.npz")), Catch::Contains("member indices.npy is compressed (method 8)"));
  write_file(tmp.file("short.npz"), bytes.substr(0, bytes.size() / 2));
  REQUIRE_THROWS_WITH(read_npz(tmp.file("short.npz")), Catch::Contains("no end-of-central-directory record"));
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

TEST_CASE("AtomicFile: outputs of one transaction are renamed together or not at all", "[formats]") {
  TempDir tmp;
  const std::string a = tmp.file("a.txt"), b = tmp.file("b.txt");
  embkit::test::write_file(a, "old a");
  const auto write_both = [&] {
    AtomicFile fa(a), fb(b);
    fa.stream() << "new a";
    fb.stream() << "new b";
    fa.commit();
    fb.commit();
  };
  {
    OutputTransaction outputs;
    write_both();
    REQUIRE(embkit::test::read_file(a) == "old a");  // not yet renamed
    // no outputs.commit(): the command failed after writing both
  }
  CHECK(embkit::test::read_file(a) == "old a");
  CHECK_FALSE(embkit::test::fs::exists(b));
  CHECK(std::distance(embkit::test::fs::directory_iterator(tmp.path()), {}) == 1);  // no temporaries
  {
    OutputTransaction outputs;
    write_both();
    outputs.commit();
  }
  CHECK(embkit::test::read_file(a) == "new a");
  CHECK(embkit::test::read_file(b) == "new b");
  {
    // A checkpoint is kept even if the command then fails.
    OutputTransaction outputs;
    AtomicFile checkpoint(tmp.file("c.ckpt"), true, AtomicFile::Commit::Now);
    checkpoint.stream() << "state";
    checkpoint.commit();
  }
  CHECK(embkit::test::read_file(tmp.file("c.ckpt")) == "state");
}

TEST_CASE("AtomicFile writes through a device or FIFO and renames onto a symlink's target", "[formats]") {
  TempDir tmp;
  const std::string device = tmp.file("null"), link = tmp.file("link.txt"), target = tmp.file("target.txt");
  REQUIRE(mknod(device.c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0);  // like /dev/null
  {
    AtomicFile f(device);
    CHECK(f.temp_path().empty());
    f.stream() << "discarded";
    f.commit();
  }
  struct stat st {};
  REQUIRE(lstat(device.c_str(), &st) == 0);
  CHECK(S_ISCHR(st.st_mode));
  embkit::test::write_file(target, "old");
  REQUIRE(symlink("target.txt", link.c_str()) == 0);
  {
    AtomicFile f(link);
    f.stream() << "new";
    f.commit();
  }
  REQUIRE(lstat(link.c_str(), &st) == 0);
  CHECK(S_ISLNK(st.st_mode));
  CHECK(embkit::test::read_file(target) == "new");
  // A link to a file that does not exist yet: the file is created where it points.
  const std::string dangling = tmp.file("dangling.txt");
  REQUIRE(symlink("created.txt", dangling.c_str()) == 0);
  {
    AtomicFile f(dangling);
    f.stream() << "made";
    f.commit();
  }
  REQUIRE(lstat(dangling.c_str(), &st) == 0);
  CHECK(S_ISLNK(st.st_mode));
  CHECK(embkit::test::read_file(tmp.file("created.txt")) == "made");
}

TEST_CASE("memory sizes parse and limits refuse clearly", "[memory]") {
  REQUIRE(parse_memory_size("512M") == 512ULL << 20);
  REQUIRE(parse_memory_size("8GiB") == 8ULL << 30);
  REQUIRE(parse_memory_size("100") == 100);
  REQUIRE_THROWS_AS(parse_memory_size("lots"), UsageError);
  REQUIRE_THROWS_WITH(require_memory(2ULL << 30, "the model", 1ULL << 30), Catch::Contains("more than max_memory"));
  REQUIRE_NOTHROW(require_memory(1024, "a little", 0));
  // 0 is no cap of the user's, not no check: the available memory still bounds.
  if (available_memory_bytes() > 0)
    REQUIRE_THROWS_WITH(require_memory(available_memory_bytes() * 2, "everything", 0), Catch::Contains("is available"));
  REQUIRE(peak_rss_bytes() > 0);
}
