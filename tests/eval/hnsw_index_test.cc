#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include "core/error.h"
#include "eval/exact_index.h"
#include "eval/hnsw_index.h"
#include "knn_test_util.h"

using namespace embkit;
using embkit::testing::random_matrix;
using embkit::testing::recall_at_k;

namespace {
// These cases were written against efSearch 40, the library's default before
// it took knn's 64.
HnswParams ef40() {
  HnswParams params;
  params.ef_search = 40;
  return params;
}

std::string temp_path(const std::string& name) {
  return std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") + "/embkit_knn_" +
         std::to_string(::getpid()) + "_" + name;
}
}  // namespace

// Documented operating point: M = 16, efConstruction = 100, efSearch = 64
// reaches recall@10 ≥ 0.95 on 4,000 clustered 32-d Gaussian rows.
TEST_CASE("hnsw recall@10 against exact search", "[knn][hnsw]") {
  const Matrix x = random_matrix(4000, 32, 21);
  const Matrix q = random_matrix(200, 32, 22);
  for (Metric metric : {Metric::Cosine, Metric::L2, Metric::Dot}) {
    HnswParams params;
    params.M = 16;
    params.ef_construction = 100;
    params.ef_search = 64;
    HnswIndex index(x, metric, params, 2);
    ExactIndex exact(x, metric);
    const double recall = recall_at_k(exact.search(q, 10), index.search(q, 10));
    INFO("metric " << metric_name(metric) << " recall " << recall);
    // Maximum inner product is not a metric; HNSW is a heuristic there.
    CHECK(recall >= (metric == Metric::Dot ? 0.8 : 0.95));
  }
}

TEST_CASE("hnsw: tiny inputs, k > n, n = 1, zero vectors", "[knn][hnsw]") {
  Matrix one(1, 4);
  one << 1, 0, 0, 0;
  HnswIndex single(one, Metric::Cosine, ef40(), 1);
  const Neighbors got = single.search(one, 3);
  CHECK(got.ids(0, 0) == 0);
  CHECK(got.ids(0, 1) == -1);
  CHECK(got.ids(0, 2) == -1);
  const Matrix zeros = Matrix::Zero(5, 4);
  HnswIndex zero_index(zeros, Metric::Cosine, ef40(), 1);
  const Neighbors z = zero_index.search(Matrix::Zero(1, 4), 5);
  for (int r = 0; r < 5; ++r) {
    CHECK(z.ids(0, r) >= 0);
    CHECK(z.scores(0, r) == 0.0f);
  }
  HnswParams bad;
  bad.M = 1;
  CHECK_THROWS_AS(HnswIndex(one, Metric::Cosine, bad, 1), UsageError);
  CHECK_THROWS_AS(single.set_ef_search(0), UsageError);
}

TEST_CASE("hnsw with one thread is reproducible for a seed", "[knn][hnsw]") {
  const Matrix x = random_matrix(800, 16, 5);
  HnswIndex a(x, Metric::L2, ef40(), 1), b(x, Metric::L2, ef40(), 1);
  const Matrix q = x.topRows(50);
  CHECK(a.search(q, 5).ids == b.search(q, 5).ids);
}

TEST_CASE("hnsw save/load round trip and corrupt files", "[knn][hnsw]") {
  const Matrix x = random_matrix(600, 12, 8);
  HnswParams params;
  params.M = 8;
  params.ef_search = 30;
  HnswIndex index(x, Metric::Cosine, params, 2);
  const std::string path = temp_path("rt.hnsw");
  constexpr std::uint64_t kFingerprint = 0x1234abcd5678ef90ull;
  index.save(path, kFingerprint);
  auto loaded = HnswIndex::load(path, kFingerprint);
  CHECK(loaded->size() == 600);
  CHECK(loaded->dim() == 12);
  CHECK(loaded->metric() == Metric::Cosine);
  CHECK(loaded->params().M == 8);
  CHECK(loaded->params().ef_search == 30);
  const Matrix q = random_matrix(40, 12, 9);
  const Neighbors a = index.search(q, 5), b = loaded->search(q, 5);
  CHECK(a.ids == b.ids);
  CHECK(a.scores == b.scores);

  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  auto write = [&](const std::string& content) {
    std::ofstream out(path, std::ios::binary);
    out << content;
  };
  auto rejects = [&](const std::string& content, const std::string& needle) {
    write(content);
    try {
      HnswIndex::load(path, kFingerprint);
      FAIL("corrupt file accepted: " << needle);
    } catch (const InputError& e) {
      INFO(e.what());
      CHECK(std::string(e.what()).find(needle) != std::string::npos);
      CHECK(std::string(e.what()).find(path) != std::string::npos);
    }
  };
  std::string flipped = bytes;
  flipped[bytes.size() / 2] ^= 0x5a;
  rejects(flipped, "checksum");
  rejects(bytes.substr(0, bytes.size() - 100), "");
  rejects(bytes.substr(0, 5), "truncated");
  rejects("NOTHNSW!" + bytes.substr(8), "magic");
  rejects(bytes + "xx", "trailing");
  std::string huge = bytes;
  const std::int64_t rows = std::int64_t(1) << 40;
  std::memcpy(&huge[16], &rows, sizeof(rows));
  rejects(huge, "row count");
  // Vectors other than those the graph was built from: refused, not searched.
  write(bytes);
  CHECK_THROWS_WITH(HnswIndex::load(path, kFingerprint ^ 1), Catch::Contains("rebuild the index"));
  // A version-1 file (no fingerprint) asks for a rebuild rather than "corrupt".
  std::string old_version = bytes;
  const std::uint32_t one = 1;
  std::memcpy(&old_version[8], &one, sizeof(one));
  rejects(old_version, "rebuild the index");
  std::remove(path.c_str());
  CHECK_THROWS_AS(HnswIndex::load(path, kFingerprint), InputError);
}
