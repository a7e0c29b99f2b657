// Regression tests for inputs found by the libFuzzer targets in tests/fuzz.
// Each input is the (minimised) crashing file as a literal; each must now be
// rejected with an InputError that names the problem, instead of escaping as
// std::bad_alloc / std::out_of_range or tripping UBSan.
#include <catch2/catch.hpp>

#include "core/error.h"
#include "core/npy.h"
#include "core/sparse.h"
#include "core/vectors_io.h"
#include "core/vocabulary.h"
#include "eval/hnsw_index.h"
#include "word2vec/checkpoint.h"
#include "word2vec/doc2vec.h"
#include "word2vec/subwords.h"
#include "support/test_util.h"

namespace {

using namespace embkit;
using namespace embkit::test;

template <class Read>
void require_input_error(const std::string& path, const std::string& fragment, Read&& read) {
  try {
    read(path);
    FAIL("no error for " << path);
  } catch (const InputError& e) {
    INFO(e.what());
    CHECK(std::string(e.what()).find(fragment) != std::string::npos);
  }
}

Embeddings read_as(const std::string& path, VectorFormat format) {
  ReadVectorsOptions options;
  options.format = format;
  return read_vectors(path, options);
}

}  // namespace

TEST_CASE("fuzz: a text header claiming more rows than the file can hold is refused before allocating",
          "[errors][fuzz]") {
  TempDir tmp;
  // Was: std::bad_alloc (9.2e18 × 9.2e18 values) and a 3.2 GB label reserve.
  write_file(tmp.file("a.vec"), "9223372036854775807 9223372036854775807\na 1\n");
  require_input_error(tmp.file("a.vec"), "header promises", [](auto& p) { return read_as(p, VectorFormat::Text); });
  write_file(tmp.file("b.vec"), "100000000 2\na 1 2\n");
  require_input_error(tmp.file("b.vec"), "bytes after the header can hold",
                      [](auto& p) { return read_as(p, VectorFormat::Text); });
  // Was: std::out_of_range from std::stoll on a 20-digit count.
  write_file(tmp.file("c.vec"), "99999999999999999999 2\na 1 2\n");
  require_input_error(tmp.file("c.vec"), "c.vec", [](auto& p) { return read_as(p, VectorFormat::Text); });
  // The ordinary truncation message still applies to plausible headers.
  write_file(tmp.file("d.vec"), "3 2\na 1 2\nb 1 2\n");
  require_input_error(tmp.file("d.vec"), "header promises 3 vectors but the file holds 2",
                      [](auto& p) { return read_as(p, VectorFormat::Text); });
}

TEST_CASE("fuzz: a binary header whose size overflows 64 bits is a truncation error", "[errors][fuzz]") {
  TempDir tmp;
  // Was: UBSan "signed integer overflow: 9223372036854775807 * 4" in the size check.
  write_file(tmp.file("a.bin"), std::string("9223372036854775807 9223372036854775807\na \0", 43));
  require_input_error(tmp.file("a.bin"), "truncated binary file", [](auto& p) { return read_as(p, VectorFormat::Binary); });
  write_file(tmp.file("b.bin"), std::string("99999999999999999999 1\na \0\0\0\0\n", 31));
  require_input_error(tmp.file("b.bin"), "b.bin", [](auto& p) { return read_as(p, VectorFormat::Binary); });
}

TEST_CASE("fuzz: an .npy shape too large to represent is refused", "[errors][fuzz]") {
  TempDir tmp;
  auto npy = [&](const std::string& name, const std::string& shape) {
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
    while ((10 + header.size() + 1) % 64 != 0) header += ' ';
    header += '\n';
    std::string bytes = "\x93NUMPY\x01";
    bytes += '\0';
    bytes += static_cast<char>(header.size() & 0xff);
    bytes += static_cast<char>(header.size() >> 8);
    write_file(tmp.file(name), bytes + header + std::string(8, '\0'));
    return tmp.file(name);
  };
  // Was: std::out_of_range from std::stoll.
  require_input_error(npy("a.npy", "(99999999999999999999, 2)"), "too large", [](auto& p) { return read_npy(p); });
  // Was: signed overflow in rows * cols * 4.
  require_input_error(npy("b.npy", "(4611686018427387904, 4)"), "too large", [](auto& p) { return read_npy(p); });
  // Still a plain truncation for a plausible shape.
  require_input_error(npy("c.npy", "(10, 10)"), "truncated npy data", [](auto& p) { return read_npy(p); });
}

TEST_CASE("fuzz: a Matrix Market entry count of 2^31 does not reserve 64 GB", "[errors][fuzz]") {
  TempDir tmp;
  // Was: std::bad_alloc (or the allocator's out-of-memory report) from reserve().
  write_file(tmp.file("a.mtx"), "%%MatrixMarket matrix coordinate real symmetric\n2 2 2147483647\n1 1 1\n");
  require_input_error(tmp.file("a.mtx"), "2147483647 entries declared", [](auto& p) { return read_matrix_market(p); });
}

TEST_CASE("fuzz: a symmetric Matrix Market file must be square", "[errors][fuzz]") {
  // Found by matrix_market_fuzz (2026-12-01): the mirror (3, 1) of entry (1, 3)
  // fell outside a 2 × 3 matrix — a heap overflow inside Eigen's setFromTriplets.
  TempDir tmp;
  write_file(tmp.file("sym.mtx"), "%%MatrixMarket matrix coordinate integer symmetric\n2 3 2\n1 3 1\n2 1 1\n");
  require_input_error(tmp.file("sym.mtx"), "sym.mtx:2: a symmetric matrix must be square, but the size line says 2 × 3",
                      [](const std::string& p) { return read_matrix_market(p); });
  write_file(tmp.file("ok.mtx"), "%%MatrixMarket matrix coordinate integer symmetric\n3 3 2\n1 3 1\n2 1 1\n");
  const SparseMatrix m = read_matrix_market(tmp.file("ok.mtx"));
  CHECK(m.coeff(0, 2) == 1);
  CHECK(m.coeff(2, 0) == 1);
  CHECK(m.nonZeros() == 4);
}

TEST_CASE("fuzz: an HNSW index with nodes on layer 0 only saves and loads", "[errors][fuzz]") {
  // Under UBSan this was "null pointer passed as argument 1" in the loader's
  // memcpy of a node's (empty) upper-layer links; every small index has such nodes.
  TempDir tmp;
  Matrix m(5, 3);
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 3; ++j) m(i, j) = static_cast<float>((i * 7 + j * 3) % 5) - 1.5f;
  HnswParams params;
  params.M = 2;
  params.ef_construction = 8;
  params.ef_search = 40;  // the library's default when this regression was found
  HnswIndex built(m, Metric::L2, params, 1);
  built.save(tmp.file("i.hnsw"), 7);
  const auto loaded = HnswIndex::load(tmp.file("i.hnsw"), 7);
  CHECK(loaded->size() == 5);
  CHECK(loaded->dim() == 3);
}

// Found by checkpoint_fuzz (a 10 s timeout): a 122-byte checkpoint whose
// vocabulary size reads 0xfffffff0 makes load_checkpoint reserve 4e9 entries
// (~170 GB) before reading any, so it dies with std::bad_alloc — or, where the
// allocation succeeds, zero-fills for minutes — instead of "truncated
// checkpoint". Fixed in src/word2vec/checkpoint.cc: every length read from
// the file is bounded by the bytes left in it before anything is allocated.
TEST_CASE("fuzz: a checkpoint claiming 4e9 vocabulary words is a truncation error", "[errors][fuzz]") {
  TempDir tmp;
  // The first 114 bytes of a real checkpoint (tests/fuzz/seeds/checkpoint_fuzz/tiny.ckpt:
  // magic and hyperparameters of a 9-word, dim-4 run), then the word count.
  std::string bytes(
      "\x45\x4d\x42\x4b\x49\x54\x2d\x57\x32\x56\x2d\x43\x48\x45\x43\x4b\x50\x4f\x49\x4e\x54\x20\x31\x0a"
      "\x00\x00\x00\x00\x00\x00\x04\x00\x00\x00\x05\x00\x00\x00\x05\x00\x00\x00\x00\x00\x00\x00\x00\x00"
      "\xe8\x3f\x2d\x43\x1c\xeb\xe2\x36\x1a\x3f\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
      "\x00\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\xf0\xbf\x01\x00\x00\x00\x00\x00\x00\x00\x10\x27"
      "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x49\x40\x01\x00\x00\x00",
      114);
  bytes += std::string("\xf0\xff\xff\xff\x00\x00\x00\x00", 8);  // 0xfffffff0 words, and nothing after
  write_file(tmp.file("huge_vocab.ckpt"), bytes);
  require_input_error(tmp.file("huge_vocab.ckpt"), "huge_vocab.ckpt", [](auto& p) { return load_checkpoint(p); });
}

// Found by doc2vec_model_fuzz: a model whose word counts are 0 (or whose
// ns_exponent makes Σ count^e overflow) loaded, then tripped NoiseSampler's
// internal check (std::logic_error, "noise distribution is not
// normalisable") instead of reporting a corrupt file. Fixed in
// src/word2vec/doc2vec.cc: load_model refuses counts of 0 and checks that the
// noise distribution can be normalised.
TEST_CASE("fuzz: a doc2vec model with a zero count or an overflowing ns_exponent is corrupt", "[errors][fuzz]") {
  TempDir tmp;
  // tests/fuzz/seeds/doc2vec_model_fuzz/tiny.d2v: 23-byte magic, then mode,
  // dbow_words, dim, window, negative, ns_exponent (f64 at byte 40), …, the
  // vocabulary size (byte 92), then each word as length, bytes, count.
  const std::string seed = read_file(source_path("tests/fuzz/seeds/doc2vec_model_fuzz/tiny.d2v"));
  REQUIRE(seed.size() > 117);
  REQUIRE(seed.substr(100, 9) == std::string("\x01\0\0\0\0\0\0\0a", 9));
  std::string zero_count = seed;
  zero_count.replace(109, 8, std::string(8, '\0'));
  write_file(tmp.file("zero.d2v"), zero_count);
  require_input_error(tmp.file("zero.d2v"), "a word with count 0", [](auto& p) { return Doc2Vec::load_model(p); });
  std::string overflow = seed;
  const double exponent = 1e300;
  overflow.replace(40, 8, std::string(reinterpret_cast<const char*>(&exponent), 8));
  write_file(tmp.file("overflow.d2v"), overflow);
  require_input_error(tmp.file("overflow.d2v"), "noise distribution cannot be normalised",
                      [](auto& p) { return Doc2Vec::load_model(p); });
  write_file(tmp.file("seed.d2v"), seed);
  CHECK(Doc2Vec::load_model(tmp.file("seed.d2v")).vocabulary().size() == 3);
}

TEST_CASE("fuzz: a vocabulary whose first word starts with U+FEFF survives save and load", "[errors][fuzz]") {
  // vocabulary_fuzz: "\xEF\xBB\xBF" "52" on the second line, the largest count,
  // became the saved file's first word, and load() took its U+FEFF for the
  // file's byte order mark.
  TempDir tmp;
  const std::string bom = "\xEF\xBB\xBF";
  const std::string path = tmp.write("v.tsv", "af\t7\n" + bom + "52\t62\n");
  const Vocabulary vocab = Vocabulary::load(path);
  REQUIRE(vocab.size() == 2);
  CHECK(vocab[0].word == bom + "52");
  const std::string copy = tmp.file("copy.tsv");
  vocab.save(copy);
  const Vocabulary back = Vocabulary::load(copy);
  REQUIRE(back.size() == 2);
  CHECK(back[0].word == bom + "52");
  CHECK(back[0].count == 62);
  CHECK(back[1].word == "af");
  // A first word without the character: no mark written.
  Vocabulary plain = Vocabulary::load(tmp.write("p.tsv", "a\t2\nb\t1\n"));
  plain.save(copy);
  CHECK(read_file(copy) == "a\t2\nb\t1\n");
}

TEST_CASE("fuzz: a subword model with rows near the float limit gives finite word vectors", "[errors][fuzz]") {
  // subword_model_fuzz: every value finite, but the float sum of a word's rows
  // overflowed to Inf before the division by |G_w|. The mean is summed in double.
  TempDir tmp;
  Word2VecArgs a;
  a.dim = 3;
  a.minn = 3;
  a.maxn = 4;
  a.buckets = 5;
  const Vocabulary vocabulary({{"walking", 3}, {"talk", 2}});
  Matrix input = Matrix::Constant(vocabulary.size() + 5, 3, 3.0e38f);
  input.col(1).setConstant(-3.0e38f);
  const std::string path = tmp.file("big.model");
  SubwordModel(a, vocabulary, input).save(path);
  const SubwordModel m = SubwordModel::load(path);
  for (const std::string word : {"walking", "talk", "unseen"}) {
    INFO(word);
    const Vector v = m.word_vector(word);
    REQUIRE(v.allFinite());
    CHECK(v[0] == 3.0e38f);
    CHECK(v[1] == -3.0e38f);
  }
  CHECK(m.vocabulary_vectors().vectors.allFinite());
}
