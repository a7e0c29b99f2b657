#include "word2vec/encoded_corpus.h"

#include <deque>
#include <string_view>
#include <unordered_map>

#include "core/corpus.h"
#include "core/error.h"
#include "core/signals.h"

namespace embkit {

namespace {

constexpr std::uint32_t kEnd = EncodedCorpus::kSentenceEnd;

// The distinct words in first-seen order and their counts.
struct FirstSeen {
  std::deque<std::string> words;
  std::vector<std::uint64_t> counts;
};

// Appends the stream's words to `ids` as provisional ids (first-seen order),
// each non-empty line closed by kEnd. Words live in a deque so the
// string_view keys stay valid (C++17 has no heterogeneous unordered lookup).
template <class Stream>
FirstSeen read_first_seen(Stream& stream, const std::string& path, std::vector<std::uint32_t>& ids) {
  FirstSeen seen;
  std::unordered_map<std::string_view, std::uint32_t> provisional;
  std::string_view token;
  bool line_has_words = false;
  for (;;) {
    const TokenStream::Kind kind = stream.next(token);
    if (kind == TokenStream::Kind::End) break;
    if (kind == TokenStream::Kind::EndOfLine) {
      if (line_has_words) ids.push_back(kEnd);
      line_has_words = false;
      continue;
    }
    auto it = provisional.find(token);
    std::uint32_t id;
    if (it == provisional.end()) {
      if (seen.counts.size() >= kEnd - 1) throw InputError(located(path, 0, "more than 4 billion distinct words"));
      seen.words.emplace_back(token);
      id = static_cast<std::uint32_t>(seen.counts.size());
      provisional.emplace(seen.words.back(), id);
      seen.counts.push_back(0);
      if ((seen.counts.size() & 0xffff) == 0) check_interrupted();
    } else {
      id = it->second;
    }
    ++seen.counts[id];
    ids.push_back(id);
    line_has_words = true;
  }
  return seen;
}

// Maps provisional ids to vocabulary ids in place, dropping out-of-vocabulary
// words (final_id kEnd) and the sentences left empty. Returns the words kept.
std::uint64_t renumber(std::vector<std::uint32_t>& ids, const std::vector<std::uint32_t>& final_id) {
  std::uint64_t words = 0;
  std::size_t out = 0;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const std::uint32_t p = ids[i];
    if (p == kEnd) {
      if (out > 0 && ids[out - 1] != kEnd) ids[out++] = kEnd;
      continue;
    }
    const std::uint32_t id = final_id[p];
    if (id == kEnd) continue;
    ids[out++] = id;
    ++words;
  }
  ids.resize(out);
  return words;
}

// TokenStream's interface over sentences in memory: each non-empty sentence's
// words, then one EndOfLine (empty words are skipped, as whitespace would be).
class SentenceStream {
 public:
  explicit SentenceStream(const std::vector<std::vector<std::string>>& sentences) : sentences_(sentences) {}

  TokenStream::Kind next(std::string_view& word) {
    while (sentence_ < sentences_.size()) {
      const std::vector<std::string>& s = sentences_[sentence_];
      while (word_ < s.size()) {
        const std::string& w = s[word_++];
        if (w.empty()) continue;
        word = w;
        ++stats_.tokens;
        on_line_ = true;
        return TokenStream::Kind::Word;
      }
      ++sentence_;
      word_ = 0;
      if (on_line_) {
        on_line_ = false;
        return TokenStream::Kind::EndOfLine;
      }
    }
    return TokenStream::Kind::End;
  }
  const CorpusStats& stats() const { return stats_; }

 private:
  const std::vector<std::vector<std::string>>& sentences_;
  std::size_t sentence_ = 0, word_ = 0;
  bool on_line_ = false;
  CorpusStats stats_;
};

// One pass over `stream` (see read()); `path` names the corpus in messages;
// `base` and `add_new` as in build_vocabulary.
template <class Stream>
EncodedCorpus encode(Stream& stream, const std::string& path, const VocabularyOptions& options,
                     Vocabulary& vocabulary, EncodedCorpus corpus, const std::vector<std::string>* base = nullptr,
                     bool add_new = true) {
  FirstSeen seen = read_first_seen(stream, path, corpus.ids);
  corpus.split_tokens = stream.stats().split_tokens;

  std::unordered_map<std::string, std::uint64_t> count_map;
  count_map.reserve(seen.counts.size());
  for (std::size_t i = 0; i < seen.counts.size(); ++i) count_map.emplace(seen.words[i], seen.counts[i]);
  vocabulary = corpus_vocabulary_from_counts(std::move(count_map), options, path, stream.stats().tokens,
                                             seen.counts.size(), base, add_new);
  std::vector<std::uint32_t> final_id(seen.counts.size());
  for (std::size_t i = 0; i < seen.counts.size(); ++i) {
    const std::int64_t id = vocabulary.find(seen.words[i]);
    final_id[i] = id < 0 ? kEnd : static_cast<std::uint32_t>(id);
  }
  seen.words.clear();
  corpus.words = renumber(corpus.ids, final_id);
  return corpus;
}

}  // namespace

Vocabulary corpus_vocabulary_from_counts(std::unordered_map<std::string, std::uint64_t> counts,
                                         const VocabularyOptions& options, const std::string& path,
                                         std::uint64_t tokens, std::uint64_t distinct,
                                         const std::vector<std::string>* base, bool add_new) {
  Vocabulary vocabulary;
  if (!base) {
    vocabulary = Vocabulary::from_counts(std::move(counts), options);
  } else {
    std::vector<Vocabulary::Entry> entries;
    entries.reserve(base->size());
    for (const std::string& word : *base) {
      const auto it = counts.find(word);
      entries.push_back({word, it == counts.end() ? 0 : it->second});
      if (it != counts.end()) counts.erase(it);
    }
    if (add_new) {
      const Vocabulary added = Vocabulary::from_counts(std::move(counts), options);
      entries.insert(entries.end(), added.entries().begin(), added.entries().end());
    }
    vocabulary = Vocabulary(std::move(entries));
  }
  vocabulary.corpus_tokens = tokens;
  vocabulary.distinct_words = distinct;
  require_words(vocabulary, path, tokens, options.min_count);
  if (base && vocabulary.total_count() == 0)
    throw InputError(located(path, 0, "none of the " + std::to_string(base->size()) + " words of " + param("init") +
                                          " occurs in the corpus" + (add_new ? ", nor any new word " + param("min_count") + " " + std::to_string(options.min_count) + " times" : "")));
  return vocabulary;
}

namespace {

EncodedCorpus read_corpus(const std::string& path, const VocabularyOptions& options, Vocabulary& vocabulary,
                          const std::vector<std::string>* base, bool add_new) {
  TokenStream stream(path);
  EncodedCorpus corpus;
  // Every token takes at least two bytes (a byte and a separator), so this
  // reservation never reallocates; untouched pages cost no resident memory.
  if (stream.size_bytes() > 0) corpus.ids.reserve(static_cast<std::size_t>(stream.size_bytes() / 2 + 1));
  return encode(stream, path, options, vocabulary, std::move(corpus), base, add_new);
}

}  // namespace

EncodedCorpus EncodedCorpus::read(const std::string& path, const VocabularyOptions& options,
                                  Vocabulary& vocabulary) {
  return read_corpus(path, options, vocabulary, nullptr, true);
}

EncodedCorpus EncodedCorpus::read(const std::string& path, const VocabularyOptions& options, Vocabulary& vocabulary,
                                  const std::vector<std::string>& base, bool add_new) {
  return read_corpus(path, options, vocabulary, &base, add_new);
}

EncodedCorpus EncodedCorpus::from_sentences(const std::vector<std::vector<std::string>>& sentences,
                                            const VocabularyOptions& options, Vocabulary& vocabulary) {
  SentenceStream stream(sentences);
  return encode(stream, "<sentences>", options, vocabulary, EncodedCorpus());
}

EncodedCorpus EncodedCorpus::read_with(const std::string& path, const Vocabulary& vocabulary) {
  TokenStream stream(path);
  EncodedCorpus corpus;
  std::string_view token;
  std::uint64_t seen = 0;
  for (;;) {
    const TokenStream::Kind kind = stream.next(token);
    if (kind == TokenStream::Kind::End) break;
    if (kind == TokenStream::Kind::EndOfLine) {
      if (!corpus.ids.empty() && corpus.ids.back() != kSentenceEnd) corpus.ids.push_back(kSentenceEnd);
      continue;
    }
    if ((++seen & 0xfffff) == 0) check_interrupted();
    const std::int64_t id = vocabulary.find(token);
    if (id < 0) continue;
    corpus.ids.push_back(static_cast<std::uint32_t>(id));
    ++corpus.words;
  }
  corpus.split_tokens = stream.stats().split_tokens;
  if (corpus.words == 0)
    throw InputError(located(path, 0, "corpus has no words of the checkpoint's vocabulary"));
  return corpus;
}

}  // namespace embkit
