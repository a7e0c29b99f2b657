// Sharded search under mpirun (eval/sharded_index.h): knn, ann-bench and
// classify on 2 ranks against one process.
#include <catch2/catch.hpp>

#include "distributed/mpi_util.h"

using namespace embkit::test;

namespace {

// The recall column of ann-bench's table row that starts with `row`.
double recall_of(const std::string& table, const std::string& row) {
  std::istringstream lines(table);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.compare(0, row.size(), row) != 0) continue;
    // index, params..., build_s, memory_mb, recall, qps, p50, p99
    std::vector<std::string> fields;
    std::istringstream words(line);
    for (std::string w; words >> w;) fields.push_back(w);
    return std::stod(fields[fields.size() - 4]);
  }
  FAIL("no row '" << row << "' in:\n" << table);
  return 0;
}

std::string query_file(const TempDir& tmp, int rows, int step) {
  std::string text;
  for (int i = 0; i < rows; i += step) text += "w" + std::to_string(i) + "\n";
  return tmp.write("queries.txt", text);
}

}  // namespace

TEST_CASE("mpi: knn --index exact on 2 ranks prints what one process prints, byte for byte", "[mpi]") {
  TempDir tmp;
  const std::string vectors = random_vectors(tmp, "v.vec", 2001, 16);
  const std::string queries = query_file(tmp, 2001, 20);
  for (const char* metric : {"cosine", "dot", "l2"}) {
    const std::string args = "knn -v " + vectors + " --query-file " + queries + " --k 7 --index exact --metric " +
                             metric + " --threads 1 --quiet";
    const CommandResult one = run_embkit(args);
    const MpiResult two = run_mpi(2, args);
    INFO(metric << "\n" << two.err);
    REQUIRE(one.exit_code == 0);
    CHECK(two.exit_code == 0);
    CHECK(two.out == one.out);
    CHECK(count_lines(two.out) == 101 * 7);
  }
}

// Runs `embkit ann-bench ARGS` alone and on 2 ranks over 3,000 random
// 24-dimensional vectors; every row named must reach one index's recall within
// 0.005 (or beat it). Returns the 2 ranks' table.
static std::string check_sharded_recall(const std::string& args, std::initializer_list<const char*> rows) {
  TempDir tmp;
  const std::string command = "ann-bench -v " + random_vectors(tmp, "v.vec", 3000, 24) + " " + args;
  const CommandResult one = run_embkit(command);
  const MpiResult two = run_mpi(2, command);
  INFO(one.out << "\n" << two.out << "\n" << two.err);
  REQUIRE(one.exit_code == 0);
  REQUIRE(two.exit_code == 0);
  CHECK(recall_of(two.out, "exact") == 1.0);
  for (const char* row : rows) CHECK(recall_of(two.out, row) >= recall_of(one.out, row) - 0.005);
  return two.out;
}

TEST_CASE("mpi: sharded HNSW and IVF find as many true neighbours as one index (ann-bench recall)", "[mpi]") {
  check_sharded_recall("--queries 300 --index hnsw,ivf --ef-search 40,80 --nprobe 16,64 --threads 1 --quiet",
                       {"hnsw    M=16 efConstruction=200 efSearch=40", "hnsw    M=16 efConstruction=200 efSearch=80",
                        "ivf     nlist=219 nprobe=16", "ivf     nlist=219 nprobe=64"});
}

TEST_CASE("mpi: on held-out queries sharded HNSW and IVF lose no recall at any setting", "[mpi]") {
  // A query that is also indexed starts one graph's search at its own node
  // (docs/distributed.md); an unseen query is routed from the entry point in
  // either case, and every shard is searched at the same efSearch.
  const std::string two = check_sharded_recall(
      "--queries 300 --held-out --index hnsw,ivf --ef-search 10,20,40 --nprobe 4,16 --latency-queries 0 "
      "--threads 1 --quiet",
      {"hnsw    M=16 efConstruction=200 efSearch=10", "hnsw    M=16 efConstruction=200 efSearch=20",
       "hnsw    M=16 efConstruction=200 efSearch=40", "ivf     nlist=208 nprobe=4", "ivf     nlist=208 nprobe=16"});
  CHECK(two.rfind("2700 rows × 24 dims, 300 held-out queries", 0) == 0);
}

TEST_CASE("mpi: classify on 2 ranks (tfidf, lsa, avg) prints what one process prints", "[mpi]") {
  // Labelled documents: the bundled sample's lines, in 3 classes by position.
  TempDir tmp;
  std::istringstream sample(read_file(source_path("corpora/wiki-sample.txt")));
  std::string train = "Class\tExample\n", test = train, line;
  for (int i = 0; i < 400 && std::getline(sample, line);) {
    if (line.size() < 40) continue;
    const std::string row = "c" + std::to_string(i % 3) + "\t" + line.substr(0, 400) + "\n";
    (i % 4 == 3 ? test : train) += row;
    ++i;
  }
  const std::string train_file = tmp.write("train.txt", train), test_file = tmp.write("test.txt", test);
  const std::string vectors = random_vectors(tmp, "w.vec", 50, 8);
  for (const std::string& features : std::vector<std::string>{"tfidf", "lsa:20", "avg:" + vectors}) {
    const std::string args = "classify --train " + train_file + " --test " + test_file + " --features " + features +
                             " --per-class --threads 1 --quiet";
    const CommandResult one = run_embkit(args);
    const MpiResult two = run_mpi(2, args);
    INFO(features << "\n" << one.err << two.err);
    REQUIRE(one.exit_code == 0);
    CHECK(two.exit_code == 0);
    CHECK(two.out == one.out);
  }
}

TEST_CASE("mpi: knn refuses --save-index on 2 ranks", "[mpi]") {
  TempDir tmp;
  const std::string vectors = random_vectors(tmp, "v.vec", 100, 4);
  const MpiResult r = run_mpi(2, "knn -v " + vectors + " --query w1 --index hnsw --save-index " + tmp.file("g.hnsw"));
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--save-index and --load-index hold one graph over all the rows") != std::string::npos);
  CHECK_FALSE(fs::exists(tmp.file("g.hnsw")));
}

TEST_CASE("mpi: a rank that fails on bad input ends the whole job with exit 1 within seconds", "[mpi]") {
  // Rank 0 reads good vectors and waits for rank 1 in the sharded search;
  // rank 1's file is malformed (MPMD launch: one program line per rank).
  TempDir tmp;
  const std::string good = random_vectors(tmp, "good.vec", 200, 8);
  const std::string bad = tmp.write("bad.vec", "3 2\na 1 2\nb 1 oops\nc 3 4\n");
  const std::string common = " --query w1 --k 3 -v ";
  const MpiResult r = run_mpirun("-np 1 " + std::string(EMBKIT_BINARY) + " knn" + common + good + " : -np 1 " +
                                 EMBKIT_BINARY + " knn" + common + bad);
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.seconds < 20);  // no rank left waiting in a collective
  CHECK(r.err.find("embkit knn (rank 1 of 2): error: " + bad + ":3") != std::string::npos);
  CHECK(r.out.empty());
}
