#include "core/zip.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "core/error.h"
#include "core/input_file.h"
#include "core/simd.h"

#if EMBKIT_SIMD_X86
#include <immintrin.h>
#endif

namespace embkit {
namespace {

// Slicing-by-8 tables (Kounavis & Berry 2005): table[k][b] is the CRC of byte
// b followed by k zero bytes, so eight input bytes take eight lookups and one
// dependency chain instead of eight.
struct CrcTables {
  std::array<std::array<std::uint32_t, 256>, 8> t{};
  CrcTables() {
    for (std::uint32_t b = 0; b < 256; ++b) {
      std::uint32_t c = b;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[0][b] = c;
    }
    for (std::uint32_t b = 0; b < 256; ++b)
      for (int k = 1; k < 8; ++k) t[k][b] = (t[k - 1][b] >> 8) ^ t[0][t[k - 1][b] & 0xFF];
  }
};

const CrcTables& crc_tables() {
  static const CrcTables tables;
  return tables;
}

constexpr std::uint64_t kMax32 = 0xFFFFFFFFu;
constexpr std::uint16_t kDosDate19800101 = (0 << 9) | (1 << 5) | 1;

void put16(std::string& s, std::uint32_t v) {
  s += static_cast<char>(v & 0xFF);
  s += static_cast<char>((v >> 8) & 0xFF);
}
void put32(std::string& s, std::uint64_t v) {
  put16(s, static_cast<std::uint32_t>(v & 0xFFFF));
  put16(s, static_cast<std::uint32_t>((v >> 16) & 0xFFFF));
}
std::uint32_t get16(const unsigned char* p) { return p[0] | (p[1] << 8); }
std::uint32_t get32(const unsigned char* p) {
  return get16(p) | (static_cast<std::uint32_t>(get16(p + 2)) << 16);
}

// The fields local and central headers share, from "version needed" to the
// name and extra lengths (APPNOTE §4.3.7 / §4.3.12).
void put_common(std::string& s, std::uint32_t crc, std::uint64_t size, std::size_t name_size) {
  put16(s, 20);  // version needed: 2.0, stored members
  put16(s, 0);   // flags: no data descriptor, no encryption
  put16(s, 0);   // method: stored
  put16(s, 0);   // time 00:00:00
  put16(s, kDosDate19800101);
  put32(s, crc);
  put32(s, size);  // compressed size = size
  put32(s, size);
  put16(s, static_cast<std::uint32_t>(name_size));
  put16(s, 0);  // extra field length
}

}  // namespace

namespace {

// The CRC register (the complement of the CRC) after `size` more bytes.
std::uint32_t crc32_table(std::uint32_t c, const unsigned char* p, std::size_t size) {
  const auto& t = crc_tables().t;
  for (; size >= 8; size -= 8, p += 8) {
    std::uint32_t lo, hi;
    std::memcpy(&lo, p, 4);  // little-endian hosts only, as the rest of the formats
    std::memcpy(&hi, p + 4, 4);
    lo ^= c;
    c = t[7][lo & 0xFF] ^ t[6][(lo >> 8) & 0xFF] ^ t[5][(lo >> 16) & 0xFF] ^ t[4][lo >> 24] ^
        t[3][hi & 0xFF] ^ t[2][(hi >> 8) & 0xFF] ^ t[1][(hi >> 16) & 0xFF] ^ t[0][hi >> 24];
  }
  for (; size > 0; --size, ++p) c = t[0][(c ^ *p) & 0xFF] ^ (c >> 8);
  return c;
}

#if EMBKIT_SIMD_X86
// x^n mod P for the CRC-32 polynomial P = 0x104C11DB7, bit-reflected and
// shifted left by one: the form in which carry-less multiplication of
// reflected data uses it (Gopal et al., "Fast CRC Computation for Generic
// Polynomials Using PCLMULQDQ", Intel 2009, §4 and its bit-reflected appendix).
constexpr std::uint64_t fold_constant(int n) {
  std::uint64_t r = 1;
  for (int i = 0; i < n; ++i) {
    r <<= 1;
    if (r >> 32) r ^= 0x104C11DB7u;
  }
  std::uint64_t reflected = 0;
  for (int b = 0; b < 32; ++b)
    if (r >> b & 1) reflected |= std::uint64_t{1} << (31 - b);
  return reflected << 1;
}

// The CRC register after `size` bytes, size a multiple of 16 and ≥ 64: four
// 128-bit lanes folded forward 512 bits at a time (x^(512±32) mod P), folded
// into one lane (x^(128±32)), then reduced 128 → 64 → 32 bits (x^64 mod P)
// and by Barrett reduction with P' = reflected P and µ = floor(x^64 / P)
// (reflected). About ten times the table's speed.
#define EMBKIT_TARGET_CLMUL __attribute__((target("pclmul,sse4.1")))
EMBKIT_TARGET_CLMUL inline __m128i load(const unsigned char* p) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}
// One lane a folded forward onto `next`: a_lo·k_lo ⊕ a_hi·k_hi ⊕ next, where k
// holds x^(d+32) and x^(d−32) mod P for a fold over d bits.
EMBKIT_TARGET_CLMUL inline __m128i fold(__m128i a, __m128i k, __m128i next) {
  return _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(a, k, 0x00), _mm_clmulepi64_si128(a, k, 0x11)), next);
}

EMBKIT_TARGET_CLMUL std::uint32_t crc32_clmul(std::uint32_t c, const unsigned char* p,
                                                                    std::size_t size) {
  const __m128i k1k2 = _mm_set_epi64x(static_cast<long long>(fold_constant(4 * 128 - 32)),
                                      static_cast<long long>(fold_constant(4 * 128 + 32)));
  const __m128i k3k4 = _mm_set_epi64x(static_cast<long long>(fold_constant(128 - 32)),
                                      static_cast<long long>(fold_constant(128 + 32)));
  const __m128i k5 = _mm_set_epi64x(0, static_cast<long long>(fold_constant(64)));
  const __m128i poly = _mm_set_epi64x(0x1F7011641, 0x1DB710641);  // µ, P'
  __m128i x0 = _mm_xor_si128(load(p), _mm_cvtsi32_si128(static_cast<int>(c)));
  __m128i x1 = load(p + 16), x2 = load(p + 32), x3 = load(p + 48);
  p += 64;
  size -= 64;
  for (; size >= 64; size -= 64, p += 64) {
    x0 = fold(x0, k1k2, load(p));
    x1 = fold(x1, k1k2, load(p + 16));
    x2 = fold(x2, k1k2, load(p + 32));
    x3 = fold(x3, k1k2, load(p + 48));
  }
  x0 = fold(fold(fold(x0, k3k4, x1), k3k4, x2), k3k4, x3);
  for (; size >= 16; size -= 16, p += 16) x0 = fold(x0, k3k4, load(p));
  const __m128i low32 = _mm_setr_epi32(-1, 0, -1, 0);
  // 128 → 64 bits: the low half times x^(128−32) mod P, added to the high half.
  x0 = _mm_xor_si128(_mm_srli_si128(x0, 8), _mm_clmulepi64_si128(x0, k3k4, 0x10));
  // 64 → 32 bits (plus 32 more for the Barrett step): the low 32 bits times x^64 mod P.
  x0 = _mm_xor_si128(_mm_srli_si128(x0, 4), _mm_clmulepi64_si128(_mm_and_si128(x0, low32), k5, 0x00));
  // Barrett: T1 = (R mod x^32)·µ, T2 = (T1 mod x^32)·P', CRC = (R ⊕ T2) bits 32..63.
  __m128i t = _mm_clmulepi64_si128(_mm_and_si128(x0, low32), poly, 0x10);
  t = _mm_clmulepi64_si128(_mm_and_si128(t, low32), poly, 0x00);
  return static_cast<std::uint32_t>(_mm_extract_epi32(_mm_xor_si128(x0, t), 1));
}

bool use_clmul() {
  static const bool ok = simd_level() != SimdLevel::Baseline && __builtin_cpu_supports("pclmul") &&
                         __builtin_cpu_supports("sse4.1");
  return ok;
}
#endif

}  // namespace

std::uint32_t crc32_update(std::uint32_t crc, const void* data, std::size_t size) {
  const unsigned char* p = static_cast<const unsigned char*>(data);
  std::uint32_t c = ~crc;
#if EMBKIT_SIMD_X86
  if (size >= 64 && use_clmul()) {
    const std::size_t blocks = size & ~std::size_t{15};
    c = crc32_clmul(c, p, blocks);
    p += blocks;
    size -= blocks;
  }
#endif
  return ~crc32_table(c, p, size);
}

ZipWriter::ZipWriter(std::ostream& out, std::string path) : out_(out), path_(std::move(path)) {}

void ZipWriter::add(const std::string& name, std::initializer_list<std::string_view> parts) {
  std::uint32_t crc = 0;
  std::uint64_t size = 0;
  for (std::string_view part : parts) {
    crc = crc32_update(crc, part.data(), part.size());
    size += part.size();
  }
  if (size >= kMax32 || offset_ >= kMax32 || entries_.size() >= 0xFFFF)
    throw InputError(located(path_, 0, "member " + name + " would end past 4 GiB, which needs zip64 "
                                       "(not written); write Matrix Market (.mtx) instead"));
  std::string header;
  put32(header, 0x04034b50);
  put_common(header, crc, size, name.size());
  header += name;
  out_.write(header.data(), static_cast<std::streamsize>(header.size()));
  for (std::string_view part : parts) out_.write(part.data(), static_cast<std::streamsize>(part.size()));
  entries_.push_back({name, crc, size, offset_});
  offset_ += header.size() + size;
}

void ZipWriter::finish() {
  std::string directory;
  for (const Entry& e : entries_) {
    put32(directory, 0x02014b50);
    put16(directory, (3 << 8) | 20);  // made by: Unix, version 2.0
    put_common(directory, e.crc, e.size, e.name.size());
    put16(directory, 0);              // comment length
    put16(directory, 0);              // disk number
    put16(directory, 0);              // internal attributes
    put32(directory, 0100600u << 16);  // external: regular file, rw-------
    put32(directory, e.offset);
    directory += e.name;
  }
  if (offset_ + directory.size() >= kMax32)
    throw InputError(located(path_, 0, "archive would pass 4 GiB, which needs zip64 (not written); "
                                       "write Matrix Market (.mtx) instead"));
  std::string end;
  put32(end, 0x06054b50);
  put16(end, 0);  // this disk
  put16(end, 0);  // disk of the central directory
  put16(end, static_cast<std::uint32_t>(entries_.size()));
  put16(end, static_cast<std::uint32_t>(entries_.size()));
  put32(end, directory.size());
  put32(end, offset_);
  put16(end, 0);  // comment length
  out_.write(directory.data(), static_cast<std::streamsize>(directory.size()));
  out_.write(end.data(), static_cast<std::streamsize>(end.size()));
}

std::vector<ZipMember> read_zip_directory(std::FILE* file, const std::string& path) {
  // The end record is the last 22 bytes plus a comment of up to 65,535 bytes.
  if (std::fseek(file, 0, SEEK_END) != 0) throw_input_error(path, 0, "cannot seek (not a regular file?)");
  const std::int64_t size = std::ftell(file);
  const std::int64_t tail = std::min<std::int64_t>(size, 22 + 0xFFFF);
  std::vector<unsigned char> buf(static_cast<std::size_t>(tail));
  if (tail < 22 || std::fseek(file, static_cast<long>(size - tail), SEEK_SET) != 0 ||
      std::fread(buf.data(), 1, buf.size(), file) != buf.size())
    throw_input_error(path, 0, "not a zip archive (too short for an end-of-central-directory record)");
  std::int64_t at = tail - 22;
  while (at >= 0 && get32(&buf[static_cast<std::size_t>(at)]) != 0x06054b50) --at;
  if (at < 0) throw_input_error(path, 0, "not a zip archive (no end-of-central-directory record)");
  const unsigned char* end = &buf[static_cast<std::size_t>(at)];
  const std::uint32_t count = get16(end + 10), dir_size = get32(end + 12), dir_offset = get32(end + 16);
  if (count == 0xFFFF || dir_size == kMax32 || dir_offset == kMax32)
    throw_input_error(path, 0, "zip64 archives are not supported");
  if (static_cast<std::int64_t>(dir_offset) + dir_size > size)
    throw_input_error(path, 0, "truncated zip archive: the central directory lies past the end of the file");
  std::vector<unsigned char> dir(dir_size);
  if (std::fseek(file, static_cast<long>(dir_offset), SEEK_SET) != 0 ||
      std::fread(dir.data(), 1, dir.size(), file) != dir.size())
    throw_input_error(path, 0, "truncated zip central directory");
  std::vector<ZipMember> members;
  std::size_t p = 0;
  for (std::uint32_t i = 0; i < count; ++i) {
    if (p + 46 > dir.size() || get32(&dir[p]) != 0x02014b50)
      throw_input_error(path, 0, "malformed zip central directory (entry " + std::to_string(i + 1) + ")");
    const unsigned char* e = &dir[p];
    const std::uint32_t flags = get16(e + 8), method = get16(e + 10), crc = get32(e + 16);
    const std::uint32_t csize = get32(e + 20), usize = get32(e + 24);
    const std::size_t name_len = get16(e + 28), extra_len = get16(e + 30), comment_len = get16(e + 32);
    const std::uint32_t local = get32(e + 42);
    if (p + 46 + name_len > dir.size()) throw_input_error(path, 0, "malformed zip central directory (name)");
    ZipMember m;
    m.name.assign(reinterpret_cast<const char*>(e + 46), name_len);
    if (method != 0)
      throw_input_error(path, 0, "member " + m.name + " is compressed (method " + std::to_string(method) +
                                     "); only stored members are read: save with "
                                     "scipy.sparse.save_npz(..., compressed=False)");
    if (flags & 1) throw_input_error(path, 0, "member " + m.name + " is encrypted");
    if (csize != usize || usize == kMax32 || local == kMax32)
      throw_input_error(path, 0, "member " + m.name + " has zip64 or inconsistent sizes");
    // The data follows the local header, whose name and extra lengths may
    // differ from the central directory's.
    unsigned char lh[30];
    if (std::fseek(file, static_cast<long>(local), SEEK_SET) != 0 || std::fread(lh, 1, 30, file) != 30 ||
        get32(lh) != 0x04034b50)
      throw_input_error(path, 0, "member " + m.name + ": bad local header");
    m.data_offset = static_cast<std::uint64_t>(local) + 30 + get16(lh + 26) + get16(lh + 28);
    m.size = usize;
    m.crc = crc;
    if (static_cast<std::int64_t>(m.data_offset + m.size) > size)
      throw_input_error(path, 0, "member " + m.name + " is truncated");
    members.push_back(std::move(m));
    p += 46 + name_len + extra_len + comment_len;
  }
  return members;
}

}  // namespace embkit
