// SklearnTokenizer and tokenize_sklearn: hand-checked tokens, the fast scanner
// against a slow reference, and both against Python's own analyzer.
#include <catch2/catch.hpp>

#include <sstream>

#include "core/tokenizer.h"
#include "support/test_util.h"
#include "text/sklearn_tokenizer.h"
#include "text/unicode_tables.h"

using namespace embkit;
using embkit::test::run_python;
using embkit::test::TempDir;
using embkit::test::write_lines;

namespace {

std::vector<std::string> scan(std::string_view text, bool lowercase = true) {
  std::vector<std::string> out;
  SklearnTokenizer tokenizer(lowercase);
  tokenizer.scan(text, [&](std::string_view t) { out.emplace_back(t); });
  return out;
}

// The slow reference: the regex (?u)\b\w\w+\b read literally, one code point
// at a time over Python's str.lower() of the text — every maximal run of \w
// code points (Python's table), kept if it has two or more. Invalid UTF-8 is
// a separator.
std::vector<std::string> reference_tokens(std::string_view text) {
  const std::string lowered = SklearnTokenizer::python_lower(text);
  std::vector<std::string> out;
  std::string run;
  std::size_t code_points = 0;
  const auto flush = [&] {
    if (code_points >= 2) out.push_back(run);
    run.clear();
    code_points = 0;
  };
  for (std::size_t pos = 0; pos < lowered.size();) {
    const std::int32_t cp = decode_utf8(lowered, pos);
    if (cp >= 0 && unicode::is_word(static_cast<char32_t>(cp))) {
      append_utf8(cp, run);
      ++code_points;
    } else {
      flush();
    }
  }
  flush();
  return out;
}

// `count` random texts of up to `max_length` pieces drawn from `pieces`.
std::vector<std::string> random_texts(const std::vector<std::string>& pieces, int count,
                                      int max_length, std::uint64_t seed) {
  std::vector<std::string> texts;
  std::uint64_t state = seed;
  for (int round = 0; round < count; ++round) {
    std::string text;
    const int length = round % (max_length + 1);
    for (int i = 0; i < length; ++i) {
      state = state * 6364136223846793005ull + 1442695040888963407ull;
      text += pieces[(state >> 33) % pieces.size()];
    }
    texts.push_back(text);
  }
  return texts;
}

}  // namespace

TEST_CASE("sklearn tokenization: lowercase, two or more word characters", "[tokenizer]") {
  std::vector<std::string> t;
  tokenize_sklearn("Hold fast to dreams, for if dreams die, life is a broken-winged bird that cannot fly.", t);
  REQUIRE(t.size() == 16);
  REQUIRE(t[0] == "hold");
  REQUIRE(t[10] == "broken");
  REQUIRE(t[11] == "winged");
  t.clear();
  tokenize_sklearn("No bird soars too high if he soars with his own wings.", t);
  REQUIRE(t.size() == 12);
  t.clear();
  tokenize_sklearn("I'm at_home x2 É café 42", t);
  REQUIRE(t == std::vector<std::string>{"at_home", "x2", "café", "42"});
  // Python's \w and str.lower(), as re.findall(r"(?u)\b\w\w+\b", doc.lower())
  // gives them: superscript digits are \w, a final Σ is ς, İ lowers to
  // i + U+0307 (not \w), a titlecase digraph lowers, Arabic-Indic digits are \w.
  t.clear();
  tokenize_sklearn("x² ΟΔΥΣΣΕΥΣ İstanbul ǅungla ١٢٣", t);
  REQUIRE(t == std::vector<std::string>{"x²", "οδυσσευς", "stanbul", "ǆungla", "١٢٣"});
}

TEST_CASE("the fast scanner equals the slow reference", "[tokenizer]") {
  // Lengths up to 190 bytes (ASCII) cross the scanner's 64-byte blocks.
  const std::vector<std::string> ascii = {"a", "b", "c", "X", "Y", "Z", "0", "1", "9", "_",
                                          " ", "-", ".", ",", "'", "\t", "\n", "!"};
  for (const std::string& text : random_texts(ascii, 400, 190, 12345)) {
    INFO("text: " << text);
    CHECK(scan(text) == reference_tokens(text));
  }
  // Non-ASCII pieces: letters, capitals with context-dependent lowering (Σ, İ),
  // a combining mark, a superscript digit, CJK, a dash, invalid bytes.
  const std::vector<std::string> mixed = {"a", "Z", "_", "7", " ", ".", "é", "É", "Σ", "İ", "\xCC\x81",
                                          "²", "東", "\xE2\x80\x94", "\xFF", "\xC3", "'"};
  for (const std::string& text : random_texts(mixed, 400, 80, 777)) {
    INFO("text: " << text);
    CHECK(scan(text) == reference_tokens(text));
  }
}

TEST_CASE("the scanner follows Python's \\w and str.lower() beyond ASCII", "[tokenizer]") {
  // Accented and non-Latin letters are word characters; capitals are lowered.
  CHECK(scan("Éléphant ÜBER naïve") == std::vector<std::string>{"éléphant", "über", "naïve"});
  CHECK(scan("Москва и 東京 2019年") == std::vector<std::string>{"москва", "東京", "2019年"});
  // A combining mark (U+0301) is not \w in Python: it splits the word.
  CHECK(scan("cafe\xCC\x81s ab") == std::vector<std::string>{"cafe", "ab"});
  // U+0130 lowers to "i" + U+0307 (a combining mark): "İstanbul" → "stanbul".
  CHECK(scan("İstanbul") == std::vector<std::string>{"stanbul"});
  // Final sigma: Σ at the end of a word lowers to ς, inside a word to σ.
  CHECK(scan("ΟΔΥΣΣΕΥΣ") == std::vector<std::string>{"οδυσσευς"});
  // Dashes and invalid UTF-8 separate words; lowercase=false keeps case.
  CHECK(scan("red\xE2\x80\x94green\xFF" "blue") == std::vector<std::string>{"red", "green", "blue"});
  CHECK(scan("New York", false) == std::vector<std::string>{"New", "York"});
  CHECK(SklearnTokenizer::python_lower("ΑΣ Σ ΑΣΑ") == "ας σ ασα");
}

TEST_CASE("the scanner equals Python's sklearn analyzer on mixed Unicode text", "[tokenizer][peers]") {
  embkit::test::require_python_modules({"sklearn"});
  TempDir tmp;
  // Pieces chosen to hit every path: ASCII, Latin-1, Greek (final sigma with
  // case-ignorable apostrophes), Cyrillic, CJK, Devanagari marks, digits of
  // other scripts, superscripts (No), underscore, U+0130, emoji.
  const std::vector<std::string> pieces = {
      "Word", "ΣΟΦΙΑΣ", "Σ'", "'Σ", "AΣ.", "ὈΔΥΣΣΕΎΣ", "İI", "ǅungla", "Straße", "ÆON",
      "हिन्दी", "١٢٣", "x²", "snake_case", "東京都", "😀ab", "ﬁne", "Ω", "ⅫX", "a.b",
      " ", " ", "-", ",", "\t", "ΆΣ́Σ", "ß", "ꭰ"};
  const std::vector<std::string> docs = random_texts(pieces, 200, 12, 7);
  write_lines(tmp.file("docs.txt"), docs);
  // CountVectorizer's default analyzer: str.lower, then findall of (?u)\b\w\w+\b.
  const std::string python = run_python(tmp, R"PY(
import sys
from sklearn.feature_extraction.text import CountVectorizer
analyze = CountVectorizer().build_analyzer()
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        print(" ".join(analyze(line.rstrip("\n"))))
)PY", tmp.file("docs.txt"));
  std::istringstream lines(python);
  std::string line;
  for (const auto& doc : docs) {
    REQUIRE(std::getline(lines, line));
    std::string ours;
    for (const auto& t : scan(doc)) ours += (ours.empty() ? "" : " ") + t;
    std::vector<std::string> tokens;
    tokenize_sklearn(doc, tokens);
    INFO("document: " << doc);
    CHECK(ours == line);
    CHECK(tokens == scan(doc));
  }
}
