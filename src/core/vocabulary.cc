#include "core/vocabulary.h"

#include <algorithm>

#include "core/atomic_file.h"
#include "core/corpus.h"
#include "core/error.h"
#include "core/input_file.h"
#include "core/text.h"

namespace embkit {
namespace {

// Distinct words held while counting before rare ones are pruned. At ~80 bytes
// an entry this is ~1.6 GB, far beyond any real vocabulary's needs.
constexpr std::uint64_t kDefaultPruneThreshold = 20'000'000;

void sort_entries(std::vector<Vocabulary::Entry>& entries) {
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    if (a.count != b.count) return a.count > b.count;
    return a.word < b.word;  // byte order
  });
}

}  // namespace

Vocabulary::Vocabulary(std::vector<Entry> entries) : entries_(std::move(entries)) {
  sort_entries(entries_);
  index();
}

Vocabulary::Vocabulary(const Vocabulary& other)
    : corpus_tokens(other.corpus_tokens),
      distinct_words(other.distinct_words),
      pruned_below(other.pruned_below),
      entries_(other.entries_),
      total_count_(other.total_count_) {
  index();  // the index views the strings of *this* vector
}

Vocabulary& Vocabulary::operator=(const Vocabulary& other) {
  if (this != &other) {
    Vocabulary copy(other);
    *this = std::move(copy);
  }
  return *this;
}

void Vocabulary::index() {
  ids_.clear();
  ids_.reserve(entries_.size());
  total_count_ = 0;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    ids_.emplace(std::string_view(entries_[i].word), static_cast<std::int64_t>(i));
    total_count_ += entries_[i].count;
  }
}

std::int64_t Vocabulary::find(std::string_view word) const {
  auto it = ids_.find(word);
  return it == ids_.end() ? -1 : it->second;
}

std::vector<std::string> Vocabulary::words() const {
  std::vector<std::string> out;
  out.reserve(entries_.size());
  for (const auto& e : entries_) out.push_back(e.word);
  return out;
}

Vocabulary Vocabulary::from_counts(std::unordered_map<std::string, std::uint64_t> counts,
                                   const VocabularyOptions& options) {
  std::vector<Entry> entries;
  entries.reserve(counts.size());
  std::uint64_t tokens = 0;
  const std::uint64_t distinct = counts.size();
  for (auto& [word, count] : counts) {
    tokens += count;
    if (count >= options.min_count) entries.push_back({word, count});
  }
  counts.clear();
  sort_entries(entries);
  if (options.max_vocab > 0 && entries.size() > options.max_vocab) entries.resize(options.max_vocab);
  Vocabulary v;
  v.entries_ = std::move(entries);
  v.index();
  v.corpus_tokens = tokens;
  v.distinct_words = distinct;
  return v;
}

Vocabulary Vocabulary::build(TokenStream& stream, const VocabularyOptions& options) {
  const std::uint64_t threshold =
      options.prune_threshold > 0 ? options.prune_threshold : kDefaultPruneThreshold;
  std::unordered_map<std::string, std::uint64_t> counts;
  std::uint64_t prune_at = 1;  // counts ≤ prune_at are dropped at the next prune
  std::uint64_t pruned_below = 0;
  std::string key;
  std::string_view word;
  for (;;) {
    const auto kind = stream.next(word);
    if (kind == TokenStream::Kind::End) break;
    if (kind != TokenStream::Kind::Word) continue;
    key.assign(word);
    ++counts[key];
    if (counts.size() > threshold) {
      // word2vec.c's ReduceVocab: drop the rarest words to bound memory; the
      // cutoff rises each time so pruning always frees space.
      for (auto it = counts.begin(); it != counts.end();) {
        if (it->second <= prune_at) it = counts.erase(it);
        else ++it;
      }
      pruned_below = prune_at + 1;
      ++prune_at;
    }
  }
  const std::uint64_t tokens = stream.stats().tokens;
  Vocabulary v = from_counts(std::move(counts), options);
  v.corpus_tokens = tokens;
  v.pruned_below = pruned_below;
  return v;
}

Vocabulary Vocabulary::load(const std::string& path) {
  LineReader reader(path);
  std::string line;
  std::vector<Entry> entries;
  std::unordered_map<std::string, std::uint64_t> seen;
  while (reader.next(line)) {
    if (line.empty()) continue;
    // "word<TAB>count"; word2vec.c's -save-vocab "word count" is accepted too.
    std::size_t sep = line.rfind('\t');
    if (sep == std::string::npos) sep = line.rfind(' ');
    if (sep == std::string::npos || sep == 0)
      throw_input_error(path, reader.line_number(), "expected 'word<TAB>count'");
    std::string word = line.substr(0, sep);
    const std::int64_t count = parse_int(std::string_view(line).substr(sep + 1), path,
                                         reader.line_number(), "a count");
    if (count < 0) throw_input_error(path, reader.line_number(), "negative count");
    if (!seen.emplace(word, count).second)
      throw_input_error(path, reader.line_number(), "duplicate word " + quote_input(word));
    entries.push_back({std::move(word), static_cast<std::uint64_t>(count)});
  }
  if (entries.empty()) throw_input_error(path, 0, "vocabulary file is empty");
  return Vocabulary(std::move(entries));
}

void Vocabulary::save(const std::string& path) const {
  AtomicFile file(path);
  auto& out = file.stream();
  for (const auto& e : entries_) out << e.word << '\t' << e.count << '\n';
  file.commit();
}

Vocabulary corpus_vocabulary(const std::string& path, const VocabularyOptions& options, CorpusStats* stats) {
  TokenStream stream(path);
  Vocabulary vocabulary = Vocabulary::build(stream, options);
  if (stats) *stats = stream.stats();
  require_words(vocabulary, path, stream.stats().tokens, options.min_count);
  return vocabulary;
}

void require_words(const Vocabulary& vocabulary, const std::string& path, std::uint64_t tokens,
                   std::uint64_t min_count) {
  if (tokens == 0) throw InputError(located(path, 0, "corpus is empty (no words)"));
  if (vocabulary.empty())
    throw InputError(located(path, 0, "all " + std::to_string(vocabulary.distinct_words) +
                                          " distinct words occur fewer than " + param("min_count") + " " +
                                          std::to_string(min_count) + " times; lower " + param("min_count")));
}

}  // namespace embkit
