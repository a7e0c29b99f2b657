#include <catch2/catch.hpp>
#include <algorithm>

#include "core/error.h"
#include "core/random.h"
#include "eval/analogy.h"
#include "eval/eval_datasets.h"
#include "eval_test_support.h"

using namespace embkit;
using namespace embkit::evaltest;

namespace {

std::vector<AnalogySection> one_section(const std::string& name,
                                        std::vector<AnalogyQuestion> questions) {
  AnalogySection s;
  s.name = name;
  s.syntactic = name.rfind("gram", 0) == 0;
  s.questions = std::move(questions);
  return {s};
}

// Slow reference: score every candidate with the formula, no batching.
std::int64_t reference_answer(const Matrix& unit, std::int64_t a, std::int64_t b, std::int64_t c,
                              AnalogyMethod method) {
  std::int64_t best = -1;
  double best_score = -1e300;
  for (std::int64_t x = 0; x < unit.rows(); ++x) {
    if (x == a || x == b || x == c) continue;
    const double ca = unit.row(x).dot(unit.row(a)), cb = unit.row(x).dot(unit.row(b)),
                 cc = unit.row(x).dot(unit.row(c));
    double score;
    if (method == AnalogyMethod::CosMul)
      score = (1 + cb) / 2 * ((1 + cc) / 2) / ((1 + ca) / 2 + 0.001);
    else
      score = (unit.row(b) - unit.row(a) + unit.row(c)).normalized().dot(unit.row(x));
    if (score > best_score) best_score = score, best = x;
  }
  return best;
}

}  // namespace

TEST_CASE("analogy parser reads sections and rejects malformed lines", "[datasets]") {
  const auto sections = read_analogy_questions(
      write_temp("q.txt", ": capital\nAthens Greece Rome Italy\n\n: gram1-x\na b c d\r\n"));
  REQUIRE(sections.size() == 2);
  CHECK(sections[0].name == "capital");
  CHECK_FALSE(sections[0].syntactic);
  CHECK(sections[1].syntactic);
  CHECK(sections[1].questions[0].d == "d");
  CHECK(sections[1].questions[0].line == 5);
  CHECK_THROWS_WITH(read_analogy_questions(write_temp("q2.txt", ": s\na b c\n")),
                    Catch::Contains("q2.txt:2") && Catch::Contains("expected 4 words"));
  CHECK_THROWS_WITH(read_analogy_questions(write_temp("q3.txt", "a b c d\n")),
                    Catch::Contains("q3.txt:1") && Catch::Contains("section"));
  CHECK_THROWS_AS(read_analogy_questions(write_temp("q4.txt", ": s\n")), InputError);
}

TEST_CASE("3CosAdd solves a planted analogy and skips OOV questions", "[analogy]") {
  const Embeddings e = make_embeddings(
      {"man", "woman", "king", "queen", "apple", "rare"},
      {{1, 0, 0}, {1, 1, 0}, {1, 0, 1}, {1, 1, 1}, {-1, 0.2f, 0}, {1, 1, 1.1f}});
  const auto sections = one_section(
      "family", {{"man", "woman", "king", "queen", 1}, {"MAN", "Woman", "King", "QUEEN", 2},
                 {"man", "woman", "king", "unknown", 3}, {"man", "rare", "king", "queen", 4}});
  AnalogyOptions options;
  options.restrict = 5;  // "rare" is outside the searched vocabulary
  const AnalogyResult r = evaluate_analogies(e, sections, options);
  CHECK(r.all.total == 4);
  CHECK(r.all.seen == 2);
  CHECK(r.all.correct == 2);
  CHECK(r.semantic.seen == 2);
  CHECK(r.syntactic.total == 0);
  options.case_insensitive = false;
  CHECK(evaluate_analogies(e, sections, options).all.seen == 1);
  options.restrict = 0;  // now "rare" is searched too and is nearer than queen
  options.case_insensitive = true;
  const AnalogyResult all = evaluate_analogies(e, sections, options);
  CHECK(all.all.seen == 3);
  CHECK(all.all.correct == 1);  // only "man : rare = king : queen"
}

TEST_CASE("analogy passes over case variants of the question words", "[analogy]") {
  // "King" (row 4) is the nearest candidate to woman − man + king but is a case
  // variant of the question word "king": gensim skips it and takes the next.
  const Embeddings e = make_embeddings({"man", "woman", "king", "queen", "King"},
                                       {{1, 0, 0}, {1, 1, 0}, {1, 0, 1}, {1, 0.9f, 1.1f}, {1, 1, 1}});
  const auto r = evaluate_analogies(e, one_section("s", {{"man", "woman", "king", "queen", 1}}));
  CHECK(r.all.correct == 1);
}

TEST_CASE("batched 3CosAdd and 3CosMul equal a slow reference", "[analogy]") {
  Rng rng(42);
  const std::int64_t rows = 300, dim = 8;
  std::vector<std::string> labels;
  Matrix m(rows, dim);
  for (std::int64_t i = 0; i < rows; ++i) {
    labels.push_back("w" + std::to_string(i));
    for (std::int64_t j = 0; j < dim; ++j) m(i, j) = static_cast<float>(rng.uniform() - 0.5);
  }
  const Embeddings e(labels, m);
  Matrix unit = m;
  for (std::int64_t i = 0; i < rows; ++i) unit.row(i).normalize();
  std::vector<AnalogyQuestion> questions;
  for (int q = 0; q < 200; ++q) {
    const std::int64_t a = rng.below(rows), b = rng.below(rows), c = rng.below(rows);
    if (a == b || b == c || a == c) continue;
    AnalogyQuestion question{labels[a], labels[b], labels[c], "", 0};
    questions.push_back(question);
  }
  for (AnalogyMethod method : {AnalogyMethod::CosAdd, AnalogyMethod::CosMul}) {
    // Expected answer = the reference's argmax, so every question must be correct.
    std::vector<AnalogyQuestion> qs = questions;
    for (auto& q : qs)
      q.d = labels[reference_answer(unit, std::stoi(q.a.substr(1)), std::stoi(q.b.substr(1)),
                                    std::stoi(q.c.substr(1)), method)];
    AnalogyOptions options;
    options.method = method;
    options.threads = 2;
    const AnalogyResult r = evaluate_analogies(e, one_section("gram-x", qs), options);
    INFO(analogy_method_name(method));
    CHECK(r.all.seen == static_cast<std::int64_t>(qs.size()));
    CHECK(r.all.correct == r.all.seen);
    CHECK(r.syntactic.seen == r.all.seen);
  }
}

TEST_CASE("parse_analogy_method", "[analogy]") {
  CHECK(parse_analogy_method("3cosmul") == AnalogyMethod::CosMul);
  CHECK(parse_analogy_method("3cosadd") == AnalogyMethod::CosAdd);
  CHECK_THROWS_AS(parse_analogy_method("3cosfoo"), UsageError);
}
