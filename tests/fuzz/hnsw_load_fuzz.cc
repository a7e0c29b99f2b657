// Fuzz target: HnswIndex::load. The file ends in an FNV-1a checksum of every
// byte before it; the harness rewrites it to match, so mutations reach the
// structural checks behind it (counts, levels, link targets) instead of all
// stopping at "checksum mismatch". A loaded index must then answer a search.
#include <cstring>
#include <vector>

#include "core/hash.h"
#include "eval/hnsw_index.h"
#include "fuzz_util.h"

using namespace embkit;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  if (bytes.size() >= 8) {
    const std::uint64_t hash = fnv1a(bytes.data(), bytes.size() - 8);
    std::memcpy(&bytes[bytes.size() - 8], &hash, 8);  // little-endian, as the writer
  }
  static const fuzz::FuzzFile input("-index.hnsw");
  input.write(bytes);
  fuzz::expect_only_input_errors([&] {
    const auto index = HnswIndex::load(input.path());
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
