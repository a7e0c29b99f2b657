#include <catch2/catch.hpp>

#include "core/error.h"
#include "core/tokenizer.h"

using namespace embkit;

namespace {

std::string text8(const std::vector<std::string>& lines, std::uint64_t max_bytes = 0) {
  std::string out;
  Text8Normalizer n([&](std::string_view s) { out += s; }, max_bytes);
  for (const auto& l : lines) n.feed_line(l);
  n.finish();
  return out;
}

const char* kDreams = "Hold fast to dreams, for if dreams die, life is a broken-winged bird that cannot fly.";
const char* kSoars = "No bird soars too high if he soars with his own wings.";

}  // namespace

TEST_CASE("text8 normalization, byte by byte", "[tokenizer]") {
  REQUIRE(text8({"Anarchism (1970s) is a Political-philosophy!"}) ==
          "anarchism one nine seven zero s is a political philosophy");
  REQUIRE(text8({"<doc id=\"1\" title=\"X\">", "Hello  World", "</doc>", "caf\xC3\xA9 ok"}) == "hello world caf ok");
  REQUIRE(text8({"a1b"}) == "a one b");
  REQUIRE(text8({""}) == "");
}

TEST_CASE("text8 --max-bytes drops the trailing partial word", "[tokenizer]") {
  // "alpha beta gamma" is 16 bytes.
  REQUIRE(text8({"alpha beta gamma"}, 16) == "alpha beta gamma");
  REQUIRE(text8({"alpha beta gamma"}, 15) == "alpha beta");
  REQUIRE(text8({"alpha beta gamma"}, 11) == "alpha beta");
  REQUIRE(text8({"alpha beta gamma"}, 3) == "");
}

TEST_CASE("whitespace tokenization strips edge punctuation", "[tokenizer]") {
  std::vector<std::string> t;
  tokenize_whitespace(kDreams, t);
  REQUIRE(t.size() == 16);
  REQUIRE(t[3] == "dreams");
  REQUIRE(t[11] == "broken-winged");
  REQUIRE(t[15] == "fly");
  t.clear();
  tokenize_whitespace(kSoars, t);
  REQUIRE(t.size() == 12);
}

TEST_CASE("unicode tokenizer: letters, digits, punctuation policy", "[tokenizer]") {
  std::vector<std::string> t;
  UnicodeTokenizer keep;
  keep.tokenize("Ça va? Naïve café—ÉTÉ 2024!", t);
  REQUIRE(t == std::vector<std::string>{"ça", "va", "?", "naïve", "café", "—", "été", "2024", "!"});
  t.clear();
  UnicodeTokenizerOptions drop_opts;
  drop_opts.keep_punct = false;
  UnicodeTokenizer drop(drop_opts);
  drop.tokenize("Hello, Мир!", t);
  REQUIRE(t == std::vector<std::string>{"hello", "мир"});
}

TEST_CASE("invalid UTF-8: strict fails with the position, replace and skip count", "[tokenizer][errors]") {
  const std::string bad = std::string("ab\xFF") + "cd";
  std::vector<std::string> t;
  UnicodeTokenizer strict;
  REQUIRE_THROWS_WITH(strict.tokenize(bad, t, "in.txt", 7), Catch::Contains("in.txt:7: invalid UTF-8 at byte 3"));
  UnicodeTokenizerOptions o;
  o.utf8 = Utf8Policy::Skip;
  UnicodeTokenizer skip(o);
  t.clear();
  skip.tokenize(bad, t);
  REQUIRE(t == std::vector<std::string>{"abcd"});
  REQUIRE(skip.invalid_sequences() == 1);
  o.utf8 = Utf8Policy::Replace;
  UnicodeTokenizer replace(o);
  t.clear();
  replace.tokenize(bad, t);
  REQUIRE(t == std::vector<std::string>{"ab", "\xEF\xBF\xBD", "cd"});
}

TEST_CASE("UTF-8 decoding rejects overlong forms and surrogates", "[tokenizer]") {
  REQUIRE(is_valid_utf8("plain ascii"));
  REQUIRE(is_valid_utf8("\xE2\x82\xAC"));  // €
  REQUIRE_FALSE(is_valid_utf8("\xC0\xAF"));  // overlong '/'
  REQUIRE_FALSE(is_valid_utf8("\xED\xA0\x80"));  // U+D800
  REQUIRE_FALSE(is_valid_utf8("\xE2\x82"));  // truncated
  std::string s;
  append_utf8(0x1F600, s);
  std::size_t pos = 0;
  REQUIRE(decode_utf8(s, pos) == 0x1F600);
  REQUIRE(pos == 4);
}
