#include "core/corpus_counts.h"

#include <cstring>

#include "core/corpus.h"
#include "core/distributed.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/signals.h"

namespace embkit {

namespace {

// TermTable ids are int32; stop well before they would wrap.
constexpr std::int32_t kMaxDistinct = (1 << 30) + (1 << 29);

// Adds every rank's counts to every rank's `all`, merged in rank order (so
// the tables, and the vocabularies built from them, are the same on every
// rank): each table goes out as (length, bytes, count) records.
void sum_across_ranks(RangeCounts& all) {
  if (distributed::size() == 1) return;
  std::vector<char> mine;
  for (std::int32_t id = 0; id < all.table.size(); ++id) {
    const std::string_view w = all.table.term(id);
    const std::uint32_t n = static_cast<std::uint32_t>(w.size());
    const std::uint64_t count = all.table.payload(id);
    mine.insert(mine.end(), reinterpret_cast<const char*>(&n), reinterpret_cast<const char*>(&n) + 4);
    mine.insert(mine.end(), w.begin(), w.end());
    mine.insert(mine.end(), reinterpret_cast<const char*>(&count), reinterpret_cast<const char*>(&count) + 8);
  }
  std::uint64_t totals[2] = {all.tokens, all.split_tokens};
  distributed::allreduce_sum(totals, 2);
  all = RangeCounts();
  all.tokens = totals[0];
  all.split_tokens = totals[1];
  std::vector<char> every = distributed::allgatherv(mine.data(), mine.size());
  std::vector<char>().swap(mine);
  for (std::size_t at = 0; at < every.size();) {
    std::uint32_t n;
    std::uint64_t count;
    std::memcpy(&n, every.data() + at, 4);
    std::memcpy(&count, every.data() + at + 4 + n, 8);
    all.add(std::string_view(every.data() + at + 4, n), count);
    at += 4 + n + 8;
  }
}

// Counts every token that starts in [begin, end) of `path`.
void count_range(const std::string& path, std::uint64_t begin, std::uint64_t end, RangeCounts& out) {
  TokenStream stream(path, begin, end, TokenStream::Start::Boundary);
  std::string_view token;
  std::uint64_t seen = 0;
  for (;;) {
    const TokenStream::Kind kind = stream.next(token);
    if (kind == TokenStream::Kind::End) break;
    if (kind == TokenStream::Kind::EndOfLine) continue;
    out.add(token, 1);
    if ((++seen & 0xfffff) == 0) {
      check_interrupted();
      if (out.table.size() > kMaxDistinct) throw InputError(located(path, 0, "more than a billion distinct words"));
    }
  }
  out.tokens = stream.stats().tokens;
  out.split_tokens = stream.stats().split_tokens;
}

}  // namespace

RangeCounts count_file_ranges(const std::string& path, int threads) {
  const std::uint64_t length = static_cast<std::uint64_t>(file_size(path));
  const std::uint64_t begin = part_begin(length, distributed::rank(), distributed::size());
  const std::uint64_t end = part_begin(length, distributed::rank() + 1, distributed::size());
  // Each thread counts its byte range; the tables are then summed into the
  // first, and across ranks.
  std::vector<RangeCounts> parts(static_cast<std::size_t>(threads));
  for_each_range(begin, end, threads, [&](int t, std::uint64_t b, std::uint64_t e) { count_range(path, b, e, parts[t]); });
  RangeCounts& all = parts[0];
  for (std::size_t t = 1; t < parts.size(); ++t) {
    const TermTable<std::uint64_t>& table = parts[t].table;
    for (std::int32_t id = 0; id < table.size(); ++id) all.add(table.term(id), table.payload(id));
    all.tokens += parts[t].tokens;
    all.split_tokens += parts[t].split_tokens;
    parts[t] = RangeCounts();
  }
  sum_across_ranks(all);
  return std::move(all);
}

void require_one_rank(const std::string& path, const std::string& why) {
  if (distributed::size() > 1)
    throw InputError(located(path, 0, why + " cannot be split between " + std::to_string(distributed::size()) +
                                          " MPI ranks; give a file"));
}

void check_same_vocabulary(const Vocabulary& vocabulary, const std::string& path) {
  if (distributed::size() == 1) return;
  std::uint64_t h = kFnv1aBasis;
  for (const Vocabulary::Entry& e : vocabulary.entries()) {
    h = fnv1a(e.word.data(), e.word.size() + 1, h);  // with the string's '\0': words stay apart
    h = fnv1a(&e.count, sizeof e.count, h);
  }
  if (distributed::allreduce_max(h) != h || distributed::allreduce_max(~h) != ~h)
    throw InputError(located(path, 0, "the MPI ranks built different vocabularies (a file that differs between "
                                      "machines?)"));
}

}  // namespace embkit
