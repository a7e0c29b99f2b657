#include <catch2/catch.hpp>

#include "core/error.h"
#include "core/npy.h"
#include "core/vectors_io.h"
#include "support/test_util.h"

using namespace embkit;
using embkit::test::TempDir;
using embkit::test::write_file;

namespace {

Embeddings sample() {
  Matrix m(3, 4);
  m << 0.1f, -2.5f, 3e-8f, 1e6f,  //
      -0.333333343f, 0.0f, 7.25f, -1.0f,  //
      123.456f, 1e-3f, -9.99e5f, 0.5f;
  return Embeddings({"the", "naïve", "x_y"}, m);
}

void require_equal(const Embeddings& a, const Embeddings& b) {
  REQUIRE(a.labels == b.labels);
  REQUIRE(a.vectors.rows() == b.vectors.rows());
  REQUIRE(a.vectors.cols() == b.vectors.cols());
  // Bit-exact: the text writer uses shortest round-trip decimals.
  for (Eigen::Index i = 0; i < a.vectors.size(); ++i) REQUIRE(a.vectors.data()[i] == b.vectors.data()[i]);
}

void require_error(const std::string& path, const std::string& fragment) {
  try {
    read_vectors(path);
    FAIL("expected an InputError containing '" << fragment << "'");
  } catch (const InputError& e) {
    INFO(e.what());
    REQUIRE(std::string(e.what()).find(fragment) != std::string::npos);
  }
}

}  // namespace

TEST_CASE("every vector format round-trips bit-exactly", "[vectors]") {
  TempDir tmp;
  const Embeddings emb = sample();
  for (const char* name : {"v.vec", "v.txt", "v.bin", "v.npy", "v.tsv"}) {
    SECTION(name) {
      const std::string path = tmp.file(name);
      write_vectors(emb, path);
      require_equal(emb, read_vectors(path));
    }
  }
}

TEST_CASE("format detection reads content, not the extension", "[vectors]") {
  TempDir tmp;
  const Embeddings emb = sample();
  write_vectors(emb, tmp.file("a.vec"), VectorFormat::Binary);  // binary bytes under a .vec name
  REQUIRE(detect_vector_format(tmp.file("a.vec")) == VectorFormat::Binary);
  require_equal(emb, read_vectors(tmp.file("a.vec")));
  write_vectors(emb, tmp.file("b.bin"), VectorFormat::Text);
  REQUIRE(detect_vector_format(tmp.file("b.bin")) == VectorFormat::Text);
  write_file(tmp.file("g.txt"), "cat 0.5 1.5\ndog -1 2\n");
  REQUIRE(detect_vector_format(tmp.file("g.txt")) == VectorFormat::Glove);
  const Embeddings g = read_vectors(tmp.file("g.txt"));
  REQUIRE(g.labels == std::vector<std::string>{"cat", "dog"});
  REQUIRE(g.vectors(1, 0) == -1.0f);
}

TEST_CASE("text vectors accept word2vec.c's trailing spaces and CRLF", "[vectors]") {
  TempDir tmp;
  write_file(tmp.file("w.vec"), "2 2\r\na 1 2 \r\nb 3 4 \r\n");
  const Embeddings e = read_vectors(tmp.file("w.vec"));
  REQUIRE(e.rows() == 2);
  REQUIRE(e.vectors(1, 1) == 4.0f);
}

TEST_CASE("--limit reads only the first rows", "[vectors]") {
  TempDir tmp;
  write_vectors(sample(), tmp.file("v.bin"));
  ReadVectorsOptions o;
  o.limit = 2;
  REQUIRE(read_vectors(tmp.file("v.bin"), o).rows() == 2);
}

TEST_CASE("malformed vector files are rejected with file and line", "[vectors][errors]") {
  TempDir tmp;
  const auto p = [&](const std::string& name, const std::string& content) {
    write_file(tmp.file(name), content);
    return tmp.file(name);
  };
  require_error(p("fields.vec", "2 3\na 1 2 3\nb 1 2\n"), "fields.vec:3: expected 4 fields");
  require_error(p("short.vec", "3 2\na 1 2\nb 1 2\n"), "header promises 3 vectors but the file holds 2");
  require_error(p("long.vec", "1 2\na 1 2\nb 1 2\n"), "long.vec:3: more vectors than the header's 1");
  require_error(p("nonnum.vec", "1 2\na 1 x2\n"), "nonnum.vec:2: expected a float value, got 'x2'");
  require_error(p("nan.vec", "1 2\na 1 nan\n"), "nan.vec:2: non-finite value");
  require_error(p("inf.vec", "1 2\na inf 1\n"), "inf.vec:2: non-finite value");
  require_error(p("dup.vec", "2 1\na 1\na 2\n"), "dup.vec:3: duplicate label 'a' (first seen at line 2)");
  require_error(p("empty.vec", ""), "empty file");
  require_error(p("baddims.vec", "2 0\n"), "header declares 0 dimensions");
  require_error(tmp.file("missing.vec"), "cannot open");
  require_error(tmp.path(), "is a directory");
}

TEST_CASE("truncated and corrupt binary files are rejected", "[vectors][errors]") {
  TempDir tmp;
  write_vectors(sample(), tmp.file("v.bin"));
  const std::string full = embkit::test::read_file(tmp.file("v.bin"));
  write_file(tmp.file("cut.bin"), full.substr(0, full.size() - 9));
  require_error(tmp.file("cut.bin"), "truncated binary file");
  // A header claiming more rows than the bytes can hold fails before allocating.
  write_file(tmp.file("huge.bin"), "100000000 100\na " + std::string(400, '\x01'));
  require_error(tmp.file("huge.bin"), "truncated binary file");
  // NaN bytes inside a binary vector.
  std::string nan_file = "1 1\na ";
  const float nan = std::numeric_limits<float>::quiet_NaN();
  nan_file.append(reinterpret_cast<const char*>(&nan), 4);
  write_file(tmp.file("nan.bin"), nan_file + "\n");
  REQUIRE_THROWS_AS(read_vectors(tmp.file("nan.bin"), {VectorFormat::Binary}), InputError);
}

TEST_CASE("npy of the wrong dtype, rank or size is rejected", "[vectors][errors]") {
  TempDir tmp;
  auto npy = [&](const std::string& name, const std::string& dict, std::size_t data_bytes) {
    std::string header = dict;
    header.append((64 - (10 + header.size() + 1) % 64) % 64, ' ');
    header += '\n';
    std::string s = "\x93NUMPY\x01";
    s += '\0';
    s += static_cast<char>(header.size() & 0xFF);
    s += static_cast<char>(header.size() >> 8);
    s += header + std::string(data_bytes, '\0');
    write_file(tmp.file(name), s);
    return tmp.file(name);
  };
  require_error(npy("int.npy", "{'descr': '<i8', 'fortran_order': False, 'shape': (2, 2), }", 32), "unsupported npy dtype '<i8'");
  require_error(npy("rank1.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", 16), "rank 1");
  require_error(npy("rank3.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2, 2), }", 32), "rank 3");
  require_error(npy("short.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (10, 10), }", 40), "truncated npy data");
  write_file(tmp.file("bad.npy"), "not numpy at all");
  require_error(tmp.file("bad.npy"), "");  // detected as GloVe text, then rejected
  // A float64, Fortran-ordered array is read and converted.
  std::string path = npy("f8.npy", "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", 0);
  std::string bytes = embkit::test::read_file(path);
  for (double v : {1.0, 4.0, 2.0, 5.0, 3.0, 6.0}) bytes.append(reinterpret_cast<const char*>(&v), 8);
  write_file(path, bytes);
  const Matrix m = read_npy(path);
  REQUIRE(m(0, 1) == 2.0f);
  REQUIRE(m(1, 2) == 6.0f);
}

TEST_CASE("npy labels file must match the rows", "[vectors][errors]") {
  TempDir tmp;
  write_vectors(sample(), tmp.file("v.npy"));
  write_file(tmp.file("v.labels.txt"), "a\nb\n");
  require_error(tmp.file("v.npy"), "2 labels for the 3 rows");
  std::remove(tmp.file("v.labels.txt").c_str());
  const Embeddings e = read_vectors(tmp.file("v.npy"));
  REQUIRE(e.labels == std::vector<std::string>{"0", "1", "2"});
}

TEST_CASE("writers refuse labels the format cannot hold and leave no file", "[vectors][errors]") {
  TempDir tmp;
  Matrix m = Matrix::Ones(1, 2);
  REQUIRE_THROWS_AS(write_vectors(Embeddings({"two words"}, m), tmp.file("x.vec")), InputError);
  REQUIRE_FALSE(embkit::test::fs::exists(tmp.file("x.vec")));
  m(0, 0) = std::numeric_limits<float>::infinity();
  REQUIRE_THROWS_AS(write_vectors(Embeddings({"w"}, m), tmp.file("y.bin")), InputError);
  REQUIRE(embkit::test::fs::is_empty(tmp.path()));
}

TEST_CASE("files load unchanged in gensim and numpy", "[vectors][peers]") {
  embkit::test::require_python_modules({"gensim", "numpy"});
  TempDir tmp;
  const Embeddings emb = sample();
  write_vectors(emb, tmp.file("v.vec"));
  write_vectors(emb, tmp.file("v.bin"));
  write_vectors(emb, tmp.file("v.npy"));
  write_file(tmp.file("check.py"), R"(
import sys, numpy as np
from gensim.models import KeyedVectors
d = sys.argv[1]
t = KeyedVectors.load_word2vec_format(d + '/v.vec', binary=False)
b = KeyedVectors.load_word2vec_format(d + '/v.bin', binary=True)
n = np.load(d + '/v.npy')
labels = open(d + '/v.labels.txt', encoding='utf-8').read().split('\n')[:-1]
assert t.index_to_key == b.index_to_key == labels == ['the', 'na\u00efve', 'x_y'], (t.index_to_key, labels)
assert n.dtype == np.float32 and n.shape == (3, 4)
assert (t.vectors == b.vectors).all() and (t.vectors == n).all()
print(repr(float(n[0, 2])), repr(float(n[2, 0])))
)");
  const std::string cmd = "/usr/bin/python3 " + tmp.file("check.py") + " " + tmp.path() + " > " + tmp.file("out") + " 2>&1";
  const int rc = std::system(cmd.c_str());
  INFO(embkit::test::read_file(tmp.file("out")));
  REQUIRE(rc == 0);
  // float32 values as numpy prints them (float32 → Python float).
  REQUIRE(embkit::test::read_file(tmp.file("out")) == std::to_string(0).substr(0, 0) + "2.999999892949745e-08 123.45600128173828\n");
}

TEST_CASE("fastText .bin and gensim .model files are named, not misparsed", "[vectors][errors]") {
  TempDir tmp;
  // fastText: int32 magic 793712314, version 12, then its args (little-endian).
  write_file(tmp.file("model.bin"), std::string("\xBA\x16\x4F\x2F\x0C\x00\x00\x00", 8) + std::string(64, '\x01'));
  // gensim: pickle protocol 4 with a frame, as Word2Vec.save writes it.
  write_file(tmp.file("w2v.model"), std::string("\x80\x04\x95\x10\x00\x00\x00\x00\x00\x00\x00\x8c\x16gensim", 19));
  for (const char* name : {"model.bin", "w2v.model"})
    for (VectorFormat format : {VectorFormat::Auto, VectorFormat::Binary, VectorFormat::Text}) {
      INFO(name << " read as " << vector_format_name(format));
      REQUIRE_THROWS_WITH(read_vectors(tmp.file(name), {format}),
                          Catch::Contains(std::string(name) + ": is a ") &&
                              Catch::Contains("fastText/gensim binary models are not supported; export a .vec"));
    }
  // A word2vec .bin is still read.
  write_vectors(sample(), tmp.file("v.bin"));
  REQUIRE(read_vectors(tmp.file("v.bin")).rows() == 3);
}

TEST_CASE(".tsv writes the TensorFlow Projector pair: values, and labels beside them", "[vectors]") {
  TempDir tmp;
  Matrix m(2, 3);
  m << 0.5f, -1, 2, 3, 0.25f, -0.125f;
  write_vectors(Embeddings({"cat", "big dog"}, m), tmp.file("v.tsv"));
  REQUIRE(embkit::test::read_file(tmp.file("v.tsv")) == "0.5\t-1\t2\n3\t0.25\t-0.125\n");
  REQUIRE(embkit::test::read_file(tmp.file("v.metadata.tsv")) == "cat\nbig dog\n");
  REQUIRE(detect_vector_format(tmp.file("v.tsv")) == VectorFormat::Projector);
  REQUIRE(read_vectors(tmp.file("v.tsv")).labels == std::vector<std::string>{"cat", "big dog"});
  // A label the metadata column cannot hold; a labels file of the wrong length.
  REQUIRE_THROWS_WITH(write_vectors(Embeddings({"a\tb", "c"}, m), tmp.file("w.tsv")),
                      Catch::Contains("label of row 1 is empty or has a tab"));
  REQUIRE_FALSE(std::filesystem::exists(tmp.file("w.tsv")));
  write_file(tmp.file("v.metadata.tsv"), "cat\n");
  REQUIRE_THROWS_WITH(read_vectors(tmp.file("v.tsv")), Catch::Contains("v.metadata.tsv: holds 1 labels for the 2 rows"));
}
