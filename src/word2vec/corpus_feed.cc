#include "word2vec/corpus_feed.h"

#include <unordered_map>

#include "core/corpus_counts.h"
#include "core/distributed.h"
#include "core/error.h"
#include "core/input_file.h"
#include "core/memory.h"
#include "core/signals.h"

namespace embkit {

CorpusFeed CorpusFeed::in_memory(EncodedCorpus corpus) {
  CorpusFeed feed;
  feed.positions_ = Positions::Ids;
  feed.length_ = corpus.ids.size();
  feed.rank_end_ = feed.length_;
  feed.words_ = corpus.words;
  feed.split_tokens_ = corpus.split_tokens;
  feed.ids_ = std::move(corpus.ids);
  return feed;
}

void CorpusFeed::index_vocabulary(const Vocabulary& vocabulary) {
  index_ = std::make_unique<TermTable<std::uint8_t>>(static_cast<std::size_t>(vocabulary.size()));
  for (const Vocabulary::Entry& e : vocabulary.entries()) index_->insert(e.word);
  EMBKIT_CHECK(index_->size() == vocabulary.size(), "vocabulary words are not distinct");
}

CorpusFeed CorpusFeed::open(const std::string& path, const VocabularyOptions& options, Vocabulary& vocabulary,
                            const std::vector<std::string>* base, bool add_new, int threads) {
  const std::int64_t size = file_size(path);
  if (size < 0) {  // standard input or a FIFO: read once, into memory
    require_one_rank(path, "standard input or a pipe");
    return in_memory(base ? EncodedCorpus::read(path, options, vocabulary, *base, add_new)
                          : EncodedCorpus::read(path, options, vocabulary));
  }
  require_readable_file(path);
  CorpusFeed feed;
  feed.path_ = path;
  feed.positions_ = Positions::Bytes;
  feed.length_ = static_cast<std::uint64_t>(size);
  feed.rank_begin_ = part_begin(feed.length_, distributed::rank(), distributed::size());
  feed.rank_end_ = part_begin(feed.length_, distributed::rank() + 1, distributed::size());
  {
    // Only words that can enter the vocabulary are handed on.
    RangeCounts all = count_file_ranges(path, threads);
    std::unordered_map<std::string, std::uint64_t> counts;
    for (std::int32_t id = 0; id < all.table.size(); ++id)
      if (all.table.payload(id) >= options.min_count) counts.emplace(all.table.term(id), all.table.payload(id));
    if (base) {
      for (const std::string& word : *base) {
        const std::int32_t id = all.table.find(word);
        if (id >= 0) counts.emplace(word, all.table.payload(id));
      }
    }
    feed.split_tokens_ = all.split_tokens;
    warn_split_tokens(path, all.split_tokens);
    vocabulary = corpus_vocabulary_from_counts(std::move(counts), options, path, all.tokens,
                                               static_cast<std::uint64_t>(all.table.size()), base, add_new);
  }
  check_same_vocabulary(vocabulary, path);
  // The count tables are many small blocks: hand their pages back before the
  // model is allocated, so they do not add to the peak.
  release_free_memory();
  feed.words_ = vocabulary.total_count();
  feed.index_vocabulary(vocabulary);
  return feed;
}

CorpusFeed CorpusFeed::from_sentences(const std::vector<std::vector<std::string>>& sentences,
                                      const VocabularyOptions& options, Vocabulary& vocabulary) {
  return in_memory(EncodedCorpus::from_sentences(sentences, options, vocabulary));
}

CorpusFeed CorpusFeed::open_with(const std::string& path, const Vocabulary& vocabulary, Positions positions,
                                 int threads) {
  if (positions == Positions::Ids) {
    require_one_rank(path, "a checkpoint made reading standard input (or by an older embkit)");
    return in_memory(EncodedCorpus::read_with(path, vocabulary));
  }
  CorpusFeed feed;
  feed.path_ = path;
  feed.positions_ = Positions::Bytes;
  feed.length_ = static_cast<std::uint64_t>(file_size(path));
  feed.rank_begin_ = part_begin(feed.length_, distributed::rank(), distributed::size());
  feed.rank_end_ = part_begin(feed.length_, distributed::rank() + 1, distributed::size());
  feed.index_vocabulary(vocabulary);
  // The vocabulary words in the file, to check that it is the corpus the
  // checkpoint was made with.
  std::vector<std::uint64_t> words(static_cast<std::size_t>(threads), 0), splits(words.size(), 0);
  for_each_range(feed.rank_begin_, feed.rank_end_, threads, [&](int t, std::uint64_t b, std::uint64_t e) {
    TokenStream stream(path, b, e, TokenStream::Start::Boundary);
    std::string_view token;
    std::uint64_t seen = 0;
    for (TokenStream::Kind kind; (kind = stream.next(token)) != TokenStream::Kind::End;) {
      if (kind != TokenStream::Kind::Word) continue;
      words[t] += feed.index_->find(token) >= 0;
      if ((++seen & 0xfffff) == 0) check_interrupted();
    }
    splits[t] = stream.stats().split_tokens;
  });
  std::uint64_t totals[2] = {0, 0};
  for (std::size_t t = 0; t < words.size(); ++t) {
    totals[0] += words[t];
    totals[1] += splits[t];
  }
  distributed::allreduce_sum(totals, 2);
  feed.words_ = totals[0];
  feed.split_tokens_ = totals[1];
  warn_split_tokens(path, feed.split_tokens_);
  return feed;
}

void CorpusFeed::release() {
  std::vector<std::uint32_t>().swap(ids_);
  index_.reset();
}

FeedReader::FeedReader(const CorpusFeed& feed, std::uint64_t begin, std::uint64_t end, std::uint64_t cursor)
    : feed_(feed), cursor_(cursor) {
  if (feed.positions_ == CorpusFeed::Positions::Ids) {
    data_ = feed.ids_.data() + cursor;
    size_ = static_cast<std::size_t>(end - cursor);
    exhausted_ = true;
    return;
  }
  // Every epoch re-reads the file: one that changed since it was counted
  // would feed the model a different corpus than the schedule was made for.
  if (file_size(feed.path_) != static_cast<std::int64_t>(feed.length_))
    throw InputError(located(feed.path_, 0, "changed while training (it was " + std::to_string(feed.length_) +
                                                " bytes); nothing was written"));
  stream_ = std::make_unique<TokenStream>(
      feed.path_, cursor, end, cursor == begin ? TokenStream::Start::Boundary : TokenStream::Start::Resume);
  chunk_.reserve(kChunkIds);
  ends_.reserve(kChunkIds);
}

std::uint64_t FeedReader::position() const {
  if (feed_.positions_ == CorpusFeed::Positions::Ids) return cursor_ + pos_;
  return pos_ == 0 ? cursor_ : ends_[pos_ - 1];
}

// The next kChunkIds ids of the range, as EncodedCorpus would hold them:
// words outside the vocabulary dropped, a sentence end after each line that
// kept a word.
bool FeedReader::refill() {
  if (exhausted_) return false;
  if (size_ > 0) cursor_ = ends_[size_ - 1];
  chunk_.clear();
  ends_.clear();
  const TermTable<std::uint8_t>& index = *feed_.index_;
  std::string_view token;
  while (chunk_.size() < kChunkIds) {
    const TokenStream::Kind kind = stream_->next(token);
    if (kind == TokenStream::Kind::Word) {
      const std::int32_t id = index.find(token);
      if (id < 0) continue;
      chunk_.push_back(static_cast<std::uint32_t>(id));
      after_end_ = false;
    } else if (kind == TokenStream::Kind::EndOfLine) {
      if (after_end_) continue;
      chunk_.push_back(CorpusFeed::kSentenceEnd);
      after_end_ = true;
    } else {
      exhausted_ = true;
      break;
    }
    ends_.push_back(stream_->offset());
  }
  data_ = chunk_.data();
  pos_ = 0;
  size_ = chunk_.size();
  return size_ > 0;
}

}  // namespace embkit
