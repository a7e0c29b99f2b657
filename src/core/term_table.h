// TermTable<Payload>: a string → dense id hash table for counting terms quickly
// (CountVectorizer's per-thread vocabularies, word2vec's streamed corpus).
//
// Open addressing with linear probing over a power-of-two slot array (load
// ≤ 1/2). A slot packs 32 bits of the term's hash with its id, so a probe
// touches the term's bytes only when the hash bits agree. Each term's bytes are
// copied once, on insertion, into large arena blocks, so lookups never allocate
// and term views stay valid for the table's lifetime (moves included). Each id
// carries a Payload (counters) stored next to the term pointer, so counting a
// token costs one slot read and one record read. Ids are 0, 1, 2, ... in
// insertion order. Not thread-safe: one table per thread.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

#include "core/hash.h"
#include "core/huge_pages.h"

namespace embkit {

template <typename Payload>
class TermTable {
 public:
  struct Record {
    std::uint64_t prefix;  // the first 8 bytes (zero-padded): most terms compare here
    const char* data;
    std::uint32_t size;
    Payload payload;
    std::string_view term() const { return {data, size}; }
    bool equals(std::string_view s, std::uint64_t s_prefix) const {
      return size == s.size() && prefix == s_prefix &&
             (size <= 8 || same_bytes(data + 8, s.data() + 8, size - 8));
    }
  };

  explicit TermTable(std::size_t expected_terms = 1024) {
    std::size_t capacity = 16;
    while (capacity < 2 * expected_terms) capacity *= 2;
    slots_.assign(capacity, 0);
  }

  std::int32_t size() const { return static_cast<std::int32_t>(records_.size()); }
  std::string_view term(std::int32_t id) const { return records_[id].term(); }
  // The term's first 8 bytes, zero-padded, as a little-endian word.
  std::uint64_t prefix(std::int32_t id) const { return records_[id].prefix; }
  Payload& payload(std::int32_t id) { return records_[id].payload; }
  const Payload& payload(std::int32_t id) const { return records_[id].payload; }

  // __builtin_prefetch, but never dropped: GCC 12 -O3 deleted the record
  // prefetch (an address loaded from the slot array) from the counting
  // loop, leaving its cache miss exposed.
  static void prefetch(const void* p) {
#if defined(__x86_64__) || defined(__i386__)
    asm volatile("prefetcht0 %0" : : "m"(*static_cast<const char*>(p)));
#else
    __builtin_prefetch(p);
#endif
  }

  // Software prefetching for batches of lookups (hides the cache misses that
  // dominate counting): first the slot of hash h, later the record it points to.
  void prefetch_slot(std::uint64_t h) const {
    __builtin_prefetch(&slots_[h & (slots_.size() - 1)]);
  }
  void prefetch_record(std::uint64_t h) const {
    const std::uint64_t slot = slots_[h & (slots_.size() - 1)];
    if (slot != 0) prefetch(&records_[id_of(slot)]);
  }

  // Id of `term`, or -1.
  std::int32_t find(std::string_view term) const {
    const std::uint64_t h = hash_term(term), p = prefix_of(term);
    const std::uint64_t tag = h >> 32;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const std::uint64_t slot = slots_[i];
      if (slot == 0) return -1;
      if ((slot >> 32) == tag && records_[id_of(slot)].equals(term, p)) return id_of(slot);
    }
  }

  // Id of `term`, inserting it (with the next id and a default Payload) if absent.
  std::int32_t insert(std::string_view term) { return insert(term, hash_term(term)); }
  // The same with h = hash_term(term) already computed.
  std::int32_t insert(std::string_view term, std::uint64_t h) {
    const std::uint64_t p = prefix_of(term);
    const std::uint64_t tag = h >> 32;
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = h & mask;
    for (;; i = (i + 1) & mask) {
      const std::uint64_t slot = slots_[i];
      if (slot == 0) break;
      if ((slot >> 32) == tag && records_[id_of(slot)].equals(term, p)) return id_of(slot);
    }
    const std::int32_t id = size();
    records_.push_back({p, store(term), static_cast<std::uint32_t>(term.size()), Payload{}});
    hashes_.push_back(h);
    slots_[i] = (tag << 32) | static_cast<std::uint32_t>(id + 1);
    if (2 * records_.size() > slots_.size()) grow();
    return id;
  }

 private:
  static constexpr std::size_t kBlockBytes = 1 << 20;

  static std::uint64_t prefix_of(std::string_view s) {
    return load_short(s.data(), s.size() < 8 ? s.size() : 8);
  }

  static std::int32_t id_of(std::uint64_t slot) {
    return static_cast<std::int32_t>(static_cast<std::uint32_t>(slot)) - 1;
  }

  const char* store(std::string_view term) {
    if (term.size() > kBlockBytes / 4) {  // a very long term gets its own block
      blocks_.emplace_back(new char[term.size()]);
      std::memcpy(blocks_.back().get(), term.data(), term.size());
      return blocks_.back().get();
    }
    if (current_ == nullptr || block_used_ + term.size() > kBlockBytes) {
      current_ = new char[kBlockBytes];
      blocks_.emplace_back(current_);
      block_used_ = 0;
    }
    char* out = current_ + block_used_;
    std::memcpy(out, term.data(), term.size());
    block_used_ += term.size();
    return out;
  }

  void grow() {
    std::vector<std::uint64_t, HugePageAllocator<std::uint64_t>> slots(slots_.size() * 2, 0);
    const std::size_t mask = slots.size() - 1;
    for (std::int32_t id = 0; id < size(); ++id) {
      std::size_t i = hashes_[id] & mask;
      while (slots[i] != 0) i = (i + 1) & mask;
      slots[i] = ((hashes_[id] >> 32) << 32) | static_cast<std::uint32_t>(id + 1);
    }
    slots_.swap(slots);
  }

  // Slots and records are the randomly accessed part: huge pages save TLB misses.
  std::vector<std::uint64_t, HugePageAllocator<std::uint64_t>> slots_;  // (hash >> 32) << 32 | (id + 1); 0 = empty
  std::vector<Record, HugePageAllocator<Record>> records_;
  std::vector<std::uint64_t> hashes_;  // full hashes, only for grow()
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* current_ = nullptr;
  std::size_t block_used_ = 0;
};

}  // namespace embkit
