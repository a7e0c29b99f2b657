#include "word2vec/encoded_corpus.h"

#include <deque>
#include <string_view>
#include <unordered_map>

#include "core/corpus.h"
#include "core/error.h"
#include "core/signals.h"

namespace embkit {

EncodedCorpus EncodedCorpus::read(const std::string& path, const VocabularyOptions& options,
                                  Vocabulary& vocabulary) {
  TokenStream stream(path);
  EncodedCorpus corpus;
  // Provisional ids in first-seen order; words live in a deque so the
  // string_view keys stay valid (C++17 has no heterogeneous unordered lookup).
  std::deque<std::string> words;
  std::unordered_map<std::string_view, std::uint32_t> provisional;
  std::vector<std::uint64_t> counts;
  // Every token takes at least two bytes (a byte and a separator), so this
  // reservation never reallocates; untouched pages cost no resident memory.
  if (stream.size_bytes() > 0) corpus.ids.reserve(static_cast<std::size_t>(stream.size_bytes() / 2 + 1));
  std::string_view token;
  bool line_has_words = false;
  for (;;) {
    const TokenStream::Kind kind = stream.next(token);
    if (kind == TokenStream::Kind::End) break;
    if (kind == TokenStream::Kind::EndOfLine) {
      if (line_has_words) corpus.ids.push_back(kSentenceEnd);
      line_has_words = false;
      continue;
    }
    auto it = provisional.find(token);
    std::uint32_t id;
    if (it == provisional.end()) {
      if (counts.size() >= kSentenceEnd - 1)
        throw InputError(located(path, 0, "more than 4 billion distinct words"));
      words.emplace_back(token);
      id = static_cast<std::uint32_t>(counts.size());
      provisional.emplace(words.back(), id);
      counts.push_back(0);
      if ((counts.size() & 0xffff) == 0) check_interrupted();
    } else {
      id = it->second;
    }
    ++counts[id];
    corpus.ids.push_back(id);
    line_has_words = true;
  }
  corpus.split_tokens = stream.stats().split_tokens;

  std::unordered_map<std::string, std::uint64_t> count_map;
  count_map.reserve(counts.size());
  for (std::size_t i = 0; i < counts.size(); ++i) count_map.emplace(words[i], counts[i]);
  provisional.clear();
  vocabulary = Vocabulary::from_counts(std::move(count_map), options);
  vocabulary.corpus_tokens = stream.stats().tokens;
  vocabulary.distinct_words = counts.size();
  require_words(vocabulary, path, vocabulary.corpus_tokens, options.min_count);
  std::vector<std::uint32_t> final_id(counts.size());
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const std::int64_t id = vocabulary.find(words[i]);
    final_id[i] = id < 0 ? kSentenceEnd : static_cast<std::uint32_t>(id);
  }
  words.clear();
  // Renumber in place, dropping out-of-vocabulary words and empty sentences.
  std::size_t out = 0;
  for (std::size_t i = 0; i < corpus.ids.size(); ++i) {
    const std::uint32_t p = corpus.ids[i];
    if (p == kSentenceEnd) {
      if (out > 0 && corpus.ids[out - 1] != kSentenceEnd) corpus.ids[out++] = kSentenceEnd;
      continue;
    }
    const std::uint32_t id = final_id[p];
    if (id == kSentenceEnd) continue;
    corpus.ids[out++] = id;
    ++corpus.words;
  }
  corpus.ids.resize(out);
  return corpus;
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
