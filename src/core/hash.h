// Hashing for in-memory tables and file checksums.
//
//  * hash_bytes / hash_term: a fast 64-bit hash for short strings (tokens),
//    8 bytes per multiply; the term hash of CountVectorizer's tables. Not
//    stable across versions: never store it in a file.
//  * same_bytes, load_short: the inlined compares and loads that hashing and
//    probing short keys need (a call to memcmp costs more than the compare).
//  * fnv1a: FNV-1a (Fowler, Noll & Vo), 64-bit, byte at a time: slow but fixed
//    forever, so it identifies content across runs and machines (HNSW file
//    checksums, GloVe's vocabulary fingerprint in checkpoints).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace embkit {

// Bytes p[0, n), n ≤ 8, zero-padded, as a little-endian word — what a memcpy
// of n bytes into a zeroed word gives — from fixed-size loads: a variable-size
// memcpy is a library call, and this runs for every token.
inline std::uint64_t load_short(const char* p, std::size_t n) {
  std::uint64_t v = 0;
  if (n == 8) {
    std::memcpy(&v, p, 8);
    return v;
  }
  if (n & 4) {
    std::uint32_t w;
    std::memcpy(&w, p, 4);
    v = w;
  }
  if (n & 2) {
    std::uint16_t w;
    std::memcpy(&w, p + (n & 4), 2);
    v |= static_cast<std::uint64_t>(w) << (8 * (n & 4));
  }
  if (n & 1) v |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[n - 1])) << (8 * (n - 1));
  return v;
}

// load_short(p, n) for 0 < n ≤ 8 from one 8-byte load and a mask, without
// branches; the caller guarantees that p[0, 8) is readable.
inline std::uint64_t load_short_padded(const char* p, std::size_t n) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v & (~std::uint64_t{0} >> (64 - 8 * n));
}

// A fast 64-bit hash for short strings: 8 bytes per multiply, then a final
// mix. kPadded: the caller guarantees 8 readable bytes past the end of
// p[0, n), so the tail takes one load (same value, so the same hash).
template <bool kPadded>
inline std::uint64_t hash_bytes(const char* p, std::size_t n) {
  constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ull;
  std::uint64_t h = 0x243F6A8885A308D3ull ^ (n * kMul);
  while (n >= 8) {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    h = (h ^ v) * kMul;
    h ^= h >> 29;
    p += 8;
    n -= 8;
  }
  if (n > 0) h = (h ^ (kPadded ? load_short_padded(p, n) : load_short(p, n))) * kMul;
  h ^= h >> 32;
  h *= 0xD6E8FEB86659FD93ull;
  h ^= h >> 32;
  return h;
}

inline std::uint64_t hash_term(std::string_view s) { return hash_bytes<false>(s.data(), s.size()); }

// a[0, n) == b[0, n), inlined: 8 bytes per compare, then the tail. Tokens
// are a few bytes long, where a call to memcmp costs more than the compare.
// kPadded: both have 8 readable bytes past n (see hash_bytes).
template <bool kPadded = false>
inline bool same_bytes(const char* a, const char* b, std::size_t n) {
  for (; n >= 8; a += 8, b += 8, n -= 8) {
    std::uint64_t x, y;
    std::memcpy(&x, a, 8);
    std::memcpy(&y, b, 8);
    if (x != y) return false;
  }
  if (n == 0) return true;
  if (kPadded) return load_short_padded(a, n) == load_short_padded(b, n);
  return load_short(a, n) == load_short(b, n);
}

// FNV-1a's 64-bit prime, and the offset basis embkit has always used:
// 1469598103934665603, the published 14695981039346656037 without its last
// digit. The basis is only the starting state, so the hash is no weaker; it
// stays because HNSW files and GloVe checkpoints already written hold hashes
// made with it.
constexpr std::uint64_t kFnv1aBasis = 1469598103934665603ull;
constexpr std::uint64_t kFnv1aPrime = 1099511628211ull;

// FNV-1a of data[0, size), continuing from `hash` (the running value of the
// bytes before, so a stream can be hashed piece by piece).
inline std::uint64_t fnv1a(const void* data, std::size_t size, std::uint64_t hash = kFnv1aBasis) {
  const auto* p = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < size; ++i) hash = (hash ^ p[i]) * kFnv1aPrime;
  return hash;
}

}  // namespace embkit
