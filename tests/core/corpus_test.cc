#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <thread>

#include "core/corpus.h"
#include "core/error.h"
#include "core/vocabulary.h"
#include "support/test_util.h"

using namespace embkit;
using embkit::test::TempDir;
using embkit::test::write_file;

namespace {

std::vector<std::string> all_items(TokenStream& s) {
  std::vector<std::string> out;
  std::string_view w;
  for (;;) {
    auto k = s.next(w);
    if (k == TokenStream::Kind::End) break;
    out.push_back(k == TokenStream::Kind::Word ? std::string(w) : std::string("</s>"));
  }
  return out;
}

}  // namespace

TEST_CASE("tokens and sentence ends survive every chunk boundary", "[corpus]") {
  TempDir tmp;
  write_file(tmp.file("c.txt"), "the quick\tbrown  fox\r\n\n\njumps over\nthe lazy dog");
  const std::vector<std::string> expected = {"the", "quick", "brown", "fox", "</s>", "jumps", "over",
                                             "</s>", "the", "lazy", "dog", "</s>"};
  for (std::size_t chunk : {1, 2, 3, 5, 7, 64, 1 << 20}) {
    TokenStream s(tmp.file("c.txt"), 1 << 16, chunk);
    INFO("chunk " << chunk);
    REQUIRE(all_items(s) == expected);
    REQUIRE(s.stats().tokens == 9);
    REQUIRE(s.stats().lines == 3);
  }
}

TEST_CASE("a UTF-8 byte order mark is skipped whatever the chunk size; a partial one is a word", "[corpus]") {
  TempDir tmp;
  write_file(tmp.file("bom.txt"), "\xEF\xBB\xBFthe cat\n");
  write_file(tmp.file("partial.txt"), "\xEF\xBB the\n");
  write_file(tmp.file("short.txt"), "a");
  for (std::size_t chunk : {1, 2, 3, 4, 1 << 20}) {
    INFO("chunk " << chunk);
    TokenStream bom(tmp.file("bom.txt"), 1 << 16, chunk);
    CHECK(all_items(bom) == std::vector<std::string>{"the", "cat", "</s>"});
    CHECK(bom.stats().bytes == 11);
    TokenStream partial(tmp.file("partial.txt"), 1 << 16, chunk);
    CHECK(all_items(partial) == std::vector<std::string>{"\xEF\xBB", "the", "</s>"});
    TokenStream one(tmp.file("short.txt"), 1 << 16, chunk);
    CHECK(all_items(one) == std::vector<std::string>{"a", "</s>"});
  }
}

TEST_CASE("over-long tokens are split and counted, never dropped", "[corpus]") {
  TempDir tmp;
  write_file(tmp.file("c.txt"), "ab " + std::string(10, 'x') + " cd");
  TokenStream s(tmp.file("c.txt"), 4, 3);
  REQUIRE(all_items(s) == std::vector<std::string>{"ab", "xxxx", "xxxx", "xx", "cd", "</s>"});
  REQUIRE(s.stats().split_tokens == 2);
}

TEST_CASE("next_sentence splits lines longer than max_words", "[corpus]") {
  TempDir tmp;
  write_file(tmp.file("c.txt"), "a b c d e\nf\n");
  TokenStream s(tmp.file("c.txt"));
  std::vector<std::string> words;
  std::vector<std::size_t> sizes;
  while (s.next_sentence(words, 2)) sizes.push_back(words.size());
  REQUIRE(sizes == std::vector<std::size_t>{2, 2, 1, 1});
}

TEST_CASE("a 1 GB single line streams in bounded memory with exact 64-bit counts", "[corpus][large]") {
  TempDir tmp;
  const std::string fifo = tmp.file("fifo");
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  // "alpha beta gamma delta " is 23 bytes; 46,684,427 repetitions ≈ 1.07 GB, no '\n'.
  const std::uint64_t reps = (1ULL << 30) / 23 + 1;
  std::thread writer([&] {
    std::FILE* f = std::fopen(fifo.c_str(), "wb");
    std::string block;
    for (int i = 0; i < 4096; ++i) block += "alpha beta gamma delta ";
    std::uint64_t left = reps;
    while (left > 0) {
      const std::uint64_t n = std::min<std::uint64_t>(left, 4096);
      std::fwrite(block.data(), 1, n * 23, f);
      left -= n;
    }
    std::fclose(f);
  });
  TokenStream stream(fifo);
  VocabularyOptions options;
  options.min_count = 1;
  const Vocabulary v = Vocabulary::build(stream, options);
  writer.join();
  REQUIRE(v.size() == 4);
  REQUIRE(v.corpus_tokens == 4 * reps);
  REQUIRE(v[0].count == reps);
  REQUIRE(stream.stats().bytes == 23 * reps);
  REQUIRE(stream.stats().lines == 1);
}

TEST_CASE("64-bit counters pass 2^32 without wrapping", "[corpus]") {
  // The boundary is exercised through the count table, not a 4-billion-word file.
  std::unordered_map<std::string, std::uint64_t> counts{{"big", (1ULL << 32) + 5}, {"small", 7}};
  VocabularyOptions options;
  options.min_count = 1;
  const Vocabulary v = Vocabulary::from_counts(counts, options);
  REQUIRE(v[0].count == (1ULL << 32) + 5);
  REQUIRE(v.total_count() == (1ULL << 32) + 12);
  TempDir tmp;
  v.save(tmp.file("v.tsv"));
  REQUIRE(Vocabulary::load(tmp.file("v.tsv"))[0].count == (1ULL << 32) + 5);
}

TEST_CASE("vocabulary order: descending count, ties by byte order", "[vocab]") {
  TempDir tmp;
  write_file(tmp.file("c.txt"), "b a c a b d\nz z e\n");
  TokenStream s(tmp.file("c.txt"));
  VocabularyOptions options;
  options.min_count = 1;
  Vocabulary v = Vocabulary::build(s, options);
  REQUIRE(v.words() == std::vector<std::string>{"a", "b", "z", "c", "d", "e"});
  REQUIRE(v.find("z") == 2);
  REQUIRE(v.find("nope") == -1);
  options.min_count = 2;
  TokenStream s2(tmp.file("c.txt"));
  REQUIRE(Vocabulary::build(s2, options).words() == std::vector<std::string>{"a", "b", "z"});
  options.min_count = 1;
  options.max_vocab = 2;
  TokenStream s3(tmp.file("c.txt"));
  REQUIRE(Vocabulary::build(s3, options).words() == std::vector<std::string>{"a", "b"});
}

TEST_CASE("vocabulary pruning while counting reports its cutoff", "[vocab]") {
  TempDir tmp;
  std::string text = "common common common common ";
  for (int i = 0; i < 15; ++i) text += "rare" + std::to_string(i) + " ";
  write_file(tmp.file("c.txt"), text);
  TokenStream s(tmp.file("c.txt"));
  VocabularyOptions options;
  options.min_count = 1;
  options.prune_threshold = 10;
  const Vocabulary v = Vocabulary::build(s, options);
  // One prune (at 11 distinct words) dropped the ten singletons seen so far.
  REQUIRE(v.pruned_below == 2);
  REQUIRE(v.size() == 6);
  REQUIRE(v[0].word == "common");
  REQUIRE(v[0].count == 4);
}

TEST_CASE("vocabulary save/load round trip and malformed files", "[vocab][errors]") {
  TempDir tmp;
  Vocabulary v({{"x", 3}, {"y", 9}});
  v.save(tmp.file("v.tsv"));
  const Vocabulary back = Vocabulary::load(tmp.file("v.tsv"));
  REQUIRE(back.words() == std::vector<std::string>{"y", "x"});
  const Vocabulary copy = back;  // copies keep a working index
  REQUIRE(copy.find("x") == 1);
  write_file(tmp.file("bad.tsv"), "a\t1\nb\tmany\n");
  REQUIRE_THROWS_WITH(Vocabulary::load(tmp.file("bad.tsv")), Catch::Contains("bad.tsv:2: expected a count, got 'many'"));
  write_file(tmp.file("dup.tsv"), "a\t1\na\t2\n");
  REQUIRE_THROWS_WITH(Vocabulary::load(tmp.file("dup.tsv")), Catch::Contains("dup.tsv:2: duplicate word 'a'"));
  write_file(tmp.file("empty.tsv"), "");
  REQUIRE_THROWS_WITH(Vocabulary::load(tmp.file("empty.tsv")), Catch::Contains("empty"));
}

TEST_CASE("raw text is told apart from a tokenized corpus", "[vocab]") {
  const auto warning = [](std::vector<Vocabulary::Entry> entries) {
    return render_parameters(untokenized_corpus_warning(Vocabulary(std::move(entries)), "c.txt", 5));
  };
  // 1,000 clean words: no warning; 999: too few.
  std::vector<Vocabulary::Entry> clean;
  for (int i = 0; i < 1000; ++i) clean.push_back({"w" + std::to_string(i), 10});
  REQUIRE(warning(clean).empty());
  std::vector<Vocabulary::Entry> fewer(clean.begin(), clean.end() - 1);
  const std::string few = warning(fewer);
  REQUIRE(few.find("c.txt: the vocabulary has only 999 words") == 0);
  REQUIRE(few.find("embkit tokenize") != std::string::npos);
  REQUIRE(few.find("min_count 5") != std::string::npos);

  // Punctuation stuck to words on 6 % of the tokens; standalone punctuation
  // and inner apostrophes (a tokenized corpus's "." and "don't") do not count.
  std::vector<Vocabulary::Entry> punct = clean;
  punct.push_back({"cat.", 600});
  REQUIRE(warning(punct).find("6% of the tokens have punctuation attached") != std::string::npos);
  punct.back() = {"cat.", 400};
  REQUIRE(warning(punct).empty());
  std::vector<Vocabulary::Entry> split = clean;
  split.push_back({".", 5000});
  split.push_back({"don't", 5000});
  REQUIRE(warning(split).empty());

  // Capitals on most tokens.
  std::vector<Vocabulary::Entry> caps = clean;
  caps.push_back({"The", 10001});
  REQUIRE(warning(caps).find("50% of the tokens have capitals") != std::string::npos);
  caps.back().count = 9999;
  REQUIRE(warning(caps).empty());
}

TEST_CASE("byte ranges read every token once, and a stopped range resumes where it stopped", "[corpus]") {
  TempDir tmp;
  // A byte order mark, runs of separators, empty lines, tokens of 11 and 6
  // bytes (over the limit of 4 used here: split into 4+4+3, 4+2) and a final line
  // without '\n'.
  const std::string text = std::string(kUtf8Bom) + "ab  cde\n\n\tfghijklmnop rs\n t uvwxyz\r\nend";
  write_file(tmp.file("c.txt"), text);
  const std::uint64_t size = text.size();
  TokenStream whole(tmp.file("c.txt"), 4, 3);
  std::vector<std::string> expected;
  for (const std::string& item : all_items(whole))
    if (item != "</s>") expected.push_back(item);
  REQUIRE(expected.size() == 10);
  REQUIRE(whole.stats().split_tokens == 3);
  // Every pair of cut points: the three ranges' words, in order, are the
  // whole stream's.
  for (std::uint64_t cut1 = 0; cut1 <= size; ++cut1) {
    for (std::uint64_t cut2 = cut1; cut2 <= size; ++cut2) {
      std::vector<std::string> words;
      std::uint64_t split = 0;
      for (auto [b, e] : {std::pair{std::uint64_t{0}, cut1}, {cut1, cut2}, {cut2, size}}) {
        TokenStream part(tmp.file("c.txt"), b, e, TokenStream::Start::Boundary, 4, 3);
        for (const std::string& item : all_items(part))
          if (item != "</s>") words.push_back(item);
        split += part.stats().split_tokens;
      }
      INFO("cuts " << cut1 << " " << cut2);
      REQUIRE(words == expected);
      REQUIRE(split == 3);
    }
  }
  // Stopping after any item of a range and resuming at offset() gives the
  // rest of that range (its words: a resumed reader starts a new line).
  for (std::uint64_t cut = 0; cut <= size; cut += 3) {
    TokenStream first(tmp.file("c.txt"), 0, cut, TokenStream::Start::Boundary, 4, 3);
    std::vector<std::string> range;
    for (const std::string& item : all_items(first))
      if (item != "</s>") range.push_back(item);
    for (std::size_t stop = 0; stop <= range.size(); ++stop) {
      TokenStream head(tmp.file("c.txt"), 0, cut, TokenStream::Start::Boundary, 4, 3);
      std::string_view w;
      for (std::size_t taken = 0; taken < stop;)
        if (head.next(w) == TokenStream::Kind::Word) ++taken;
      TokenStream rest(tmp.file("c.txt"), head.offset(), cut, TokenStream::Start::Resume, 4, 3);
      std::vector<std::string> words(range.begin(), range.begin() + static_cast<std::ptrdiff_t>(stop));
      for (const std::string& item : all_items(rest))
        if (item != "</s>") words.push_back(item);
      INFO("cut " << cut << " stop " << stop);
      REQUIRE(words == range);
    }
  }
  // Standard input has no byte ranges.
  CHECK_THROWS_WITH(TokenStream("-", 0, 1, TokenStream::Start::Boundary),
                    Catch::Contains("cannot be read by byte ranges (not a regular file)"));
}
