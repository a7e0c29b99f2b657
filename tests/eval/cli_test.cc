// The evaluation commands end to end through the embkit binary: exit codes,
// messages and --json keys.
#include <catch2/catch.hpp>

#include "eval_test_support.h"

using namespace embkit::evaltest;

namespace {

CommandResult run_embkit(const std::string& args) {
  return run_command(embkit_binary() + " " + args + " 2>" + temp_dir() + "/stderr.txt");
}
std::string last_stderr() { return read_file(temp_dir() + "/stderr.txt"); }

}  // namespace

TEST_CASE("similarity --json prints the documented keys", "[cli]") {
  const CommandResult r = run_embkit("similarity --json --vectors " + fixture("fixture.vec") +
                                 " --dataset " + fixture("ws353.txt") + " " + fixture("ws353.txt"));
  REQUIRE(r.exit_code == 0);
  CHECK(json_values(r.out, "dataset") == std::vector<std::string>{"ws353", "ws353"});
  CHECK(json_values(r.out, "pairs_used") == std::vector<std::string>{"109", "109"});
  CHECK(json_values(r.out, "pairs_total") == std::vector<std::string>{"120", "120"});
  CHECK(std::stod(json_values(r.out, "spearman")[0]) == Approx(0.7475648774846768).margin(1e-4));
}

TEST_CASE("analogy --json prints the documented keys", "[cli]") {
  const CommandResult r = run_embkit("analogy --json --quiet --vectors " + fixture("fixture.vec") +
                                 " --questions " + fixture("questions.txt"));
  REQUIRE(r.exit_code == 0);
  for (const char* key : {"method", "restrict", "semantic_accuracy", "syntactic_accuracy",
                          "total_accuracy", "seen", "total", "sections"})
    CHECK(!json_values(r.out, key).empty());
  CHECK(json_values(r.out, "method")[0] == "3cosadd");
  CHECK(json_values(r.out, "seen")[0] == "718");  // the top-level count comes first
  CHECK(json_values(r.out, "total")[0] == "788");
  CHECK(std::stod(json_values(r.out, "total_accuracy")[0]) == Approx(452.0 / 718));
}

TEST_CASE("evaluation commands reject bad usage with exit 2", "[cli]") {
  const std::string v = " --vectors " + fixture("fixture.vec");
  CHECK(run_embkit("analogy" + v + " --questions " + fixture("questions.txt") + " --method 3cosfoo")
            .exit_code == 2);
  CHECK(last_stderr().find("3cosfoo") != std::string::npos);
  CHECK(run_embkit("analogy" + v + " --questions " + fixture("questions.txt") + " --restrict -1")
            .exit_code == 2);
  CHECK(run_embkit("similarity" + v).exit_code == 2);  // no --dataset
  CHECK(run_embkit("classify --train a --test b --features bogus").exit_code == 2);
  CHECK(run_embkit("classify --train a --test b --features avg:").exit_code == 2);
  CHECK(run_embkit("classify --train a --test b --features avg:x --k 0").exit_code == 2);
  CHECK(run_embkit("classify --train a --test b --features avg:x --tie-rule coin").exit_code == 2);
}

TEST_CASE("evaluation commands report bad input with exit 1", "[cli]") {
  const std::string v = " --vectors " + fixture("fixture.vec");
  CHECK(run_embkit("similarity" + v + " --dataset " + temp_dir() + "/nope.txt").exit_code == 1);
  CHECK(last_stderr().find("nope.txt") != std::string::npos);
  const std::string bad = write_temp("bad_pairs.txt", "a\tb\t1\nc\td\tseven\n");
  CHECK(run_embkit("similarity" + v + " --dataset " + bad).exit_code == 1);
  CHECK(last_stderr().find("bad_pairs.txt:2") != std::string::npos);
  const std::string bad_q = write_temp("bad_q.txt", ": s\na b c d e\n");
  CHECK(run_embkit("analogy" + v + " --questions " + bad_q).exit_code == 1);
  CHECK(last_stderr().find("bad_q.txt:2") != std::string::npos);
  const std::string train = write_temp("train.tsv", "x\tcat dog\ny\tcar bus\n");
  const std::string test = write_temp("test.tsv", "x\tdog\n");
  const std::string docs = write_temp("docs.vec", "2 2\nd0 1 0\nd1 0 1\n");
  CHECK(run_embkit("classify --train " + train + " --test " + test + " --features doc:" + docs)
            .exit_code == 1);  // 2 rows for 3 documents
  CHECK(last_stderr().find("one row per document") != std::string::npos);
}

TEST_CASE("classify runs end to end on doc: and avg: features", "[cli]") {
  const std::string train = write_temp("train2.tsv", "pets\tcat dog\nroad\tcar bus\npets\tdog\n");
  const std::string test = write_temp("test2.tsv", "pets\tthe dog\nroad\ta bus\n");
  const std::string words = write_temp("words.vec", "4 2\ncat 1 0.1\ndog 1 0\ncar 0 1\nbus 0.1 1\n");
  CommandResult r = run_embkit("classify --json --k 1 --train " + train + " --test " + test +
                           " --features avg:" + words);
  REQUIRE(r.exit_code == 0);
  CHECK(json_values(r.out, "accuracy")[0] == "1");
  CHECK(json_values(r.out, "macro_f1")[0] == "1");
  // Rows: three training documents, then the two test documents.
  const std::string docs = write_temp("docs5.vec", "5 2\na 1 0\nb 0 1\nc 1 0.1\nd 1 0.05\ne 0.05 1\n");
  r = run_embkit("classify --json --k 1 --train " + train + " --test " + test + " --features doc:" + docs);
  REQUIRE(r.exit_code == 0);
  CHECK(json_values(r.out, "correct")[0] == "2");  // d → pets, e → road
}

TEST_CASE("classify --features tfidf", "[cli]") {
  const std::string train = write_temp("train3.tsv",
      "Class\tExample\npets\tcat dog pet\nroad\tcar bus road\npets\tdog bark\nroad\tbus stop\n");
  const std::string test = write_temp("test3.tsv", "pets\ta dog and a cat\nroad\tthe bus\n");
  const CommandResult r =
      run_embkit("classify --json --quiet --k 1 --train " + train + " --test " + test + " --features tfidf");
  REQUIRE(r.exit_code == 0);
  CHECK(json_values(r.out, "correct")[0] == "2");
  CHECK(run_embkit("classify --train " + train + " --test " + test + " --features tfidf:3").exit_code == 2);
}

TEST_CASE("classify --features lsa:DIM", "[cli]") {
  const std::string train = write_temp("train4.tsv",
      "Class\tExample\npets\tcat dog pet\nroad\tcar bus road\npets\tdog bark cat\nroad\tbus stop car\n");
  const std::string test = write_temp("test4.tsv", "pets\ta dog and a cat\nroad\tthe bus and car\n");
  const std::string files = " --train " + train + " --test " + test;
  const CommandResult r = run_embkit("classify --json --quiet --k 1" + files + " --features lsa:2");
  REQUIRE(r.exit_code == 0);
  CHECK(json_values(r.out, "correct")[0] == "2");
  CHECK(run_embkit("classify" + files + " --features lsa:0").exit_code == 2);
  CHECK(run_embkit("classify" + files + " --features lsa:x").exit_code == 2);
  CHECK(run_embkit("classify" + files + " --features lsa").exit_code == 2);
  // More dimensions than training documents: a clear input error, not a crash.
  CHECK(run_embkit("classify" + files + " --features lsa:50").exit_code == 1);
}
