#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>

#include "ann_bench_command.h"
#include "core/error.h"
#include "core/vectors_io.h"
#include "eval/ann_bench.h"
#include "eval/svg.h"
#include "knn_test_util.h"
#include "knn_command.h"
#include "support/test_util.h"

using namespace embkit;
using embkit::testing::random_matrix;

namespace {

std::string temp_path(const std::string& name) {
  return std::string("/tmp/embkit_knncmd_") + std::to_string(::getpid()) + "_" + name;
}

// Captures std::cout while `body` runs.
template <typename F>
std::string capture_stdout(F&& body) {
  std::ostringstream buffer;
  std::streambuf* old = std::cout.rdbuf(buffer.rdbuf());
  try {
    body();
  } catch (...) {
    std::cout.rdbuf(old);
    throw;
  }
  std::cout.rdbuf(old);
  return buffer.str();
}

// Five words on a circle plus a zero vector: neighbours are easy to predict.
std::string write_small_vectors() {
  Matrix m(6, 2);
  m << 1, 0, 0.9f, 0.1f, 0, 1, -1, 0, 0.8f, -0.3f, 0, 0;
  Embeddings emb({"east", "east2", "north", "west", "southeast", "zero"}, m);
  const std::string path = temp_path("small.vec");
  write_vectors(emb, path);
  return path;
}

}  // namespace

TEST_CASE("knn prints neighbours, excludes the query word, and handles analogies", "[knn][cli]") {
  const std::string vectors = write_small_vectors();
  cli::knn::Options o = cli::knn::parse({"--vectors", vectors, "--query", "east", "--k", "2", "--quiet"});
  std::string out = capture_stdout([&] { cli::knn::run(o); });
  CHECK(out == "east\teast2\t0.9938837\neast\tsoutheast\t0.9363292\n");
  o.include_query = true;
  out = capture_stdout([&] { cli::knn::run(o); });
  CHECK(out.rfind("east\teast\t1\n", 0) == 0);

  for (const char* index : {"hnsw", "ivf", "lsh", "kdtree"}) {
    cli::knn::Options a = cli::knn::parse(
        {"--vectors", vectors, "--query", "east", "--k", "2", "--index", index, "--nlist", "2", "--nprobe", "2"});
    INFO(index);
    CHECK(capture_stdout([&] { cli::knn::run(a); }).rfind("east\teast2\t", 0) == 0);
  }
  // north + east − west: everything but the three inputs; east2 is closest.
  cli::knn::Options analogy =
      cli::knn::parse({"--vectors", vectors, "--add", "north,east", "--subtract", "west", "--k", "1"});
  CHECK(capture_stdout([&] { cli::knn::run(analogy); }) == "north+east-west\teast2\t0.9383431\n");
  cli::knn::Options json = cli::knn::parse({"--vectors", vectors, "--query", "zero", "--k", "1", "--json"});
  CHECK(capture_stdout([&] { cli::knn::run(json); }) ==
        "{\"index\":\"exact\",\"metric\":\"cosine\",\"k\":1,\"queries\":[{\"query\":\"zero\",\"neighbors\":"
        "[{\"label\":\"east\",\"score\":0}]}]}\n");
  std::remove(vectors.c_str());
}

TEST_CASE("knn rejects bad flags and unknown words", "[knn][cli]") {
  const std::string vectors = write_small_vectors();
  using cli::knn::parse;
  CHECK_THROWS_AS(parse({"--vectors", vectors, "--query", "east", "--k", "0"}), UsageError);
  CHECK_THROWS_AS(parse({"--vectors", vectors, "--query", "east", "--index", "annoy"}), UsageError);
  CHECK_THROWS_AS(parse({"--vectors", vectors, "--query", "east", "--metric", "cos"}), UsageError);
  CHECK_THROWS_AS(parse({"--vectors", vectors}), UsageError);
  CHECK_THROWS_AS(parse({"--vectors", vectors, "--query", "east", "--add", "a"}), UsageError);
  CHECK_THROWS_AS(parse({"--vectors", vectors, "--subtract", "west"}), UsageError);
  CHECK_THROWS_AS(parse({"--vectors", vectors, "--query", "east", "--save-index", "x.hnsw"}), UsageError);
  CHECK_THROWS_AS(parse({"--vectors", vectors, "--query", "east", "--lsh-bits", "65"}), UsageError);
  CHECK_THROWS_AS(parse({"--vectors", vectors, "--query", "east", "--ef-search", "abc"}), UsageError);

  const auto unknown = parse({"--vectors", vectors, "--query", "nowhere"});
  CHECK_THROWS_WITH(cli::knn::run(unknown), Catch::Contains("'nowhere' is not in the vocabulary"));
  const std::string list = temp_path("queries.txt");
  {
    std::ofstream out(list);
    out << "east\n\nmissing\n";
  }
  // The known word is answered; the unknown one is a warning naming file:line.
  using embkit::test::run_embkit;
  const auto from_file = run_embkit("knn --k 1 --vectors " + vectors + " --query-file " + list);
  CHECK(from_file.exit_code == 0);
  CHECK(from_file.out == "east\teast2\t0.9938837\n");
  CHECK(from_file.err == "knn: warning: " + list + ":3: 'missing' is not in the vocabulary; skipped\n");
  const auto mixed = run_embkit("knn --k 1 --vectors " + vectors + " --query nowhere --query east --query nada");
  CHECK(mixed.exit_code == 0);
  CHECK(mixed.out == "east\teast2\t0.9938837\n");
  CHECK(mixed.err == "knn: warning: --query: 'nowhere' is not in the vocabulary; skipped\n"
                     "knn: warning: --query: 'nada' is not in the vocabulary; skipped\n");
  const auto none = run_embkit("knn --vectors " + vectors + " --query nowhere --query nada");
  CHECK(none.exit_code == 1);
  CHECK(embkit::test::count_lines(none.err) == 1);
  CHECK_THAT(none.err, Catch::Contains("none of the 2 query words is in the vocabulary"));
  std::remove(list.c_str());
  std::remove(vectors.c_str());
}

TEST_CASE("knn on a file with no vector besides the query word says so", "[knn][cli]") {
  const std::string one = temp_path("one.vec");
  Matrix m(1, 3);
  m << 2, 0, 0;
  write_vectors(Embeddings({"alone"}, m), one);
  for (const char* index : {"exact", "hnsw", "ivf", "lsh", "kdtree"}) {
    INFO(index);
    const auto o = cli::knn::parse({"--vectors", one, "--query", "alone", "--index", index});
    CHECK_THROWS_WITH(cli::knn::run(o), Catch::Contains(one) && Catch::Contains("no other vectors to search") &&
                                            Catch::Contains("'alone'") && Catch::Contains("(1 vector)"));
    CHECK_THROWS_AS(cli::knn::run(o), InputError);  // exit status 1
  }
  // With --include-query the word itself is a valid answer.
  const auto include = cli::knn::parse({"--vectors", one, "--query", "alone", "--include-query"});
  CHECK(capture_stdout([&] { cli::knn::run(include); }) == "alone\talone\t1\n");
  // An analogy whose three words are the whole vocabulary has nothing left either.
  const std::string small = write_small_vectors();
  const auto all_but_three = cli::knn::parse({"--vectors", small, "--add", "east,north", "--subtract", "west"});
  CHECK_NOTHROW(capture_stdout([&] { cli::knn::run(all_but_three); }));
  const std::string three = temp_path("three.vec");
  Matrix t(3, 2);
  t << 1, 0, 0, 1, -1, 0;
  write_vectors(Embeddings({"east", "north", "west"}, t), three);
  const auto nothing_left = cli::knn::parse({"--vectors", three, "--add", "east,north", "--subtract", "west"});
  CHECK_THROWS_WITH(cli::knn::run(nothing_left), Catch::Contains("'east+north-west' (3 vectors)"));
  std::remove(one.c_str());
  std::remove(small.c_str());
  std::remove(three.c_str());
}

TEST_CASE("knn saves and reloads an HNSW graph; a mismatched index is rejected", "[knn][cli][hnsw]") {
  const std::string vectors = write_small_vectors();
  const std::string graph = temp_path("graph.hnsw");
  auto save = cli::knn::parse({"--vectors", vectors, "--query", "west", "--index", "hnsw", "--save-index", graph,
                               "--quiet"});
  const std::string first = capture_stdout([&] { cli::knn::run(save); });
  auto load = cli::knn::parse({"--vectors", vectors, "--query", "west", "--index", "hnsw", "--load-index", graph});
  CHECK(capture_stdout([&] { cli::knn::run(load); }) == first);
  auto wrong_metric = cli::knn::parse(
      {"--vectors", vectors, "--query", "west", "--index", "hnsw", "--load-index", graph, "--metric", "l2"});
  CHECK_THROWS_AS(cli::knn::run(wrong_metric), InputError);
  // The same words and shape with the rows shuffled: the graph's row numbers
  // would name the wrong words, so the index is refused.
  const Embeddings original = read_vectors(vectors);
  Matrix shuffled(original.rows(), original.dim());
  std::vector<std::string> labels;
  for (std::int64_t i = 0; i < original.rows(); ++i) {
    const std::int64_t from = original.rows() - 1 - i;
    shuffled.row(i) = original.vectors.row(from);
    labels.push_back(original.labels[from]);
  }
  const std::string reordered = temp_path("reordered.vec");
  write_vectors(Embeddings(labels, shuffled), reordered);
  auto other = cli::knn::parse({"--vectors", reordered, "--query", "west", "--index", "hnsw", "--load-index", graph});
  CHECK_THROWS_WITH(cli::knn::run(other), Catch::Contains("rebuild the index"));
  std::remove(reordered.c_str());
  std::remove(graph.c_str());
  std::remove(vectors.c_str());
}

TEST_CASE("tie-aware recall counts equally good neighbours", "[knn][bench]") {
  Neighbors truth, got;
  truth.ids.resize(1, 2);
  truth.scores.resize(1, 2);
  truth.ids << 0, 1;
  truth.scores << 0.9f, 0.5f;
  got = truth;
  CHECK(tie_aware_recall(truth, got, Metric::Cosine) == 1.0);
  got.ids << 0, 7;  // id 7 ties with the 2nd true neighbour
  CHECK(tie_aware_recall(truth, got, Metric::Cosine) == 1.0);
  got.scores << 0.9f, 0.4f;  // worse than the k-th: a miss
  CHECK(tie_aware_recall(truth, got, Metric::Cosine) == 0.5);
  got.ids << 0, 0;  // duplicates count once
  got.scores << 0.9f, 0.9f;
  CHECK(tie_aware_recall(truth, got, Metric::Cosine) == 0.5);
  got.ids << 3, 4;  // L2: smaller is better
  got.scores << 0.5f, 0.6f;
  CHECK(tie_aware_recall(truth, got, Metric::L2) == 0.5);
}

TEST_CASE("ann-bench prints JSON, CSV and an SVG plot; bad flags are rejected", "[knn][bench][cli]") {
  const Matrix m = random_matrix(800, 8, 3);
  std::vector<std::string> labels;
  for (int i = 0; i < 800; ++i) labels.push_back("w" + std::to_string(i));
  const std::string vectors = temp_path("bench.vec");
  write_vectors(Embeddings(labels, m), vectors);
  const std::string plot = temp_path("plot.svg");
  const std::string ids = temp_path("query_ids.txt");
  auto o = cli::ann_bench::parse({"--vectors", vectors, "--queries", "50", "--ef-search", "5,50", "--nprobe",
                                  "1,40", "--lsh-probes", "0,2", "--json", "--quiet", "--threads", "2", "--build-repeat", "2", "--plot",
                                  plot, "--index", "hnsw,ivf,lsh,kdtree,exact", "--save-query-ids", ids});
  const std::string json = capture_stdout([&] { cli::ann_bench::run(o); });
  {  // 50 distinct rows of the set, one per line
    std::ifstream in(ids);
    std::set<long> rows;
    long id;
    int lines = 0;
    while (in >> id) {
      ++lines;
      if (id >= 0 && id < 800) rows.insert(id);
    }
    CHECK(lines == 50);
    CHECK(rows.size() == 50);
  }
  o.save_query_ids.clear();
  CHECK(json.find("{\"rows\":800,\"dim\":8,\"queries\":50,\"k\":10,\"held_out\":false,\"exact\":{\"qps\":") == 0);
  CHECK(json.find("\"index\":\"hnsw\",\"params\":{\"M\":16,\"efConstruction\":200,\"efSearch\":50}") !=
        std::string::npos);
  CHECK(json.find("\"index\":\"kdtree\",\"params\":{\"leaf_size\":16,\"scanned\":") != std::string::npos);
  // The exact "index" and the kd-tree are exact: recall 1.
  CHECK(json.find("\"index\":\"exact\",\"params\":{},\"build_s\":0,") != std::string::npos);
  std::ifstream svg(plot);
  std::string text((std::istreambuf_iterator<char>(svg)), std::istreambuf_iterator<char>());
  CHECK(text.rfind("<svg", 0) == 0);
  CHECK(text.find(">hnsw</text>") != std::string::npos);
  CHECK(text.find(">kdtree</text>") != std::string::npos);
  // HNSW's points say which efSearch they are; the other sweeps stay unlabelled.
  CHECK(text.find(">ef=5</text>") != std::string::npos);
  CHECK(text.find(">ef=50</text>") != std::string::npos);
  CHECK(text.find("nprobe") == std::string::npos);

  o.json = false;
  o.csv = true;
  o.plot.clear();
  o.bench.indexes = {"ivf"};
  const std::string csv = capture_stdout([&] { cli::ann_bench::run(o); });
  CHECK(csv.rfind("index,params,build_s,memory_mb,recall,qps,p50_ms,p99_ms\nexact,,0,0,1,", 0) == 0);
  CHECK(csv.find("\nivf,nlist=113 nprobe=40,") != std::string::npos);

  // No query timed alone: latency is unknown, not 0 — "-" in the table, empty
  // in CSV, null in JSON.
  o.bench.latency_queries = 0;
  const std::string csv_no_latency = capture_stdout([&] { cli::ann_bench::run(o); });
  CHECK(csv_no_latency.find(",,\n", csv_no_latency.find("\nivf,")) != std::string::npos);
  o.csv = false;
  const std::string table = capture_stdout([&] { cli::ann_bench::run(o); });
  const std::string ivf_line = table.substr(table.find("\nivf "), table.find('\n', table.find("\nivf ") + 1) -
                                                                     table.find("\nivf "));
  CHECK(ivf_line.size() > 10);
  CHECK(ivf_line.compare(ivf_line.size() - 18, 18, "        -        -") == 0);
  o.json = true;
  const std::string json_no_latency = capture_stdout([&] { cli::ann_bench::run(o); });
  CHECK(json_no_latency.find("\"p50_ms\":null,\"p99_ms\":null") != std::string::npos);

  using cli::ann_bench::parse;
  CHECK_THROWS_AS(parse({"--vectors", vectors, "--index", "annoy"}), UsageError);
  CHECK_THROWS_AS(parse({"--vectors", vectors, "--ef-search", "10,x"}), UsageError);
  CHECK_THROWS_AS(parse({"--vectors", vectors, "--nprobe", "0"}), UsageError);
  CHECK_THROWS_AS(parse({"--vectors", vectors, "--csv", "--json"}), UsageError);
  CHECK_THROWS_AS(parse({"--vectors", vectors, "--queries", "0"}), UsageError);
  CHECK_THROWS_AS(parse({"--vectors", vectors, "--build-repeat", "0"}), UsageError);
  CHECK_THROWS_AS(parse({"--vectors", vectors, "--lsh-probes", "17"}), UsageError);
  std::remove(vectors.c_str());
  std::remove(plot.c_str());
  std::remove(ids.c_str());
}

TEST_CASE("ann-bench --held-out leaves the query rows out of the indexes", "[knn][bench]") {
  // One LSH table of 64 bits, no probes: a query that is also indexed always
  // lands in its own bucket and finds itself, its top 1; an unseen query
  // almost never shares all 64 signs with its nearest row.
  std::vector<std::string> labels;
  for (int i = 0; i < 600; ++i) labels.push_back("w" + std::to_string(i));
  const Embeddings set(labels, random_matrix(600, 16, 5));
  AnnBenchConfig c;
  c.queries = 100;
  c.k = 1;
  c.indexes = {"lsh"};
  c.index.lsh.tables = 1;
  c.index.lsh.bits = 64;
  c.lsh_probes = {0};
  c.index.threads = 1;
  c.latency_queries = 0;
  c.quiet = true;
  std::ostringstream log;
  const AnnBenchReport in_set = run_ann_bench(set, c, log);
  c.held_out = true;
  const AnnBenchReport held_out = run_ann_bench(set, c, log);
  CHECK(in_set.rows == 600);
  CHECK(held_out.rows == 500);
  CHECK(held_out.query_ids == in_set.query_ids);
  REQUIRE(in_set.results.size() == 1);
  REQUIRE(held_out.results.size() == 1);
  CHECK(in_set.results[0].recall == 1.0);
  CHECK(held_out.results[0].recall < 0.2);
  c.queries = 600;  // nothing left to index
  CHECK_THROWS_AS(run_ann_bench(set, c, log), ParameterError);

  const std::string vectors = temp_path("held_out.vec");
  write_vectors(set, vectors);
  auto o = cli::ann_bench::parse({"--vectors", vectors, "--queries", "10", "--held-out", "--index", "exact",
                                  "--latency-queries", "0", "--quiet"});
  CHECK(o.bench.held_out);
  const std::string table = capture_stdout([&] { cli::ann_bench::run(o); });
  CHECK(table.rfind("590 rows × 16 dims, 10 held-out queries, k = 10", 0) == 0);
  std::remove(vectors.c_str());
}

TEST_CASE("svg writer escapes text and drops non-positive values on log axes", "[knn][svg]") {
  SvgPlot plot;
  plot.title = "a<b & c";
  plot.log_y = true;
  plot.series.push_back({"s\"1", {0.1, 0.5, 0.9}, {10, 0, 1000}, true, {}});
  const std::string svg = render_svg(plot);
  CHECK(svg.find("a&lt;b &amp; c") != std::string::npos);
  CHECK(svg.find("s&quot;1") != std::string::npos);
  CHECK(svg.find("nan") == std::string::npos);
  std::size_t circles = 0;
  for (std::size_t at = svg.find("<circle"); at != std::string::npos; at = svg.find("<circle", at + 1)) ++circles;
  CHECK(circles == 2);
  SvgBarChart bars;
  bars.labels = {"x", "y"};
  bars.values = {1, -2};
  CHECK(render_svg(bars).find("<title>y: -2</title>") != std::string::npos);
  CHECK_THROWS_AS(write_svg(plot, "/nonexistent-dir/x.svg"), InputError);
}
