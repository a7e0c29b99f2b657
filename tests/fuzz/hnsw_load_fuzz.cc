// Fuzz target: HnswIndex::load. The first input byte chooses the caller's
// vectors: odd, the fingerprint stored in the file (the right vectors); even,
// another one, which must be refused. The rest is the file. It ends in an
// FNV-1a checksum of every byte before it; the harness rewrites it to match,
// so mutations reach the structural checks behind it (counts, levels, link
// targets) and the fingerprint check instead of all stopping at "checksum
// mismatch". A loaded index must then answer a search.
#include <cstring>
#include <vector>

#include "core/hash.h"
#include "eval/hnsw_index.h"
#include "fuzz_util.h"

using namespace embkit;

namespace {

// Where save() puts the vectors' fingerprint: after the magic (8 bytes), the
// version and metric (4 + 4), the row count and dimension (8 + 8), M,
// efConstruction and efSearch (3 × 4), the seed (8), the entry point and the
// maximum level (4 + 4).
constexpr std::size_t kFingerprintOffset = 60;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool same_vectors = (data[0] & 1) != 0;
  std::string bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  if (bytes.size() >= 8) {
    const std::uint64_t hash = fnv1a(bytes.data(), bytes.size() - 8);
    std::memcpy(&bytes[bytes.size() - 8], &hash, 8);  // little-endian, as the writer
  }
  std::uint64_t stored = 0;
  if (bytes.size() >= kFingerprintOffset + 8) std::memcpy(&stored, &bytes[kFingerprintOffset], 8);
  const std::uint64_t fingerprint = same_vectors ? stored : stored ^ 0x9E3779B97F4A7C15ull;
  static const fuzz::FuzzFile input("-index.hnsw");
  input.write(bytes);
  fuzz::expect_only_input_errors([&] {
    const auto index = HnswIndex::load(input.path(), fingerprint);
    fuzz::require(same_vectors, "an index is refused for vectors with another fingerprint");
    fuzz::require(index->dim() >= 1 && index->size() >= 0, "sane shape");
    if (index->size() == 0 || index->dim() > 4096) return;
    const std::int64_t k = std::min<std::int64_t>(3, index->size());
    std::vector<float> query(static_cast<std::size_t>(index->dim()), 0.5f);
    std::vector<std::int64_t> ids(static_cast<std::size_t>(k));
    std::vector<float> scores(static_cast<std::size_t>(k));
    index->search(query.data(), 1, k, ids.data(), scores.data());
    for (auto id : ids) fuzz::require(id >= -1 && id < index->size(), "result ids in range or -1");
  });
  return 0;
}
