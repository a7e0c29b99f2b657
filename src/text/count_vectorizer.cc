#include "text/count_vectorizer.h"

#include <omp.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <cmath>
#include <stdexcept>

#include "core/distributed.h"
#include "core/error.h"
#include "core/parallel.h"
#include "core/signals.h"
#include "core/huge_pages.h"
#include "core/named_values.h"
#include "text/numpy_argsort.h"
#include "text/analyzer.h"
#include "core/term_table.h"
#include "text/document_terms.h"

namespace embkit {

namespace {

constexpr NamedValue<TokenPattern> kTokenPatterns[] = {
    {"sklearn", TokenPattern::Sklearn}, {"unicode", TokenPattern::Unicode},
    {"whitespace", TokenPattern::Whitespace}};

}  // namespace

TokenPattern parse_token_pattern(const std::string& name) {
  return parse_named(kTokenPatterns, name, "tokens");
}

const char* token_pattern_name(TokenPattern pattern) { return name_of(kTokenPatterns, pattern); }

namespace {

bool is_integral(double x) { return std::floor(x) == x; }

void validate_df(const char* option, double value) {
  if (!std::isfinite(value) || value < 0 || (value > 1 && !is_integral(value)))
    throw ParameterError(option, "must be a proportion in [0, 1] or a whole document count, got " +
                                     std::to_string(value));
}

// The bound as a document count: a proportion of n_docs below 1 (and max_df
// exactly 1.0, "100 %"), a count otherwise — sklearn's Integral/Real split.
double df_bound(double value, bool is_max, std::int64_t n_docs) {
  if (value < 1 || (is_max && value == 1.0)) return value * static_cast<double>(n_docs);
  return value;
}

// One (term id, count) pair of a document's row, before the columns are final.
struct Entry {
  std::int32_t id;
  std::int32_t count;
};

// Where document d's entries live: thread `thread`'s buffer, [begin, end).
struct DocSpan {
  std::int32_t thread;
  std::uint64_t begin, end;
};

// Per term and thread: how many documents contain it and how often it occurs.
struct TermCounts {
  std::int32_t df = 0;  // documents containing it
  std::int64_t tf = 0;  // total count
};

// What one thread accumulates while counting its share of the documents.
struct ThreadCounts {
  TermTable<TermCounts> table;      // fit: the thread's own vocabulary
  std::vector<TermCounts, HugePageAllocator<TermCounts>> fixed;  // transform: one per fitted column
  std::vector<Entry, HugePageAllocator<Entry>> entries;  // every document's distinct terms with counts
};

// Tokenizes and counts every document in parallel. `lookup(counts, term, hash)`
// returns the term's id and counters (fit: inserted into the thread's table;
// transform: the fitted column), or id -1 to ignore the token; `prefetch(counts,
// hash, stage)` warms the cache for stage 0 (slot) and 1 (record). Tokens are
// first counted per document (DocumentTerms), so the lookup runs once per
// distinct term of a document.
template <typename Lookup, typename Prefetch>
// Counts the documents docs[0, n).
std::vector<DocSpan> count_documents(const std::string* docs, std::int64_t n,
                                     const CountVectorizerOptions& options, int threads,
                                     std::vector<ThreadCounts>& state, Lookup lookup,
                                     Prefetch prefetch) {
  if (n > INT32_MAX) throw InputError("more than 2^31 documents");
  std::vector<DocSpan> spans(static_cast<std::size_t>(n));
  std::uint64_t bytes = 0;
  for (std::int64_t d = 0; d < n; ++d) bytes += docs[d].size();
  ExceptionCapture capture;
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num();
    ThreadCounts& local = state[t];
    // English text has about one distinct term per 20 bytes; reserving a
    // margin above that avoids copying the buffer as it grows (untouched
    // reserved pages cost no memory).
    local.entries.reserve(bytes / 12 / threads + 1024);
    Analyzer analyze(options);
    DocumentTerms terms;
#pragma omp for schedule(dynamic, 16)
    for (std::int64_t d = 0; d < n; ++d) {
      capture.run([&] {
        check_interrupted();
        const std::uint64_t begin = local.entries.size();
        const std::string& doc = docs[d];
        terms.reset(analyze.begin(doc));
        analyze.run([&](std::string_view term) { terms.add(term); });
        // One vocabulary lookup per distinct term. The lookups miss the cache,
        // so they are software-pipelined: the slot of term k + 2·kAhead and the
        // record of term k + kAhead are fetched while term k is counted.
        constexpr std::size_t kAhead = 16;
        const std::size_t size = terms.size();
        for (std::size_t k = 0; k < std::min(size, 2 * kAhead); ++k) prefetch(local, terms[k].hash, 0);
        for (std::size_t k = 0; k < std::min(size, kAhead); ++k) prefetch(local, terms[k].hash, 1);
        for (std::size_t k = 0; k < size; ++k) {
          if (k + 2 * kAhead < size) prefetch(local, terms[k + 2 * kAhead].hash, 0);
          if (k + kAhead < size) prefetch(local, terms[k + kAhead].hash, 1);
          const DocumentTerms::Term& term = terms[k];
          const auto [id, counts] = lookup(local, term.view(), term.hash);
          if (id < 0) continue;
          local.entries.push_back({id, static_cast<std::int32_t>(term.count)});
          ++counts->df;
          counts->tf += term.count;
        }
        spans[d] = {t, begin, local.entries.size()};
      });
    }
  }
  capture.rethrow();
  return spans;
}

// Sorts `row`'s (column << 32 | count) keys by column, columns < 2^column_bits.
// Rows hold hundreds of entries: an LSD radix sort, 8 column bits per pass
// (a counting sort each), does a few linear passes where a comparison sort
// does n·log2(n) hard-to-predict branches. Short rows use std::sort.
void sort_by_column(std::vector<std::uint64_t>& row, std::vector<std::uint64_t>& scratch,
                    int column_bits) {
  const std::size_t n = row.size();
  if (n < 64) {
    std::sort(row.begin(), row.end());
    return;
  }
  scratch.resize(n);
  std::uint64_t* from = row.data();
  std::uint64_t* to = scratch.data();
  for (int shift = 32; shift < 32 + column_bits; shift += 8) {
    std::uint32_t start[256] = {};
    for (std::size_t i = 0; i < n; ++i) ++start[(from[i] >> shift) & 255];
    std::uint32_t sum = 0;
    for (std::uint32_t& s : start) {
      const std::uint32_t c = s;
      s = sum;
      sum += c;
    }
    for (std::size_t i = 0; i < n; ++i) to[start[(from[i] >> shift) & 255]++] = from[i];
    std::swap(from, to);
  }
  if (from != row.data()) std::copy(from, from + n, row.data());
}

// Assembles the CSR matrix: row d holds the entries of spans[d] whose column
// `columns[thread][id]` is ≥ 0, sorted by column.
SparseMatrix build_csr(const std::vector<DocSpan>& spans, const std::vector<ThreadCounts>& state,
                       const std::vector<std::vector<std::int32_t>>& columns,
                       std::int64_t n_columns, bool binary, int threads) {
  const std::int64_t n = static_cast<std::int64_t>(spans.size());
  std::vector<std::int64_t> offsets(spans.size() + 1, 0);
#pragma omp parallel for num_threads(threads) schedule(static)
  for (std::int64_t d = 0; d < n; ++d) {
    const DocSpan& s = spans[d];
    const auto& entries = state[s.thread].entries;
    const auto& column = columns[s.thread];
    std::int64_t kept = 0;
    for (std::uint64_t e = s.begin; e < s.end; ++e) kept += column[entries[e].id] >= 0;
    offsets[d + 1] = kept;
  }
  for (std::int64_t d = 0; d < n; ++d) offsets[d + 1] += offsets[d];
  const std::int64_t nnz = offsets[n];
  if (nnz > INT_MAX)
    throw InputError("the document-term matrix has " + std::to_string(nnz) +
                     " non-zeros, more than a 32-bit-indexed sparse matrix holds");

  SparseMatrix matrix(n, n_columns);
  matrix.resizeNonZeros(nnz);
  int* outer = matrix.outerIndexPtr();
  int* inner = matrix.innerIndexPtr();
  double* values = matrix.valuePtr();
  advise_huge_pages(inner, sizeof(int) * nnz);  // not yet touched: fault in 2 MiB pages
  advise_huge_pages(values, sizeof(double) * nnz);
  for (std::int64_t d = 0; d <= n; ++d) outer[d] = static_cast<int>(offsets[d]);
  int column_bits = 1;
  while (column_bits < 32 && (std::int64_t{1} << column_bits) < n_columns) ++column_bits;
#pragma omp parallel num_threads(threads)
  {
    // (column << 32 | count) keys: sorting plain integers is sorting by column.
    std::vector<std::uint64_t> row, scratch;
#pragma omp for schedule(dynamic, 64)
    for (std::int64_t d = 0; d < n; ++d) {
      const DocSpan& s = spans[d];
      const auto& entries = state[s.thread].entries;
      const auto& column = columns[s.thread];
      row.clear();
      for (std::uint64_t e = s.begin; e < s.end; ++e) {
        const std::int32_t c = column[entries[e].id];
        if (c >= 0)
          row.push_back(static_cast<std::uint64_t>(c) << 32 | static_cast<std::uint32_t>(entries[e].count));
      }
      sort_by_column(row, scratch, column_bits);  // sklearn's X.sort_indices()
      const std::int64_t base = offsets[d];
      for (std::size_t k = 0; k < row.size(); ++k) {
        inner[base + k] = static_cast<int>(row[k] >> 32);
        values[base + k] = binary ? 1.0 : static_cast<double>(static_cast<std::uint32_t>(row[k]));
      }
    }
  }
  return matrix;
}

// The terms of all threads merged in byte order (= Python str order for UTF-8),
// with summed df and tf, and each thread's local id → global index.
struct MergedVocabulary {
  std::vector<std::string_view> terms;
  std::vector<std::int64_t> df, tf;
  std::vector<std::vector<std::int32_t>> global_of;  // [thread][local id]
};

MergedVocabulary merge_vocabularies(const std::vector<ThreadCounts>& state, int threads) {
  const int k = static_cast<int>(state.size());
  std::vector<std::vector<std::int32_t>> sorted(k);
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
  for (int t = 0; t < k; ++t) {
    const TermTable<TermCounts>& table = state[t].table;
    // Sort on (first 8 bytes as a big-endian integer, id): integer order of
    // the byte-swapped zero-padded prefix is byte order of the prefixes, so
    // only terms sharing all 8 leading bytes need the full comparison. The
    // keys sit in one array, so the sort does not chase record pointers.
    struct Key {
      std::uint64_t prefix;
      std::int32_t id;
    };
    std::vector<Key> keys(static_cast<std::size_t>(table.size()));
    for (std::int32_t i = 0; i < table.size(); ++i) keys[i] = {__builtin_bswap64(table.prefix(i)), i};
    std::sort(keys.begin(), keys.end(), [&](const Key& a, const Key& b) {
      if (a.prefix != b.prefix) return a.prefix < b.prefix;
      return table.term(a.id) < table.term(b.id);
    });
    sorted[t].resize(keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) sorted[t][i] = keys[i].id;
  }
  MergedVocabulary merged;
  merged.global_of.resize(k);
  std::size_t total = 0;
  for (int t = 0; t < k; ++t) {
    merged.global_of[t].resize(state[t].table.size());
    total += sorted[t].size();
  }
  merged.terms.reserve(total);
  std::vector<std::size_t> head(k, 0);
  for (;;) {  // k-way merge; k is the thread count, so a linear scan is enough
    std::string_view smallest;
    bool any = false;
    for (int t = 0; t < k; ++t) {
      if (head[t] == sorted[t].size()) continue;
      const std::string_view term = state[t].table.term(sorted[t][head[t]]);
      if (!any || term < smallest) smallest = term;
      any = true;
    }
    if (!any) break;
    const std::int32_t global = static_cast<std::int32_t>(merged.terms.size());
    merged.terms.push_back(smallest);
    std::int64_t df = 0, tf = 0;
    for (int t = 0; t < k; ++t) {
      if (head[t] == sorted[t].size()) continue;
      const std::int32_t id = sorted[t][head[t]];
      if (state[t].table.term(id) != smallest) continue;
      merged.global_of[t][id] = global;
      df += state[t].table.payload(id).df;
      tf += state[t].table.payload(id).tf;
      ++head[t];
    }
    merged.df.push_back(df);
    merged.tf.push_back(tf);
  }
  return merged;
}

// sklearn's _limit_features: which merged terms become columns (-1 = dropped).
std::vector<std::int32_t> select_columns(const MergedVocabulary& v,
                                         const CountVectorizerOptions& options,
                                         std::int64_t n_docs) {
  const double high = df_bound(options.max_df, true, n_docs);
  const double low = df_bound(options.min_df, false, n_docs);
  if (high < low) throw InputError(param("max_df") + " corresponds to < documents than " + param("min_df"));
  const std::size_t n = v.terms.size();
  std::vector<char> mask(n);
  std::vector<std::int64_t> masked;  // indices of surviving terms
  for (std::size_t i = 0; i < n; ++i) {
    const double df = static_cast<double>(v.df[i]);
    mask[i] = df <= high && df >= low;
    if (mask[i]) masked.push_back(static_cast<std::int64_t>(i));
  }
  if (options.max_features > 0 && static_cast<std::int64_t>(masked.size()) > options.max_features) {
    // (-tfs[mask]).argsort()[:limit]; with `binary` sklearn has already set
    // every count to 1, so the totals are document frequencies.
    std::vector<std::int64_t> negated(masked.size());
    for (std::size_t j = 0; j < masked.size(); ++j)
      negated[j] = -(options.binary ? v.df[masked[j]] : v.tf[masked[j]]);
    const std::vector<std::int64_t> order = numpy_argsort(negated);
    std::fill(mask.begin(), mask.end(), 0);
    for (std::int64_t j = 0; j < options.max_features; ++j) mask[masked[order[j]]] = 1;
  }
  std::vector<std::int32_t> column(n, -1);
  std::int32_t next = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (mask[i]) column[i] = next++;
  if (next == 0)
    throw InputError("After pruning, no terms remain. Try a lower " + param("min_df") + " or a higher " + param("max_df") + ".");
  return column;
}

// Under mpirun, fit_transform counts one block of the documents per rank
// (core/distributed.h) and combines the ranks' results so that the matrix,
// terms and df are those of one process, byte for byte: the vocabulary is a
// sorted set (byte order), df and tf are integer sums, and rows stay in input
// order. merge_ranks gathers every rank's merged vocabulary — per term: its
// length (uint32), bytes, df and tf (int64) — and merges the sorted lists as
// merge_vocabularies merges the threads'; `to_global[i]` is where this rank's
// term i went. The returned terms view `gathered`.
MergedVocabulary merge_ranks(const MergedVocabulary& local, std::vector<char>& gathered,
                             std::vector<std::int32_t>& to_global) {
  std::vector<char> mine;
  const auto put = [&mine](const void* p, std::size_t n) {
    mine.insert(mine.end(), static_cast<const char*>(p), static_cast<const char*>(p) + n);
  };
  for (std::size_t i = 0; i < local.terms.size(); ++i) {
    const std::uint32_t length = static_cast<std::uint32_t>(local.terms[i].size());
    put(&length, sizeof length);
    put(local.terms[i].data(), length);
    put(&local.df[i], sizeof(std::int64_t));
    put(&local.tf[i], sizeof(std::int64_t));
  }
  std::vector<std::size_t> sizes;
  gathered = distributed::allgatherv(mine, &sizes);
  struct Entry {
    std::string_view term;
    std::int64_t df, tf;
  };
  std::vector<std::vector<Entry>> lists(sizes.size());
  std::size_t at = 0;
  for (std::size_t r = 0; r < sizes.size(); ++r)
    for (const std::size_t end = at + sizes[r]; at < end;) {
      Entry e;
      std::uint32_t length;
      std::memcpy(&length, gathered.data() + at, sizeof length);
      e.term = std::string_view(gathered.data() + at + sizeof length, length);
      at += sizeof length + length;
      std::memcpy(&e.df, gathered.data() + at, sizeof e.df);
      std::memcpy(&e.tf, gathered.data() + at + sizeof e.df, sizeof e.tf);
      at += 2 * sizeof(std::int64_t);
      lists[r].push_back(e);
    }
  const std::size_t me = static_cast<std::size_t>(distributed::rank());
  to_global.assign(lists[me].size(), -1);
  MergedVocabulary all;
  std::vector<std::size_t> head(lists.size(), 0);
  for (;;) {  // k-way merge over the ranks' sorted lists
    std::string_view smallest;
    bool any = false;
    for (std::size_t r = 0; r < lists.size(); ++r)
      if (head[r] < lists[r].size() && (!any || lists[r][head[r]].term < smallest)) {
        smallest = lists[r][head[r]].term;
        any = true;
      }
    if (!any) break;
    std::int64_t df = 0, tf = 0;
    for (std::size_t r = 0; r < lists.size(); ++r) {
      if (head[r] == lists[r].size() || lists[r][head[r]].term != smallest) continue;
      if (r == me) to_global[head[r]] = static_cast<std::int32_t>(all.terms.size());
      df += lists[r][head[r]].df;
      tf += lists[r][head[r]].tf;
      ++head[r];
    }
    all.terms.push_back(smallest);
    all.df.push_back(df);
    all.tf.push_back(tf);
  }
  return all;
}

// Every rank's block of rows, stacked in rank order, on every rank.
SparseMatrix gather_rows(const SparseMatrix& block) {
  std::vector<std::int64_t> lengths(static_cast<std::size_t>(block.rows()));
  for (Eigen::Index d = 0; d < block.rows(); ++d)
    lengths[static_cast<std::size_t>(d)] = block.outerIndexPtr()[d + 1] - block.outerIndexPtr()[d];
  const std::vector<std::int64_t> all_lengths = distributed::allgatherv(lengths);
  const std::vector<int> inner =
      distributed::allgatherv(std::vector<int>(block.innerIndexPtr(), block.innerIndexPtr() + block.nonZeros()));
  const std::vector<double> values =
      distributed::allgatherv(std::vector<double>(block.valuePtr(), block.valuePtr() + block.nonZeros()));
  if (values.size() > static_cast<std::size_t>(INT_MAX))
    throw InputError("the document-term matrix has " + std::to_string(values.size()) +
                     " non-zeros, more than a 32-bit-indexed sparse matrix holds");
  SparseMatrix matrix(static_cast<Eigen::Index>(all_lengths.size()), block.cols());
  matrix.resizeNonZeros(static_cast<Eigen::Index>(values.size()));
  int* outer = matrix.outerIndexPtr();
  outer[0] = 0;
  for (std::size_t d = 0; d < all_lengths.size(); ++d) outer[d + 1] = outer[d] + static_cast<int>(all_lengths[d]);
  std::copy(inner.begin(), inner.end(), matrix.innerIndexPtr());
  std::copy(values.begin(), values.end(), matrix.valuePtr());
  return matrix;
}

}  // namespace

void validate(const CountVectorizerOptions& options) {
  validate_df("min_df", options.min_df);
  validate_df("max_df", options.max_df);
  if (options.max_features < 0)
    throw ParameterError("max_features", "must be at least 0, got " + std::to_string(options.max_features));
  if (options.threads < 0)
    throw ParameterError("threads", "must be at least 0, got " + std::to_string(options.threads));
}

CountVectorizer::CountVectorizer(CountVectorizerOptions options) : options_(options) {
  validate(options_);
}

DocumentTermCounts CountVectorizer::fit_transform(const std::vector<std::string>& docs) {
  const int threads = resolve_threads(options_.threads);
  double clock = omp_get_wtime();
  const auto lap = [&clock] {
    const double now = omp_get_wtime(), seconds = now - clock;
    clock = now;
    return seconds;
  };
  std::vector<ThreadCounts> state(threads);
  // Under mpirun each rank counts its block of the documents (see below).
  const distributed::Range block = distributed::my_range(docs.size());
  const std::vector<DocSpan> spans =
      count_documents(docs.data() + block.begin, static_cast<std::int64_t>(block.end - block.begin), options_,
                      threads, state,
                      [](ThreadCounts& local, std::string_view term, std::uint64_t hash) {
                        const std::int32_t id = local.table.insert(term, hash);
                        return std::make_pair(id, &local.table.payload(id));
                      },
                      [](const ThreadCounts& local, std::uint64_t hash, int stage) {
                        if (stage == 0)
                          local.table.prefetch_slot(hash);
                        else
                          local.table.prefetch_record(hash);
                      });
  timings_.count = lap();

  const MergedVocabulary merged = merge_vocabularies(state, threads);
  // One process: the vocabulary is `merged`. Several: every rank's merged
  // vocabulary merged again, and this rank's index of each term in it.
  std::vector<char> gathered;
  std::vector<std::int32_t> to_global;
  const MergedVocabulary all = distributed::size() > 1 ? merge_ranks(merged, gathered, to_global) : MergedVocabulary{};
  const MergedVocabulary& vocabulary = distributed::size() > 1 ? all : merged;
  if (vocabulary.terms.empty())
    throw InputError("empty vocabulary; perhaps the documents only contain stop words");
  timings_.merge = lap();
  const std::vector<std::int32_t> column =
      select_columns(vocabulary, options_, static_cast<std::int64_t>(docs.size()));

  DocumentTermCounts result;
  for (std::size_t i = 0; i < vocabulary.terms.size(); ++i) {
    if (column[i] < 0) continue;
    result.terms.emplace_back(vocabulary.terms[i]);
    result.df.push_back(vocabulary.df[i]);
  }
  std::vector<std::vector<std::int32_t>> columns(threads);
  for (int t = 0; t < threads; ++t) {
    columns[t].resize(merged.global_of[t].size());
    for (std::size_t id = 0; id < columns[t].size(); ++id) {
      const std::int32_t index = merged.global_of[t][id];
      columns[t][id] = column[to_global.empty() ? index : to_global[static_cast<std::size_t>(index)]];
    }
  }
  timings_.select = lap();
  // Eigen 3.4's SparseMatrix has no move assignment: operator= would copy.
  SparseMatrix counts = build_csr(spans, state, columns, static_cast<std::int64_t>(result.terms.size()),
                                  options_.binary, threads);
  if (distributed::size() > 1) {
    SparseMatrix all_rows = gather_rows(counts);
    counts.swap(all_rows);
  }
  result.counts.swap(counts);
  timings_.csr = lap();
  terms_ = result.terms;
  build_index();
  fitted_ = true;
  return result;
}

SparseMatrix CountVectorizer::transform(const std::vector<std::string>& docs) const {
  if (!fitted_) throw std::logic_error("CountVectorizer::transform called before fit_transform");
  const int threads = resolve_threads(options_.threads);
  std::vector<ThreadCounts> state(threads);
  for (auto& local : state) local.fixed.resize(terms_.size());
  const std::vector<DocSpan> spans = count_documents(
      docs.data(), static_cast<std::int64_t>(docs.size()), options_, threads, state,
      [this](ThreadCounts& local, std::string_view term, std::uint64_t hash) {
        const std::int32_t id = find(term, hash);
        return std::make_pair(id, id < 0 ? nullptr : &local.fixed[id]);
      },
      [](const ThreadCounts&, std::uint64_t, int) {});
  // Ids already are columns: the identity map, one per thread.
  std::vector<std::int32_t> identity(terms_.size());
  for (std::size_t i = 0; i < identity.size(); ++i) identity[i] = static_cast<std::int32_t>(i);
  std::vector<std::vector<std::int32_t>> columns(threads, identity);
  return build_csr(spans, state, columns, static_cast<std::int64_t>(terms_.size()), options_.binary,
                   threads);
}

std::int64_t CountVectorizer::column(std::string_view term) const {
  return fitted_ ? find(term, hash_term(term)) : -1;
}

std::vector<std::string> CountVectorizer::analyze(std::string_view doc) const {
  std::vector<std::string> tokens;
  Analyzer analyzer(options_);
  analyzer(doc, [&](std::string_view token) { tokens.emplace_back(token); });
  return tokens;
}

void CountVectorizer::build_index() {
  std::size_t capacity = 16;
  while (capacity < 2 * terms_.size()) capacity *= 2;
  slots_.assign(capacity, -1);
  term_hashes_.resize(terms_.size());
  const std::size_t mask = capacity - 1;
  for (std::size_t id = 0; id < terms_.size(); ++id) {
    term_hashes_[id] = hash_term(terms_[id]);
    std::size_t i = term_hashes_[id] & mask;
    while (slots_[i] >= 0) i = (i + 1) & mask;
    slots_[i] = static_cast<std::int32_t>(id);
  }
}

std::int32_t CountVectorizer::find(std::string_view term, std::uint64_t hash) const {
  if (slots_.empty()) return -1;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const std::int32_t id = slots_[i];
    if (id < 0) return -1;
    if (term_hashes_[id] == hash && terms_[id] == term) return id;
  }
}

}  // namespace embkit
