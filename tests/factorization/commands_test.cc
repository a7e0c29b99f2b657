#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <map>
#include <regex>
#include <limits>
#include <set>
#include <sstream>

#include "core/random.h"
#include "core/vectors_io.h"
#include "support/test_util.h"

using namespace embkit::test;

namespace {

// A small explicit ratings file: 60 users × 40 items, rank-2 structure.
void write_ratings(const std::string& path, std::uint64_t seed) {
  embkit::Rng rng(seed);
  std::vector<double> uf(120), itf(80);
  for (double& v : uf) v = rng.normal();
  for (double& v : itf) v = rng.normal();
  std::string text;
  for (int u = 0; u < 60; ++u)
    for (int i = 0; i < 40; ++i) {
      if (rng.uniform() > 0.4) continue;
      double r = 3.3 + 0.8 * (uf[2 * u] * itf[2 * i] + uf[2 * u + 1] * itf[2 * i + 1]) + 0.2 * rng.normal();
      r = std::min(5.0, std::max(1.0, std::round(r)));
      text += "user" + std::to_string(u) + "\titem" + std::to_string(i) + "\t" + std::to_string(static_cast<int>(r)) +
              "\t" + std::to_string(1000 + u * 40 + i) + "\n";
    }
  write_file(path, text);
}

double json_number(const std::string& json, const std::string& key) {
  const auto at = json.find("\"" + key + "\":");
  if (at == std::string::npos) return -1;
  return std::stod(json.substr(at + key.size() + 3));
}

}  // namespace

TEST_CASE("embkit mf --json prints the documented keys for sgd and als", "[mf][cli]") {
  TempDir tmp;
  write_ratings(tmp.file("r.tsv"), 4);
  CommandResult sgd = run_embkit("mf --input " + tmp.file("r.tsv") + " --split random --algo sgd --dim 8 --epochs 20 --json -q --output-users " +
                                 tmp.file("u.vec") + " --output-items " + tmp.file("i.vec"));
  REQUIRE(sgd.exit_code == 0);
  CHECK(json_number(sgd.out, "test_rmse") > 0);
  CHECK(json_number(sgd.out, "test_rmse") < 1.2);
  CHECK(json_number(sgd.out, "test_mae") > 0);
  CHECK(count_lines(read_file(tmp.file("u.vec"))) == 61);  // header + 60 users
  CHECK(read_file(tmp.file("i.vec")).find("item0 ") != std::string::npos);

  CommandResult als = run_embkit("mf --input " + tmp.file("r.tsv") + " --split last --leave-last 3 --algo als --dim 4 --reg 1 --json -q");
  REQUIRE(als.exit_code == 0);
  for (const char* key : {"precision@10", "recall@10", "ndcg@10", "map@10"}) {
    CHECK(json_number(als.out, key) >= 0);
    const auto baseline = als.out.find("\"baseline\"");
    REQUIRE(baseline != std::string::npos);
    CHECK(json_number(als.out.substr(baseline), key) >= 0);
  }

  CommandResult rec = run_embkit("recommend --users " + tmp.file("u.vec") + " --items " + tmp.file("i.vec") +
                                 " --user user3 --k 5 --ratings " + tmp.file("r.tsv"));
  REQUIRE(rec.exit_code == 0);
  CHECK(count_lines(rec.out) == 6);
  // A header, then rank<TAB>item<TAB>score: ranks 1..5, five distinct items, best first.
  std::istringstream rows(rec.out);
  std::string row;
  REQUIRE(std::getline(rows, row));
  CHECK(row == "rank\titem\tscore");
  std::set<std::string> recommended;
  double previous = std::numeric_limits<double>::infinity();
  for (int expected_rank = 1; std::getline(rows, row); ++expected_rank) {
    INFO("row: " << row);
    std::istringstream fields(row);
    int rank = 0;
    std::string item;
    double score = 0;
    REQUIRE(fields >> rank >> item >> score);
    CHECK(rank == expected_rank);
    CHECK(score <= previous);
    previous = score;
    recommended.insert(item);
  }
  CHECK(recommended.size() == 5);
  // None of user3's rated items is recommended (and user3 has rated some).
  const std::string ratings = read_file(tmp.file("r.tsv"));
  int rated = 0;
  std::size_t pos = 0;
  while ((pos = ratings.find("user3\t", pos)) != std::string::npos) {
    if (pos == 0 || ratings[pos - 1] == '\n') {
      const std::string item = ratings.substr(pos + 6, ratings.find('\t', pos + 6) - pos - 6);
      ++rated;
      CHECK(recommended.count(item) == 0);
    }
    pos += 6;
  }
  CHECK(rated > 0);
  CommandResult like = run_embkit("recommend --items " + tmp.file("i.vec") + " --like item2 --k 3");
  REQUIRE(like.exit_code == 0);
  CHECK(count_lines(like.out) == 4);
  CHECK(like.out.find("\titem2\t") == std::string::npos);
}

TEST_CASE("embkit mf, glove, ppmi and recommend reject bad input with exit codes 1 and 2", "[mf][cli]") {
  TempDir tmp;
  write_file(tmp.file("bad.tsv"), "1\t2\t5\n1\t3\tgood\n");
  CommandResult r = run_embkit("mf --input " + tmp.file("bad.tsv"));
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("bad.tsv:2") != std::string::npos);
  CHECK(run_embkit("mf --input " + tmp.file("missing.tsv")).exit_code == 1);
  CHECK(run_embkit("mf --input " + tmp.file("bad.tsv") + " --algo svd").exit_code == 2);
  CHECK(run_embkit("mf --input " + tmp.file("bad.tsv") + " --dim 0").exit_code == 2);
  CHECK(run_embkit("mf --input " + tmp.file("bad.tsv") + " --test x --split random").exit_code == 2);
  write_file(tmp.file("low.tsv"), "1\t2\t1\n2\t3\t2\n");
  CHECK(run_embkit("mf --algo als --input " + tmp.file("low.tsv")).exit_code == 1);
  CHECK(run_embkit("glove --input " + tmp.file("low.tsv") + " --output " + tmp.file("g.vec") + " --window 0").exit_code == 2);
  const CommandResult bias = run_embkit("glove --input " + tmp.file("low.tsv") + " --output " + tmp.file("g.vec") + " --bias-lr 0");
  CHECK(bias.exit_code == 2);
  CHECK(bias.err.find("--bias-lr must be between") != std::string::npos);
  CHECK(run_embkit("glove --input " + tmp.file("nothing.txt") + " --output " + tmp.file("g.vec")).exit_code == 1);
  CHECK(run_embkit("ppmi --input " + tmp.file("low.tsv") + " --output " + tmp.file("p.vec") + " --shift 0.5").exit_code == 2);
  CHECK_FALSE(std::filesystem::exists(tmp.file("g.vec")));
  CHECK(run_embkit("recommend --items " + tmp.file("low.tsv") + " --user 1").exit_code == 2);
}

TEST_CASE("recommend --user leaves out the rated items: --ratings is required, --include-rated opts out",
          "[mf][cli]") {
  TempDir tmp;
  // Two users, three items; user a rated x and y.
  write_file(tmp.file("u.vec"), "2 2\na 1 0\nb 0 1\n");
  write_file(tmp.file("i.vec"), "3 2\nx 3 0\ny 2 0\nz 1 0\n");
  write_file(tmp.file("r.tsv"), "a\tx\t5\na\ty\t4\nb\tz\t3\n");
  const std::string base = "recommend --users " + tmp.file("u.vec") + " --items " + tmp.file("i.vec") + " --user a";
  const CommandResult missing = run_embkit(base);
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("--user needs --ratings") != std::string::npos);
  const CommandResult rated = run_embkit(base + " --ratings " + tmp.file("r.tsv"));
  REQUIRE(rated.exit_code == 0);
  CHECK(rated.out == "rank\titem\tscore\n1\tz\t1\n");
  const CommandResult all = run_embkit(base + " --include-rated --k 3");
  REQUIRE(all.exit_code == 0);
  CHECK(all.out == "rank\titem\tscore\n1\tx\t3\n2\ty\t2\n3\tz\t1\n");
  CHECK(run_embkit(base + " --include-rated --ratings " + tmp.file("r.tsv")).exit_code == 2);
}

TEST_CASE("embkit glove and ppmi write vectors for a small corpus; resume continues", "[glove][ppmi][cli]") {
  TempDir tmp;
  embkit::Rng rng(8);
  std::string text;
  for (int k = 0; k < 20000; ++k) text += "w" + std::to_string(rng.below(40) * rng.below(3)) + (k % 50 == 49 ? "\n" : " ");
  write_file(tmp.file("c.txt"), text);
  CommandResult g = run_embkit("glove -i " + tmp.file("c.txt") + " -o " + tmp.file("g.vec") + " --dim 10 --epochs 2 --threads 1 -q --checkpoint " + tmp.file("g.ckpt"));
  REQUIRE(g.exit_code == 0);
  CHECK(read_file(tmp.file("g.vec")).substr(0, 3) == "60 ");
  CommandResult resume = run_embkit("glove -i " + tmp.file("c.txt") + " -o " + tmp.file("g4.vec") + " --dim 10 --epochs 4 --threads 1 --resume " + tmp.file("g.ckpt"));
  REQUIRE(resume.exit_code == 0);
  CHECK(resume.err.find("resuming after epoch 2") != std::string::npos);
  CHECK(resume.err.find("epoch 3") != std::string::npos);
  CHECK(run_embkit("glove -i " + tmp.file("c.txt") + " -o " + tmp.file("g5.vec") + " --dim 12 --resume " + tmp.file("g.ckpt")).exit_code == 1);
  CommandResult p = run_embkit("ppmi -i " + tmp.file("c.txt") + " -o " + tmp.file("p.vec") + " --dim 5 -q");
  REQUIRE(p.exit_code == 0);
  CHECK(read_file(tmp.file("p.vec")).substr(0, 5) == "60 5\n");
}

TEST_CASE("MovieLens 100K: the plain commands meet the targets on u1..u5", "[mf][movielens][large][data]") {
  const std::string dir = require_shared_data("ratings/ml-100k");
  double rmse = 0, als = 0, pop = 0;
  for (int f = 1; f <= 5; ++f) {
    const std::string fold = " --input " + dir + "/u" + std::to_string(f) + ".base --test " + dir + "/u" + std::to_string(f) + ".test --json -q";
    CommandResult s = run_embkit("mf" + fold);
    REQUIRE(s.exit_code == 0);
    rmse += json_number(s.out, "test_rmse") / 5;
    CommandResult a = run_embkit("mf --algo als" + fold);
    REQUIRE(a.exit_code == 0);
    als += json_number(a.out, "ndcg@10") / 5;
    pop += json_number(a.out.substr(a.out.find("\"baseline\"")), "ndcg@10") / 5;
  }
  CHECK(rmse <= 0.915);
  CHECK(als >= 1.3 * pop);
}

TEST_CASE("mf's output files rebuild its predictions: clip(mu + b_u + b_i + p_u.q_i)", "[mf][cli]") {
  TempDir tmp;
  write_ratings(tmp.file("r.tsv"), 5);
  const CommandResult r = run_embkit("mf --input " + tmp.file("r.tsv") + " --algo sgd --dim 4 --epochs 10 --json -q"
                                     " --output-users " + tmp.file("u.vec") + " --output-items " + tmp.file("i.vec") +
                                     " --output-biases " + tmp.file("b.tsv"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const embkit::Embeddings users = embkit::read_vectors(tmp.file("u.vec"));
  const embkit::Embeddings items = embkit::read_vectors(tmp.file("i.vec"));
  std::map<std::string, double> user_bias, item_bias, scalars;
  std::istringstream biases(read_file(tmp.file("b.tsv")));
  std::string kind, id;
  for (std::string line; std::getline(biases, line);) {
    std::istringstream fields(line);
    double value = 0;
    fields >> kind;
    if (kind == "user" || kind == "item") {
      fields >> id >> value;
      (kind == "user" ? user_bias : item_bias)[id] = value;
    } else {
      fields >> value;
      scalars[kind] = value;
    }
  }
  REQUIRE(user_bias.size() == 60);
  REQUIRE(item_bias.size() == 40);
  REQUIRE(scalars.count("global_mean") == 1);
  // Rebuilt predictions over the training ratings give the RMSE mf reports.
  std::istringstream ratings(read_file(tmp.file("r.tsv")));
  double squared = 0, rating = 0;
  long n = 0, timestamp = 0;
  std::string user, item;
  while (ratings >> user >> item >> rating >> timestamp) {
    const double dot = users.vectors.row(users.find(user)).dot(items.vectors.row(items.find(item)));
    double predicted = scalars["global_mean"] + user_bias[user] + item_bias[item] + dot;
    predicted = std::min(scalars["max_rating"], std::max(scalars["min_rating"], predicted));
    squared += (rating - predicted) * (rating - predicted);
    ++n;
  }
  REQUIRE(n > 100);
  CHECK(std::sqrt(squared / n) == Approx(json_number(r.out, "train_rmse")).epsilon(1e-5));
  // ALS has no biases to write.
  CHECK(run_embkit("mf --input " + tmp.file("r.tsv") + " --algo als --output-biases " + tmp.file("x.tsv")).exit_code == 2);
}

TEST_CASE("mf reports progress compactly and metrics to 4 decimals", "[mf][cli]") {
  TempDir tmp;
  write_ratings(tmp.file("r.tsv"), 6);
  const CommandResult r = run_embkit("mf --input " + tmp.file("r.tsv") + " --split random --algo sgd --dim 4 --epochs 60");
  REQUIRE(r.exit_code == 0);
  CHECK(count_lines(r.err) <= 4);  // not one line per epoch (stderr is a file: no in-place redraws)
  CHECK(r.err.find("epoch 60/60") != std::string::npos);
  const std::regex four_decimals("mf sgd: train_rmse [0-9]+\\.[0-9]{4}  test_rmse [0-9]+\\.[0-9]{4}  test_mae [0-9]+\\.[0-9]{4}\n");
  CHECK(std::regex_match(r.out, four_decimals));
}
