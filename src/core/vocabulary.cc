#include "core/vocabulary.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <iostream>

#include "core/atomic_file.h"
#include "core/corpus.h"
#include "core/corpus_counts.h"
#include "core/distributed.h"
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
  // load() skips a UTF-8 byte order mark at the start of the file; a first
  // word that itself starts with U+FEFF would lose it on the way back, so the
  // file then starts with a mark of its own for load() to skip.
  static const std::string kBom = "\xEF\xBB\xBF";
  if (!entries_.empty() && entries_.front().word.compare(0, kBom.size(), kBom) == 0) out << kBom;
  for (const auto& e : entries_) out << e.word << '\t' << e.count << '\n';
  file.commit();
}

namespace {

// corpus_vocabulary under mpirun: each rank counts its byte range and the
// tables are summed (core/corpus_counts.h). The counts are integers, so the
// vocabulary — which words reach min_count, their order (count, then bytes),
// the max_vocab cut — is the one build() makes from the whole stream, except
// when build() would prune rare words while counting: that depends on the
// order the words came in, which the ranks do not share, so it is refused.
Vocabulary ranks_vocabulary(const std::string& path, const VocabularyOptions& options, CorpusStats* stats) {
  if (path != "-") require_readable_file(path);
  if (file_size(path) < 0) require_one_rank(path, "standard input or a pipe");
  const RangeCounts all = count_file_ranges(path, 1);
  const std::uint64_t threshold = options.prune_threshold > 0 ? options.prune_threshold : kDefaultPruneThreshold;
  if (static_cast<std::uint64_t>(all.table.size()) > threshold)
    throw InputError(located(path, 0, "has " + std::to_string(all.table.size()) + " distinct words, more than the " +
                                          std::to_string(threshold) + " one process counts before pruning rare ones "
                                          "(in an order several MPI ranks cannot reproduce); count it on one process"));
  std::vector<Vocabulary::Entry> entries;
  for (std::int32_t id = 0; id < all.table.size(); ++id)
    if (all.table.payload(id) >= options.min_count) entries.push_back({std::string(all.table.term(id)), all.table.payload(id)});
  sort_entries(entries);
  if (options.max_vocab > 0 && entries.size() > options.max_vocab) entries.resize(options.max_vocab);
  Vocabulary vocabulary(std::move(entries));
  vocabulary.corpus_tokens = all.tokens;
  vocabulary.distinct_words = static_cast<std::uint64_t>(all.table.size());
  if (stats) {
    *stats = CorpusStats();
    stats->tokens = all.tokens;
    stats->bytes = static_cast<std::uint64_t>(file_size(path));
    stats->split_tokens = all.split_tokens;
  }
  warn_split_tokens(path, all.split_tokens);
  return vocabulary;
}

}  // namespace

Vocabulary corpus_vocabulary(const std::string& path, const VocabularyOptions& options, CorpusStats* stats) {
  if (distributed::size() > 1) {
    Vocabulary vocabulary = ranks_vocabulary(path, options, stats);
    require_words(vocabulary, path, vocabulary.corpus_tokens, options.min_count);
    return vocabulary;
  }
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

namespace {

bool ascii_punct(unsigned char c) { return c < 0x80 && std::ispunct(c); }
bool ascii_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }

// Punctuation at either end of a token that also holds a letter or digit.
bool punct_attached(const std::string& word) {
  const bool alnum = std::any_of(word.begin(), word.end(), [](unsigned char c) { return std::isalnum(c) || c >= 0x80; });
  return alnum && (ascii_punct(static_cast<unsigned char>(word.front())) ||
                   ascii_punct(static_cast<unsigned char>(word.back())));
}

std::string percent(double share) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%.0f%%", 100 * share);
  return buffer;
}

}  // namespace

std::string untokenized_corpus_warning(const Vocabulary& vocabulary, const std::string& path,
                                       std::uint64_t min_count) {
  constexpr std::int64_t kFewWords = 1000;
  std::uint64_t punct = 0, raw = 0;
  for (const auto& e : vocabulary.entries()) {
    const bool p = punct_attached(e.word);
    punct += p ? e.count : 0;
    raw += p || std::any_of(e.word.begin(), e.word.end(), [](unsigned char c) { return ascii_upper(c); }) ? e.count : 0;
  }
  const double total = static_cast<double>(std::max<std::uint64_t>(vocabulary.total_count(), 1));
  std::string what;
  if (vocabulary.size() < kFewWords)
    what = "the vocabulary has only " + std::to_string(vocabulary.size()) + (vocabulary.size() == 1 ? " word" : " words");
  else if (punct / total > 0.05)
    what = percent(punct / total) + " of the tokens have punctuation attached (like 'word.')";
  else if (raw / total > 0.5)
    what = percent(raw / total) + " of the tokens have capitals or attached punctuation";
  if (what.empty()) return what;
  return located(path, 0, what + "; the corpus should be tokenized text (whitespace-separated words, e.g. from " +
                              "'embkit tokenize'), and only words seen " + param("min_count") + " " +
                              std::to_string(min_count) + " times or more are kept");
}

void warn_if_untokenized(const Vocabulary& vocabulary, const std::string& path, std::uint64_t min_count,
                         const std::string& command, bool quiet) {
  if (quiet) return;
  const std::string warning = untokenized_corpus_warning(vocabulary, path, min_count);
  if (!warning.empty()) std::cerr << command << ": warning: " << render_parameters(warning) << "\n";
}

}  // namespace embkit
