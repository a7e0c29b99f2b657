// The streamed corpus (word2vec/corpus_feed.h): the same ids as the
// in-memory encoding, thread ranges that cover every word once, resumable
// positions, and word2vec runs on files, pipes and old checkpoints.
#include <catch2/catch.hpp>

#include <cstring>
#include <sstream>

#include "core/error.h"
#include "support/test_util.h"
#include "word2vec/checkpoint.h"
#include "word2vec/corpus_feed.h"
#include "word2vec/encoded_corpus.h"
#include "word2vec/word2vec.h"

using namespace embkit;
using embkit::test::TempDir;

namespace {

constexpr std::uint32_t kEnd = CorpusFeed::kSentenceEnd;

// Lines of 0 to 40 words over a Zipf-like vocabulary (rare words fall under
// min_count 3 and are dropped), some lines of rare words only, blank lines.
std::string mixed_corpus(int lines) {
  std::ostringstream out;
  std::uint64_t x = 12345;
  for (int l = 0; l < lines; ++l) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    const int n = static_cast<int>((x >> 33) % 41);
    for (int w = 0; w < n; ++w) {
      x = x * 6364136223846793005ull + 1442695040888963407ull;
      const std::uint64_t r = (x >> 33) % 1000;
      out << (l % 7 == 3 ? "rare" + std::to_string(l) + "_" + std::to_string(w) : "w" + std::to_string(r * r / 5000))
          << (w + 1 < n ? "  " : "");
    }
    out << (l % 5 == 0 ? "\n\n" : "\n");
  }
  return out.str();
}

std::vector<std::uint32_t> read_all(FeedReader& reader) {
  std::vector<std::uint32_t> ids;
  while (reader.more()) ids.push_back(reader.next());
  return ids;
}

std::vector<std::uint32_t> words_only(const std::vector<std::uint32_t>& ids) {
  std::vector<std::uint32_t> out;
  for (std::uint32_t id : ids)
    if (id != kEnd) out.push_back(id);
  return out;
}

std::string run_output(const std::string& args, const std::string& out, const std::string& stdin_file = "") {
  const auto r = test::run_embkit(args, stdin_file);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return test::read_file(out);
}

}  // namespace

TEST_CASE("a streamed file feeds the ids the in-memory encoding holds, in any number of ranges", "[word2vec]") {
  TempDir tmp;
  const std::string path = tmp.file("c.txt");
  test::write_file(path, mixed_corpus(3000));
  VocabularyOptions vo;
  vo.min_count = 3;
  Vocabulary in_memory_vocabulary;
  const EncodedCorpus encoded = EncodedCorpus::read(path, vo, in_memory_vocabulary);
  for (int threads : {1, 2, 3}) {
    Vocabulary vocabulary;
    const CorpusFeed feed = CorpusFeed::open(path, vo, vocabulary, nullptr, true, threads);
    INFO("counted by " << threads << " threads");
    REQUIRE(feed.positions() == CorpusFeed::Positions::Bytes);
    REQUIRE(vocabulary.entries().size() == in_memory_vocabulary.entries().size());
    for (std::int64_t i = 0; i < vocabulary.size(); ++i) {
      REQUIRE(vocabulary[i].word == in_memory_vocabulary[i].word);
      REQUIRE(vocabulary[i].count == in_memory_vocabulary[i].count);
    }
    CHECK(vocabulary.corpus_tokens == in_memory_vocabulary.corpus_tokens);
    CHECK(vocabulary.distinct_words == in_memory_vocabulary.distinct_words);
    CHECK(feed.words() == encoded.words);
    CHECK(feed.length() == test::read_file(path).size());
    // One range: exactly the encoded array.
    FeedReader whole(feed, 0, feed.length(), 0);
    CHECK(read_all(whole) == encoded.ids);
    // Ranges: every word once, in order (a range that ends mid-line ends a sentence there).
    for (int parts : {2, 3, 7, 64}) {
      std::vector<std::uint32_t> words;
      for (int p = 0; p < parts; ++p) {
        FeedReader part(feed, feed.length() * p / parts, feed.length() * (p + 1) / parts, feed.length() * p / parts);
        const std::vector<std::uint32_t> ids = read_all(part);
        REQUIRE((ids.empty() || ids.front() != kEnd));
        words.insert(words.end(), ids.begin(), ids.end());
      }
      CHECK(words_only(words) == words_only(encoded.ids));
    }
  }
}

TEST_CASE("a feed reader resumes at its position after any id, across chunks", "[word2vec]") {
  TempDir tmp;
  const std::string path = tmp.file("c.txt");
  // More ids than one chunk holds, so resuming crosses chunk boundaries.
  std::string text;
  for (int i = 0; i < 120000; ++i) text += (i % 9 == 8 ? "c\n" : i % 3 ? "a " : "bb ");
  test::write_file(path, text);
  VocabularyOptions vo;
  vo.min_count = 1;
  Vocabulary vocabulary;
  const CorpusFeed feed = CorpusFeed::open(path, vo, vocabulary, nullptr, true, 2);
  const std::uint64_t begin = feed.length() / 3, end = feed.length() - 5;
  FeedReader reference(feed, begin, end, begin);
  const std::vector<std::uint32_t> all = read_all(reference);
  REQUIRE(all.size() > FeedReader::kChunkIds);
  for (std::size_t stop : {std::size_t{0}, std::size_t{1}, std::size_t{17}, FeedReader::kChunkIds - 1,
                           FeedReader::kChunkIds, FeedReader::kChunkIds + 1, all.size() - 1, all.size()}) {
    FeedReader head(feed, begin, end, begin);
    for (std::size_t i = 0; i < stop; ++i) REQUIRE((head.more() && head.next() == all[i]));
    FeedReader rest(feed, begin, end, head.position());
    std::vector<std::uint32_t> resumed = read_all(rest);
    // A resumed reader starts a new sentence, so it has no sentence end to give first.
    if (stop < all.size() && all[stop] == kEnd) resumed.insert(resumed.begin(), kEnd);
    INFO("stop " << stop);
    CHECK(std::vector<std::uint32_t>(all.begin() + static_cast<std::ptrdiff_t>(stop), all.end()) == resumed);
  }
  // A file that changes between epochs is refused when it is re-read.
  test::write_file(path, text + "a\n");
  CHECK_THROWS_WITH(FeedReader(feed, 0, feed.length(), 0), Catch::Contains("changed while training"));
}

TEST_CASE("word2vec on a file, on a pipe, and resumed from an old checkpoint trains the same model", "[word2vec]") {
  TempDir tmp;
  const std::string corpus = tmp.file("c.txt");
  test::write_file(corpus, mixed_corpus(1500));
  const std::string common = " --min-count 3 --dim 12 --epochs 3 --threads 1 --seed 5 --sample 1e-2 --max-sentence 9 --quiet";
  const std::string out = tmp.file("v.bin");
  const std::string from_file = run_output("word2vec --input " + corpus + " --output " + out + common, out);
  // Standard input is encoded in memory: the same stream, the same model.
  CHECK(run_output("word2vec --input - --output " + out + common, out, corpus) == from_file);

  // A checkpoint made reading standard input counts ids; written in the
  // version 1 layout (no positions or ranks fields), it still resumes, with
  // the file, into the uninterrupted run's model.
  const std::string ckpt = tmp.file("run.ckpt");
  run_output("word2vec --input - --output " + out + common + " --checkpoint " + ckpt + " --checkpoint-every 40",
             out, corpus);
  std::string bytes = test::read_file(ckpt);
  const Word2VecState state = load_checkpoint(ckpt);
  REQUIRE(state.positions == CorpusFeed::Positions::Ids);
  std::size_t at = 24 + 90 + 8;  // magic, hyperparameters, vocabulary size
  for (const auto& e : state.vocabulary.entries()) at += 8 + e.word.size() + 8;
  at += 4 + 8 + 8 + 8;  // epoch, processed words, corpus words, stream length
  REQUIRE(bytes.compare(0, 24, "EMBKIT-W2V-CHECKPOINT 2\n") == 0);
  bytes.replace(0, 24, "EMBKIT-W2V-CHECKPOINT 1\n");
  bytes.erase(at, 1 + 4);  // positions, ranks
  const std::string v1 = tmp.file("v1.ckpt");
  test::write_file(v1, bytes);
  CHECK(run_output("word2vec --input " + corpus + " --output " + out + " --resume " + v1 + " --quiet", out) ==
        from_file);

  // A checkpoint of a streamed file resumes from the file, not from a pipe.
  run_output("word2vec --input " + corpus + " --output " + out + common + " --checkpoint " + ckpt +
                 " --checkpoint-every 40",
             out);
  REQUIRE(load_checkpoint(ckpt).positions == CorpusFeed::Positions::Bytes);
  CHECK(run_output("word2vec --input " + corpus + " --output " + out + " --resume " + ckpt + " --quiet", out) ==
        from_file);
  const auto piped = test::run_embkit("word2vec --input - --output " + out + " --resume " + ckpt + " --quiet", corpus);
  CHECK(piped.exit_code == 1);
  CHECK_THAT(piped.err, Catch::Contains("was made reading a file by byte ranges; give that file as --input, not a pipe"));
}

TEST_CASE("with several threads the streamed corpus trains every word once per epoch and resumes", "[word2vec]") {
  TempDir tmp;
  const std::string corpus = tmp.file("c.txt");
  test::write_file(corpus, mixed_corpus(4000));
  Word2VecArgs a;
  a.input = corpus;
  a.dim = 12;
  a.epochs = 2;
  a.min_count = 3;
  a.threads = 3;
  a.max_sentence = 11;
  a.quiet = true;
  a.checkpoint = tmp.file("run.ckpt");
  a.checkpoint_every = 30;
  Word2Vec trainer(a);
  trainer.train();
  VocabularyOptions vo;
  vo.min_count = 3;
  Vocabulary vocabulary;
  const EncodedCorpus encoded = EncodedCorpus::read(corpus, vo, vocabulary);
  CHECK(trainer.stats().train_words == encoded.words);
  CHECK(trainer.stats().words_this_run == 2 * encoded.words);
  // The last checkpoint (60%, mid-epoch 2) resumes and trains the rest.
  const Word2VecState state = load_checkpoint(a.checkpoint);
  REQUIRE(state.thread_states.size() == 3);
  Word2VecArgs r;
  r.input = corpus;
  r.resume = a.checkpoint;
  r.quiet = true;
  Word2Vec resumed(r);
  resumed.train();
  CHECK(state.processed_words + resumed.stats().words_this_run == 2 * encoded.words);
}
