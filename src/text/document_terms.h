// DocumentTerms: the distinct tokens of one document with their counts.
//
// Why: counting against the thread's vocabulary table costs one or two cache
// misses per lookup once the vocabulary outgrows the caches (a Wikipedia dump
// has ~10^6 distinct terms: tens of MB of slots and records). A document has
// only hundreds to a few thousand distinct terms, so counting its tokens in
// this small table first (it stays in L1/L2) and then looking up each distinct
// term once cuts the expensive lookups by the ratio tokens / distinct terms
// (about 3 on English articles). Each term keeps the hash it was found under
// so the vocabulary lookup does not hash it again.
//
// Tokens that are views into the document (or the scanner's lowered copy of
// it) are stored as views; others (scratch strings valid only during the
// callback, and tokens at the very end of the document, see add()) are copied
// into an arena owned by this table, reused from one document to the next.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

#include "core/hash.h"

namespace embkit {

class DocumentTerms {
 public:
  struct Term {
    const char* data;
    std::uint32_t size;
    std::uint32_t count;
    std::uint64_t hash;  // hash_term(term)
    std::string_view view() const { return {data, size}; }
  };

  DocumentTerms() = default;

  // Starts a new document. Tokens that are views into `doc` (the document,
  // or the scanner's lowered copy of it: any memory that stays unchanged
  // until the document is counted) are stored without copying.
  void reset(std::string_view doc) {
    terms_.clear();
    block_ = 0;
    used_ = 0;
    long_terms_.clear();
    doc_begin_ = reinterpret_cast<std::uintptr_t>(doc.data());
    doc_end_ = doc_begin_ + doc.size();
    // Only the first `capacity_` slots are used, sized to the document (about
    // one distinct term per 20 bytes of English, at load ≤ 1/2), so a short
    // document touches a few KB even after a long one grew the array.
    std::size_t capacity = kMinSlots;
    while (capacity < doc.size() / 16) capacity *= 2;
    if (capacity > slots_.size()) slots_.resize(capacity);
    capacity_ = capacity;
    next_generation();
  }

  // Inlined into the scanner loop: it runs once per token.
  __attribute__((always_inline)) void add(std::string_view token) {
    const char* p = token.data();
    const std::size_t n = token.size();
    // Every stored term and the probe have 8 readable bytes past their end,
    // so hashing and comparing need no byte-by-byte tails. A token of the
    // document has them unless it ends within 8 bytes of the end; other
    // tokens (lowercased copies) are copied into padded scratch first.
    const auto address = reinterpret_cast<std::uintptr_t>(p);
    const bool in_doc = address >= doc_begin_ && address + n + 8 <= doc_end_;
    if (!in_doc) {
      if (scratch_.size() < n + 8) scratch_.resize(n + 8);
      std::memcpy(scratch_.data(), p, n);
      p = scratch_.data();
    }
    const std::uint64_t h = hash_bytes<true>(p, n);
    const std::size_t mask = capacity_ - 1;
    std::size_t i = h & mask;
    for (;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.generation != generation_) break;
      Term& t = terms_[s.index];
      if (t.hash == h && t.size == n && same_bytes<true>(t.data, p, n)) {
        ++t.count;
        return;
      }
    }
    slots_[i] = Slot{generation_, static_cast<std::uint32_t>(terms_.size())};
    terms_.push_back(Term{in_doc ? p : arena_copy(p, n), static_cast<std::uint32_t>(n), 1, h});
    if (2 * terms_.size() > capacity_) grow();
  }

  std::size_t size() const { return terms_.size(); }
  const Term& operator[](std::size_t k) const { return terms_[k]; }

 private:
  struct Slot {
    std::uint32_t generation = 0;  // == generation_ when the slot is in use
    std::uint32_t index = 0;       // into terms_
  };
  static constexpr std::size_t kMinSlots = 256;
  static constexpr std::size_t kBlockBytes = 1 << 16;

  // A copy of p[0, n) that lives until the next reset(), with 8 bytes of
  // padding after it.
  const char* arena_copy(const char* p, std::size_t n) {
    char* out;
    if (n > kBlockBytes / 4) {  // a very long token gets its own buffer
      long_terms_.emplace_back(new char[n + 8]);
      out = long_terms_.back().get();
    } else {
      if (used_ + n + 8 > kBlockBytes) {  // the current block is full
        ++block_;
        used_ = 0;
      }
      if (block_ == blocks_.size()) blocks_.emplace_back(new char[kBlockBytes]);
      out = blocks_[block_].get() + used_;
      used_ += n;  // the next copy (or the block's slack) is the padding
    }
    std::memcpy(out, p, n);
    return out;
  }

  // A generation stamp per slot empties the table in O(1); on wrap-around
  // (after 2^32 generations) the stamps are cleared for real.
  void next_generation() {
    if (++generation_ == 0) {
      for (Slot& s : slots_) s = Slot{};
      generation_ = 1;
    }
  }

  // Doubles the used slots and re-inserts the terms under a new generation.
  __attribute__((noinline)) void grow() {
    capacity_ *= 2;
    if (capacity_ > slots_.size()) slots_.resize(capacity_);
    next_generation();
    const std::size_t mask = capacity_ - 1;
    for (std::size_t k = 0; k < terms_.size(); ++k) {
      std::size_t i = terms_[k].hash & mask;
      while (slots_[i].generation == generation_) i = (i + 1) & mask;
      slots_[i] = Slot{generation_, static_cast<std::uint32_t>(k)};
    }
  }

  std::vector<Slot> slots_;
  std::size_t capacity_ = 0;  // slots in use: a power of two ≤ slots_.size()
  std::uint32_t generation_ = 0;
  std::vector<Term> terms_;
  std::uintptr_t doc_begin_ = 0, doc_end_ = 0;
  std::vector<std::unique_ptr<char[]>> blocks_;  // arena for copied tokens
  std::size_t block_ = 0, used_ = 0;             // current block, bytes used in it
  std::vector<std::unique_ptr<char[]>> long_terms_;  // tokens too long for a block
  std::vector<char> scratch_;                        // a padded copy of the probe
};

}  // namespace embkit
