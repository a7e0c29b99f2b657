// embkit's similarity and analogy numbers against gensim 4.2's
// evaluate_word_pairs and evaluate_word_analogies(restrict_vocab=...):
//  * always, against gensim's numbers stored next to the fixture (data/);
//  * live ([peers]): gensim run now on the fixture, and ([peers][data]) on
//    random vectors with case-variant duplicates over the shared datasets.
#include <catch2/catch.hpp>
#include <fstream>

#include "core/input_file.h"
#include "core/random.h"
#include "core/vectors_io.h"
#include "eval/analogy.h"
#include "eval/similarity.h"
#include "eval_test_support.h"

using namespace embkit;
using namespace embkit::evaltest;

namespace {

// Compares embkit against a gensim_reference.py JSON output.
void check_against_gensim(const std::string& gensim_json, const std::string& vectors,
                          const std::string& questions, std::int64_t restrict,
                          const std::vector<std::string>& pair_files) {
  INFO("gensim output: " << gensim_json);
  const Embeddings e = read_vectors(vectors);
  const auto spearmans = json_values(gensim_json, "spearman");
  const auto used = json_values(gensim_json, "pairs_used");
  REQUIRE(spearmans.size() == pair_files.size());
  for (std::size_t i = 0; i < pair_files.size(); ++i) {
    const SimilarityResult r = evaluate_similarity(e, read_word_pairs(pair_files[i]));
    INFO(pair_files[i]);
    CHECK(r.spearman == Approx(std::stod(spearmans[i])).margin(1e-4));
    CHECK(r.pairs_used == std::stoll(used[i]));
  }
  AnalogyOptions options;
  options.restrict = restrict;
  const AnalogyResult r = evaluate_analogies(e, read_analogy_questions(questions), options);
  const auto names = json_values(gensim_json, "section");
  const auto correct = json_values(gensim_json, "correct");
  const auto seen = json_values(gensim_json, "seen");
  // gensim lists every section, then "Total accuracy".
  REQUIRE(names.size() == r.sections.size() + 1);
  for (std::size_t s = 0; s < r.sections.size(); ++s) {
    INFO(names[s]);
    CHECK(r.sections[s].name == names[s]);
    CHECK(r.sections[s].counts.correct == std::stoll(correct[s]));
    CHECK(r.sections[s].counts.seen == std::stoll(seen[s]));
  }
  CHECK(names.back() == "Total accuracy");
  CHECK(r.all.correct == std::stoll(correct.back()));
  CHECK(r.all.seen == std::stoll(seen.back()));
}

std::string run_gensim(const std::string& vectors, const std::string& questions,
                       std::int64_t restrict, const std::vector<std::string>& pair_files) {
  std::string command = "/usr/bin/python3 " + std::string(EMBKIT_SOURCE_DIR) +
                        "/tests/eval/gensim_reference.py '" + vectors + "' '" + questions +
                        "' " + std::to_string(restrict);
  for (const auto& p : pair_files) command += " '" + p + "'";
  const CommandResult r = run_command(command + " 2>/dev/null");
  REQUIRE(r.exit_code == 0);
  return r.out;
}

}  // namespace

TEST_CASE("similarity and analogy equal gensim's stored numbers on the fixture", "[similarity][analogy]") {
  for (std::int64_t restrict : {30000, 600}) {
    INFO("restrict " << restrict);
    const std::string stored =
        read_file(fixture("gensim_restrict" + std::to_string(restrict) + ".json"));
    REQUIRE(!stored.empty());
    check_against_gensim(stored, fixture("fixture.vec"), fixture("questions.txt"), restrict,
                         {fixture("ws353.txt")});
  }
}

TEST_CASE("similarity and analogy equal gensim run live on the fixture", "[peers]") {
  test::require_python_modules({"gensim"});
  check_against_gensim(run_gensim(fixture("fixture.vec"), fixture("questions.txt"), 30000,
                                  {fixture("ws353.txt")}),
                       fixture("fixture.vec"), fixture("questions.txt"), 30000,
                       {fixture("ws353.txt")});
}

TEST_CASE("similarity and analogy equal gensim run live over the shared datasets", "[peers][data]") {
  test::require_python_modules({"gensim"});
  const std::string questions = test::require_shared_data("analogy/questions-words.txt");
  const std::vector<std::string> pairs = {test::require_shared_data("wordsim/EN-WS-353-ALL.txt"),
                                          test::require_shared_data("wordsim/EN-SIMLEX-999.txt"),
                                          test::require_shared_data("wordsim/EN-RG-65.txt")};
  // Random vectors over every word of the datasets, in a shuffled order, with
  // upper-case twins before (more frequent) or after some words, and about 3%
  // of the words left out. Random vectors make 3CosAdd mostly wrong, but the
  // counts must still agree one for one. restrict 2000 cuts the vocabulary.
  std::vector<std::string> words;
  for (const auto& s : read_analogy_questions(questions))
    for (const auto& q : s.questions) words.insert(words.end(), {q.a, q.b, q.c, q.d});
  for (const auto& p : pairs)
    for (const auto& wp : read_word_pairs(p).pairs) words.insert(words.end(), {wp.first, wp.second});
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  Rng rng(2024);
  for (std::size_t i = words.size(); i > 1; --i) std::swap(words[i - 1], words[rng.below(i)]);
  std::vector<std::string> labels;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i % 31 == 3) continue;
    std::string twin = words[i];
    for (char& ch : twin) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    const bool has_twin = twin != words[i] && i % 7 < 2;
    if (has_twin && i % 7 == 0) labels.push_back(twin);
    labels.push_back(words[i]);
    if (has_twin && i % 7 == 1) labels.push_back(twin);
  }
  std::sort(labels.begin(), labels.end());
  labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
  for (std::size_t i = labels.size(); i > 1; --i) std::swap(labels[i - 1], labels[rng.below(i)]);
  Matrix m(static_cast<Eigen::Index>(labels.size()), 16);
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j) m(i, j) = static_cast<float>(rng.uniform() - 0.5);
  const std::string vectors = temp_dir() + "/random.vec";
  write_vectors(Embeddings(labels, m), vectors);
  for (std::int64_t restrict : {30000, 2000})
    check_against_gensim(run_gensim(vectors, questions, restrict, pairs), vectors, questions,
                         restrict, pairs);
}
