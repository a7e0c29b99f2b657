// CountVectorizer: the worked example, counts against a simple reference count,
// and the whole matrix against scikit-learn on R8.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <map>
#include <numeric>
#include <sstream>

#include "core/documents.h"
#include "core/error.h"
#include "text/count_vectorizer.h"
#include "text/numpy_argsort.h"
#include "text/sklearn_tokenizer.h"  // tokenize_sklearn, for the reference count
#include "support/test_util.h"

using namespace embkit;
using embkit::test::run_python;
using embkit::test::TempDir;
using embkit::test::write_lines;

namespace {

std::vector<std::string> three_documents() {
  return {
      "Hold fast to dreams, for if dreams die, life is a broken-winged bird that cannot fly.",
      "No bird soars too high if he soars with his own wings.",
      "A bird does not sing because it has an answer, it sings because it has a song."};
}

double at(const SparseMatrix& m, int row, int col) { return m.coeff(row, col); }

}  // namespace

TEST_CASE("binary bag-of-words of the three documents (issue 2 worked example)") {
  CountVectorizerOptions options;
  options.binary = true;
  CountVectorizer vectorizer(options);
  const DocumentTermCounts x = vectorizer.fit_transform(three_documents());
  const std::vector<std::string> first{"an",     "answer", "because", "bird", "broken",
                                       "cannot", "die",    "does",    "dreams", "fast"};
  REQUIRE(x.terms.size() > first.size());
  CHECK(std::vector<std::string>(x.terms.begin(), x.terms.begin() + 10) == first);
  REQUIRE(x.counts.rows() == 3);
  REQUIRE(x.counts.cols() == static_cast<long>(x.terms.size()));
  const int bird = static_cast<int>(vectorizer.column("bird"));
  const int dreams = static_cast<int>(vectorizer.column("dreams"));
  for (int r = 0; r < 3; ++r) CHECK(at(x.counts, r, bird) == 1);
  CHECK(at(x.counts, 0, dreams) == 1);
  CHECK(at(x.counts, 1, dreams) == 0);
  CHECK(at(x.counts, 2, dreams) == 0);
  CHECK(x.df[bird] == 3);
  CHECK(vectorizer.column("a") == -1);  // one-letter words are not tokens
  // Without --binary "dreams" counts 2 in the first document.
  const DocumentTermCounts counts = CountVectorizer().fit_transform(three_documents());
  CHECK(at(counts.counts, 0, dreams) == 2);
  CHECK(at(counts.counts, 2, static_cast<int>(vectorizer.column("because"))) == 2);
}

TEST_CASE("numpy_argsort reproduces numpy's introsort order among ties", "[peers]") {
  embkit::test::require_python_modules({"numpy"});
  TempDir tmp;
  std::vector<std::int64_t> values;
  std::uint64_t state = 99;
  for (int i = 0; i < 5000; ++i) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    values.push_back(-static_cast<std::int64_t>((state >> 33) % (i < 2500 ? 7 : 300)));
  }
  std::string text;
  for (auto v : values) text += std::to_string(v) + "\n";
  embkit::test::write_file(tmp.file("values.txt"), text);
  const std::string python = run_python(tmp, R"PY(
import sys, numpy as np
v = np.loadtxt(sys.argv[1], dtype=np.int64)
print(" ".join(map(str, v.argsort())))
)PY", tmp.file("values.txt"));
  std::string ours;
  for (auto i : numpy_argsort(values)) ours += (ours.empty() ? "" : " ") + std::to_string(i);
  CHECK(ours + "\n" == python);
}

TEST_CASE("CountVectorizer equals scikit-learn's on R8", "[peers][data]") {
  const std::string path = embkit::test::require_shared_data("docs/r8-train-all-terms.txt");
  embkit::test::require_python_modules({"sklearn"});
  TempDir tmp;
  const Documents docs = read_documents(path, DocumentFormat::Labeled);
  write_lines(tmp.file("docs.txt"), docs.texts);
  struct Case {
    const char* python_args;
    CountVectorizerOptions options;
  };
  std::vector<Case> cases(4);
  cases[0].python_args = "";
  cases[1].python_args = "min_df=2,max_df=0.5";
  cases[1].options.min_df = 2;
  cases[1].options.max_df = 0.5;
  cases[2].python_args = "max_features=1000";
  cases[2].options.max_features = 1000;
  cases[3].python_args = "binary=True,max_features=3000,min_df=0.001";
  cases[3].options.binary = true;
  cases[3].options.max_features = 3000;
  cases[3].options.min_df = 0.001;
  // One Python run for all cases: sklearn's import dominates the time.
  std::string args;
  for (const auto& c : cases) args += " '" + std::string(c.python_args) + "'";
  const std::string python = run_python(tmp, R"PY(
import sys
from sklearn.feature_extraction.text import CountVectorizer
with open(sys.argv[1], encoding="utf-8") as f:
    docs = [line.rstrip("\n") for line in f]
for args in sys.argv[2:]:
    v = eval("CountVectorizer(" + args + ")")
    X = v.fit_transform(docs).tocsr()
    X.sort_indices()
    print(" ".join(v.get_feature_names_out()))
    for r in range(X.shape[0]):
        s, e = X.indptr[r], X.indptr[r + 1]
        print(" ".join("%d:%d" % (c, x) for c, x in zip(X.indices[s:e], X.data[s:e])))
)PY", tmp.file("docs.txt") + args);
  std::istringstream lines(python);
  std::string line;
  for (auto& c : cases) {
    INFO("options: " << c.python_args);
    c.options.threads = 2;
    const DocumentTermCounts x = CountVectorizer(c.options).fit_transform(docs.texts);
    REQUIRE(std::getline(lines, line));
    std::string terms;
    for (const auto& t : x.terms) terms += (terms.empty() ? "" : " ") + t;
    CHECK(x.terms.size() == static_cast<std::size_t>(std::count(line.begin(), line.end(), ' ') + 1));
    REQUIRE(terms == line);
    int mismatched_rows = 0;
    for (int r = 0; r < x.counts.rows(); ++r) {
      REQUIRE(std::getline(lines, line));
      std::string ours;
      for (SparseMatrix::InnerIterator it(x.counts, r); it; ++it)
        ours += (ours.empty() ? "" : " ") + std::to_string(it.col()) + ":" +
                std::to_string(static_cast<long>(it.value()));
      mismatched_rows += ours != line;
    }
    CHECK(mismatched_rows == 0);
  }
}

TEST_CASE("transform ignores unknown terms and equals fit_transform on the fitted documents") {
  CountVectorizerOptions options;
  options.threads = 2;
  CountVectorizer vectorizer(options);
  const DocumentTermCounts x = vectorizer.fit_transform(three_documents());
  const SparseMatrix again = vectorizer.transform(three_documents());
  CHECK(SparseMatrix(again - x.counts).norm() == 0);
  const SparseMatrix y = vectorizer.transform({"Zebra birds BIRD bird dreams", ""});
  CHECK(y.rows() == 2);
  CHECK(y.nonZeros() == 2);
  CHECK(at(y, 0, static_cast<int>(vectorizer.column("bird"))) == 2);
  CHECK(at(y, 0, static_cast<int>(vectorizer.column("dreams"))) == 1);
  CHECK_THROWS_AS(CountVectorizer().transform({"x"}), std::logic_error);
}

TEST_CASE("results do not depend on the thread count") {
  std::vector<std::string> docs;
  for (int d = 0; d < 500; ++d) {
    std::string doc;
    for (int w = 0; w < 40; ++w) doc += "w" + std::to_string((d * 31 + w * w) % 997) + " ";
    docs.push_back(doc);
  }
  CountVectorizerOptions one, four;
  one.threads = 1;
  four.threads = 4;
  one.max_features = four.max_features = 300;
  const DocumentTermCounts a = CountVectorizer(one).fit_transform(docs);
  const DocumentTermCounts b = CountVectorizer(four).fit_transform(docs);
  CHECK(a.terms == b.terms);
  CHECK(a.df == b.df);
  CHECK(SparseMatrix(a.counts - b.counts).norm() == 0);
}

TEST_CASE("min_df, max_df and empty vocabularies fail as sklearn does") {
  CountVectorizerOptions options;
  options.min_df = 3;
  const DocumentTermCounts x = CountVectorizer(options).fit_transform(three_documents());
  CHECK(x.terms == std::vector<std::string>{"bird"});
  options.min_df = 2;
  CHECK_THROWS_WITH(CountVectorizer(options).fit_transform({"aa bb", "cc dd"}),
                    Catch::Contains("no terms remain"));
  options.min_df = 4;  // more than the 3 documents that max_df = 100 % allows
  CHECK_THROWS_WITH(CountVectorizer(options).fit_transform(three_documents()),
                    Catch::Contains("max_df corresponds to < documents than min_df"));
  options.min_df = 0.9;  // proportion: 0.9 × 3 documents
  options.max_df = 0.5;
  CHECK_THROWS_WITH(CountVectorizer(options).fit_transform(three_documents()),
                    Catch::Contains("max_df corresponds to < documents than min_df"));
  CHECK_THROWS_WITH(CountVectorizer().fit_transform({"a b c", "! ?"}),
                    Catch::Contains("empty vocabulary"));
  CHECK_THROWS_WITH(CountVectorizer().fit_transform({}), Catch::Contains("empty vocabulary"));
  options = {};
  options.min_df = 2.5;
  CHECK_THROWS_AS(CountVectorizer(options), UsageError);
  options.min_df = -1;
  CHECK_THROWS_AS(CountVectorizer(options), UsageError);
  options = {};
  options.max_features = -2;
  CHECK_THROWS_AS(CountVectorizer(options), UsageError);
}

TEST_CASE("other token patterns") {
  CountVectorizerOptions options;
  options.tokens = TokenPattern::Whitespace;
  const DocumentTermCounts x = CountVectorizer(options).fit_transform(three_documents());
  CHECK(std::find(x.terms.begin(), x.terms.end(), "broken-winged") != x.terms.end());
  CHECK(std::find(x.terms.begin(), x.terms.end(), "a") != x.terms.end());
  options.tokens = TokenPattern::Unicode;
  const DocumentTermCounts u = CountVectorizer(options).fit_transform({"Hello, wörld! hello"});
  CHECK(u.terms == std::vector<std::string>{"hello", "wörld"});
  CHECK(parse_token_pattern("whitespace") == TokenPattern::Whitespace);
  CHECK_THROWS_AS(parse_token_pattern("regex"), UsageError);
}

TEST_CASE("counts equal a simple reference count, long lowercased tokens included") {
  // Tokens that are lowercased copies (capitals), longer than the batch storage
  // (2,000+ bytes), and documents with many more tokens than one batch.
  std::vector<std::string> docs;
  std::uint64_t state = 3;
  const auto next = [&state](int m) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<int>((state >> 33) % m);
  };
  for (int d = 0; d < 60; ++d) {
    std::string doc;
    const int words = next(300);
    for (int w = 0; w < words; ++w) {
      const int kind = next(10);
      if (kind == 0)
        doc += std::string(1000 + next(3000), "AXbq"[next(4)]) + " ";
      else if (kind < 4)
        doc += "Word" + std::to_string(next(50)) + ", ";
      else
        doc += "w" + std::to_string(next(200)) + " ";
    }
    docs.push_back(doc);
  }
  std::map<std::string, std::map<int, int>> reference;  // term → document → count
  for (int d = 0; d < static_cast<int>(docs.size()); ++d) {
    std::vector<std::string> tokens;
    tokenize_sklearn(docs[d], tokens);
    for (const auto& t : tokens) ++reference[t][d];
  }
  CountVectorizerOptions options;
  options.threads = 2;
  const DocumentTermCounts x = CountVectorizer(options).fit_transform(docs);
  REQUIRE(x.terms.size() == reference.size());
  int column = 0;
  for (const auto& [term, by_doc] : reference) {
    INFO("term of " << term.size() << " bytes");
    CHECK(x.terms[column] == term);
    CHECK(x.df[column] == static_cast<std::int64_t>(by_doc.size()));
    for (const auto& [d, count] : by_doc) CHECK(x.counts.coeff(d, column) == count);
    ++column;
  }
  CHECK(x.counts.nonZeros() ==
        std::accumulate(reference.begin(), reference.end(), 0L,
                        [](long sum, const auto& entry) { return sum + static_cast<long>(entry.second.size()); }));
}
