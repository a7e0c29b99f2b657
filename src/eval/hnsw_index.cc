#include "eval/hnsw_index.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/input_file.h"
#include "core/parallel.h"
#include "core/random.h"
#include "core/signals.h"

namespace embkit {

namespace {

constexpr char kMagic[8] = {'E', 'M', 'B', 'K', 'H', 'N', 'S', 'W'};
// Version 2 added the fingerprint of the vectors; version 1 files are refused
// with "rebuild the index" (a graph cannot be checked against its vectors
// without it).
constexpr std::uint32_t kVersion = 2;
constexpr int kMaxLevel = 64;

inline void prefetch(const void* address) { __builtin_prefetch(address, 0, 3); }

}  // namespace

// A "visited" mark per node, cleared in O(1) by bumping the current tag.
class HnswIndex::VisitedList {
 public:
  explicit VisitedList(std::int64_t n) : tags_(static_cast<std::size_t>(n), 0) {}
  void reset() {
    if (++tag_ == 0) {  // wrapped around: really clear once every 65,535 uses
      std::fill(tags_.begin(), tags_.end(), 0);
      tag_ = 1;
    }
  }
  bool visit(std::int32_t node) {  // true the first time since reset()
    if (tags_[node] == tag_) return false;
    tags_[node] = tag_;
    return true;
  }
  const void* address(std::int32_t node) const { return &tags_[node]; }

 private:
  std::vector<std::uint16_t> tags_;
  std::uint16_t tag_ = 0;
};

HnswIndex::HnswIndex(const Matrix& vectors, Metric metric, const HnswParams& params, int threads)
    : Index("hnsw", metric, vectors.rows(), vectors.cols()), params_(params) {
  if (params.M < 2) throw UsageError("hnsw: M must be at least 2, got " + std::to_string(params.M));
  // load() refuses larger M as corrupt; per-node link lists are 2·M + 1 ints.
  if (params.M > 4096) throw UsageError("hnsw: M must be at most 4096, got " + std::to_string(params.M));
  if (params.ef_construction < 1)
    throw UsageError("hnsw: efConstruction must be at least 1, got " + std::to_string(params.ef_construction));
  set_ef_search(params.ef_search);
  if (rows_ >= (std::int64_t(1) << 31) - 1) throw InputError("hnsw: too many rows for 32-bit node ids");
  set_threads(threads);
  allocate();
  build(vectors, threads);
}

void HnswIndex::set_ef_search(int ef) {
  if (ef < 1) throw UsageError("hnsw: efSearch must be at least 1, got " + std::to_string(ef));
  params_.ef_search = ef;
}

void HnswIndex::allocate() {
  max_links0_ = 2 * params_.M;
  links_offset_ = static_cast<std::size_t>(dim_) * sizeof(float);
  const std::size_t record = links_offset_ + static_cast<std::size_t>(max_links0_ + 1) * sizeof(std::int32_t);
  stride_ = (record + 63) / 64 * 64;
  storage_.assign(stride_ * static_cast<std::size_t>(rows_) + 64, 0);
  const auto address = reinterpret_cast<std::uintptr_t>(storage_.data());
  base_ = storage_.data() + ((64 - address % 64) % 64);
  levels_.assign(static_cast<std::size_t>(rows_), 0);
  upper_.assign(static_cast<std::size_t>(rows_), {});
}

void HnswIndex::build(const Matrix& vectors, int threads) {
  if (rows_ == 0) return;
  for (std::int64_t i = 0; i < rows_; ++i) {
    float* v = vector_of(static_cast<std::int32_t>(i));
    load_query(vectors.row(i).data(), dim_, metric_, v);  // unit rows for cosine, as the queries
  }
  // Alg. 1 line 4: l = ⌊−ln(U)·mL⌋, mL = 1/ln(M); drawn up front from one
  // stream so the level of every node is independent of thread timing.
  Rng rng(derive_seed(params_.seed, 0x48534e57));
  const double ml = 1.0 / std::log(static_cast<double>(params_.M));
  for (std::int64_t i = 0; i < rows_; ++i) {
    const double u = 1.0 - rng.uniform();  // (0, 1]
    const int level = std::min(kMaxLevel, static_cast<int>(-std::log(u) * ml));
    levels_[i] = level;
    if (level > 0) upper_[i].assign(static_cast<std::size_t>(level) * (params_.M + 1), 0);
  }
  entry_ = 0;
  max_level_ = levels_[0];

  std::vector<std::mutex> locks(static_cast<std::size_t>(rows_));
  std::mutex global;
  ExceptionCapture capture;
  const int workers = resolve_threads(threads);
#pragma omp parallel num_threads(workers)
  {
    VisitedList visited(rows_);
#pragma omp for schedule(dynamic, 64)
    for (std::int64_t i = 1; i < rows_; ++i) {
      capture.run([&] {
        if ((i & 1023) == 0) check_interrupted();
        insert(static_cast<std::int32_t>(i), visited, locks, global);
      });
    }
  }
  capture.rethrow();
}

std::int32_t HnswIndex::greedy_descend(const float* query, std::int32_t entry, int from_layer, int to_layer,
                                       std::mutex* locks) const {
  std::int32_t current = entry;
  float best = distance(query, current);
  std::vector<std::int32_t> copy;
  for (int layer = from_layer; layer >= to_layer; --layer) {
    bool changed = true;
    while (changed) {
      changed = false;
      const std::int32_t* links = links_of(current, layer);
      if (locks != nullptr) {
        std::lock_guard<std::mutex> lock(locks[current]);
        copy.assign(links, links + 1 + links[0]);
        links = copy.data();
      }
      for (std::int32_t j = 1; j <= links[0]; ++j) {
        const float d = distance(query, links[j]);
        if (d < best) {
          best = d;
          current = links[j];
          changed = true;
        }
      }
    }
  }
  return current;
}

void HnswIndex::search_layer(const float* query, std::int32_t entry, int ef, int layer, VisitedList& visited,
                             std::mutex* locks, std::vector<DistId>& top,
                             std::vector<DistId>& candidates) const {
  // `top`: max-heap of the ef best so far (W in the paper); `candidates`:
  // min-heap of nodes still to expand (C), stored with negated distance.
  top.clear();
  candidates.clear();
  visited.reset();
  visited.visit(entry);
  const float d0 = distance(query, entry);
  top.push_back({d0, entry});
  candidates.push_back({-d0, entry});
  float bound = d0;  // distance of the worst element of W
  std::int32_t copy[1024];
  std::vector<std::int32_t> big_copy;
  while (!candidates.empty()) {
    const DistId c = candidates.front();
    if (-c.first > bound && static_cast<int>(top.size()) >= ef) break;  // Alg. 2 line 7
    std::pop_heap(candidates.begin(), candidates.end());
    candidates.pop_back();
    const std::int32_t* links = links_of(c.second, layer);
    if (locks != nullptr) {
      std::lock_guard<std::mutex> lock(locks[c.second]);
      const std::size_t count = static_cast<std::size_t>(links[0]) + 1;
      std::int32_t* buffer = copy;
      if (count > std::size(copy)) {
        big_copy.resize(count);
        buffer = big_copy.data();
      }
      std::copy(links, links + count, buffer);
      links = buffer;
    }
    const std::int32_t count = links[0];
    if (count > 0) {
      prefetch(visited.address(links[1]));
      prefetch(vector_of(links[1]));
    }
    for (std::int32_t j = 1; j <= count; ++j) {
      const std::int32_t node = links[j];
      if (j < count) {
        prefetch(visited.address(links[j + 1]));
        const char* next = reinterpret_cast<const char*>(vector_of(links[j + 1]));
        prefetch(next);
        prefetch(next + 64);
      }
      if (!visited.visit(node)) continue;
      const float d = distance(query, node);
      if (static_cast<int>(top.size()) < ef || d < bound) {
        candidates.push_back({-d, node});
        std::push_heap(candidates.begin(), candidates.end());
        top.push_back({d, node});
        std::push_heap(top.begin(), top.end());
        if (static_cast<int>(top.size()) > ef) {
          std::pop_heap(top.begin(), top.end());
          top.pop_back();
        }
        bound = top.front().first;
      }
    }
  }
}

void HnswIndex::select_neighbors(const std::vector<DistId>& sorted, int max_links,
                                 std::vector<std::int32_t>& out) const {
  out.clear();
  for (const DistId& candidate : sorted) {
    if (static_cast<int>(out.size()) >= max_links) break;
    const float* v = vector_of(candidate.second);
    bool keep = true;
    for (std::int32_t chosen : out) {
      if (distance(v, chosen) < candidate.first) {
        keep = false;
        break;
      }
    }
    if (keep) out.push_back(candidate.second);
  }
}

void HnswIndex::insert(std::int32_t node, VisitedList& visited, std::vector<std::mutex>& locks,
                       std::mutex& global) {
  const int level = levels_[node];
  std::unique_lock<std::mutex> global_lock(global);
  const std::int32_t entry = entry_;
  const int top_level = max_level_;
  // A node that raises the maximum level keeps the global lock for its whole
  // insertion (rare: about one node per M^level), others release it at once.
  if (level <= top_level) global_lock.unlock();

  const float* query = vector_of(node);
  std::int32_t current = entry;
  if (top_level > level) current = greedy_descend(query, entry, top_level, level + 1, locks.data());

  std::vector<DistId> top, candidates, sorted;
  std::vector<std::int32_t> chosen, pruned;
  for (int layer = std::min(level, top_level); layer >= 0; --layer) {
    search_layer(query, current, params_.ef_construction, layer, visited, locks.data(), top, candidates);
    sorted.clear();
    // A concurrent insertion may already link back to `node`; never link a
    // node to itself.
    for (const DistId& candidate : top)
      if (candidate.second != node) sorted.push_back(candidate);
    std::sort(sorted.begin(), sorted.end());
    select_neighbors(sorted, params_.M, chosen);
    {
      std::lock_guard<std::mutex> lock(locks[node]);
      std::int32_t* links = links_of(node, layer);
      links[0] = static_cast<std::int32_t>(chosen.size());
      std::copy(chosen.begin(), chosen.end(), links + 1);
    }
    const int max_links = layer == 0 ? max_links0_ : params_.M;
    for (std::int32_t neighbour : chosen) {
      std::lock_guard<std::mutex> lock(locks[neighbour]);
      std::int32_t* links = links_of(neighbour, layer);
      if (links[0] < max_links) {
        links[1 + links[0]] = node;
        ++links[0];
        continue;
      }
      // Full: re-select the neighbour's links among old ones plus `node`
      // with the same heuristic (Alg. 1, lines 13–16).
      const float* base = vector_of(neighbour);
      std::vector<DistId> pool;
      pool.reserve(static_cast<std::size_t>(max_links) + 1);
      pool.push_back({distance(base, node), node});
      for (std::int32_t j = 1; j <= links[0]; ++j) pool.push_back({distance(base, links[j]), links[j]});
      std::sort(pool.begin(), pool.end());
      select_neighbors(pool, max_links, pruned);
      links[0] = static_cast<std::int32_t>(pruned.size());
      std::copy(pruned.begin(), pruned.end(), links + 1);
    }
    if (!sorted.empty()) current = sorted.front().second;
  }
  if (level > top_level) {
    entry_ = node;
    max_level_ = level;
  }
}

void HnswIndex::search_impl(const float* queries, std::int64_t n, std::int64_t k, std::int64_t* ids,
                            float* scores) const {
  const int threads = std::max(1, std::min<int>(resolve_threads(threads_), static_cast<int>(n)));
  const int ef = static_cast<int>(std::max<std::int64_t>(params_.ef_search, k));
  ExceptionCapture capture;
#pragma omp parallel num_threads(threads)
  {
    VisitedList visited(rows_);
    std::vector<float> query(static_cast<std::size_t>(dim_));
    std::vector<DistId> top, candidates;
#pragma omp for schedule(dynamic, 16)
    for (std::int64_t i = 0; i < n; ++i) {
      capture.run([&] {
        if ((i & 4095) == 0) check_interrupted();
        load_query(queries + i * dim_, dim_, metric_, query.data());
        std::int64_t found = 0;
        if (rows_ > 0) {
          const std::int32_t start = greedy_descend(query.data(), entry_, max_level_, 1, nullptr);
          search_layer(query.data(), start, ef, 0, visited, nullptr, top, candidates);
          std::sort(top.begin(), top.end());  // ascending distance, then id
          found = std::min<std::int64_t>(k, static_cast<std::int64_t>(top.size()));
          for (std::int64_t r = 0; r < found; ++r) {
            ids[i * k + r] = top[r].second;
            scores[i * k + r] = key_to_score(metric_, -top[r].first);
          }
        }
        const float pad = higher_is_better(metric_) ? -std::numeric_limits<float>::infinity()
                                                    : std::numeric_limits<float>::infinity();
        for (std::int64_t r = found; r < k; ++r) {
          ids[i * k + r] = -1;
          scores[i * k + r] = pad;
        }
      });
    }
  }
  capture.rethrow();
}

std::uint64_t HnswIndex::memory_bytes() const {
  std::uint64_t bytes = storage_.size() + levels_.size() * sizeof(std::int32_t);
  for (const auto& links : upper_) bytes += links.size() * sizeof(std::int32_t) + sizeof(links);
  return bytes;
}

std::string HnswIndex::describe() const {
  return "M=" + std::to_string(params_.M) + " efConstruction=" + std::to_string(params_.ef_construction) +
         " efSearch=" + std::to_string(params_.ef_search);
}

// ---- persistence -----------------------------------------------------------

namespace {

class HashingWriter {
 public:
  explicit HashingWriter(std::ostream& out) : out_(out) {}
  template <typename T>
  void put(const T& value) { bytes(reinterpret_cast<const char*>(&value), sizeof(T)); }
  void bytes(const char* data, std::size_t size) {
    if (size == 0) return;  // `data` may be null (an empty vector)
    hash_ = fnv1a(data, size, hash_);
    out_.write(data, static_cast<std::streamsize>(size));
  }
  std::uint64_t hash() const { return hash_; }

 private:
  std::ostream& out_;
  std::uint64_t hash_ = kFnv1aBasis;
};

class Reader {
 public:
  Reader(const std::string& path, const std::string& data) : path_(path), data_(data) {}
  template <typename T>
  T get(const char* what) {
    T value;
    bytes(reinterpret_cast<char*>(&value), sizeof(T), what);
    return value;
  }
  void bytes(char* out, std::size_t size, const char* what) {
    if (size == 0) return;  // `out` may be null (an empty vector): memcpy forbids that
    if (data_.size() - pos_ < size) fail(std::string("truncated file while reading ") + what);
    std::memcpy(out, data_.data() + pos_, size);
    pos_ += size;
  }
  std::size_t position() const { return pos_; }
  [[noreturn]] void fail(const std::string& message) const {
    throw InputError(located(path_, 0, "not a valid embkit HNSW index: " + message));
  }

 private:
  const std::string& path_;
  const std::string& data_;
  std::size_t pos_ = 0;
};

}  // namespace

void HnswIndex::save(const std::string& path, std::uint64_t fingerprint) const {
  AtomicFile file(path, true);
  HashingWriter out(file.stream());
  out.bytes(kMagic, sizeof(kMagic));
  out.put(kVersion);
  out.put(static_cast<std::uint32_t>(metric_));
  out.put(static_cast<std::int64_t>(rows_));
  out.put(static_cast<std::int64_t>(dim_));
  out.put(static_cast<std::int32_t>(params_.M));
  out.put(static_cast<std::int32_t>(params_.ef_construction));
  out.put(static_cast<std::int32_t>(params_.ef_search));
  out.put(static_cast<std::uint64_t>(params_.seed));
  out.put(static_cast<std::int32_t>(entry_));
  out.put(static_cast<std::int32_t>(max_level_));
  out.put(fingerprint);
  out.bytes(reinterpret_cast<const char*>(levels_.data()), levels_.size() * sizeof(std::int32_t));
  const std::size_t record = links_offset_ + static_cast<std::size_t>(max_links0_ + 1) * sizeof(std::int32_t);
  for (std::int64_t i = 0; i < rows_; ++i)
    out.bytes(reinterpret_cast<const char*>(vector_of(static_cast<std::int32_t>(i))), record);
  for (const auto& links : upper_)
    out.bytes(reinterpret_cast<const char*>(links.data()), links.size() * sizeof(std::int32_t));
  const std::uint64_t hash = out.hash();
  file.stream().write(reinterpret_cast<const char*>(&hash), sizeof(hash));
  file.commit();
}

std::unique_ptr<HnswIndex> HnswIndex::load(const std::string& path, std::uint64_t fingerprint) {
  require_readable_file(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(located(path, 0, "cannot open HNSW index file"));
  const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Reader r(path, data);
  char magic[sizeof(kMagic)];
  r.bytes(magic, sizeof(magic), "the magic bytes");
  if (std::memcmp(magic, kMagic, sizeof(kMagic)) != 0) r.fail("bad magic bytes (expected EMBKHNSW)");
  const auto version = r.get<std::uint32_t>("the version");
  if (version == 1)
    throw InputError(located(path, 0, "HNSW index written by an older embkit (format version 1), without the "
                                      "fingerprint of its vectors; rebuild the index"));
  if (version != kVersion) r.fail("unsupported version " + std::to_string(version));
  std::unique_ptr<HnswIndex> index(new HnswIndex());
  const auto metric = r.get<std::uint32_t>("the metric");
  if (metric > static_cast<std::uint32_t>(Metric::L2)) r.fail("unknown metric code " + std::to_string(metric));
  index->metric_ = static_cast<Metric>(metric);
  index->rows_ = r.get<std::int64_t>("the row count");
  index->dim_ = r.get<std::int64_t>("the dimension");
  index->params_.M = r.get<std::int32_t>("M");
  index->params_.ef_construction = r.get<std::int32_t>("efConstruction");
  index->params_.ef_search = r.get<std::int32_t>("efSearch");
  index->params_.seed = r.get<std::uint64_t>("the seed");
  index->entry_ = r.get<std::int32_t>("the entry point");
  index->max_level_ = r.get<std::int32_t>("the maximum level");
  const auto stored_fingerprint = r.get<std::uint64_t>("the vectors' fingerprint");
  HnswIndex& x = *index;
  if (x.rows_ < 0 || x.rows_ >= (std::int64_t(1) << 31) - 1) r.fail("bad row count " + std::to_string(x.rows_));
  if (x.dim_ < 1 || x.dim_ > (1 << 20)) r.fail("bad dimension " + std::to_string(x.dim_));
  if (x.params_.M < 2 || x.params_.M > 4096) r.fail("bad M " + std::to_string(x.params_.M));
  if (x.params_.ef_construction < 1 || x.params_.ef_search < 1) r.fail("bad ef parameters");
  // The file size is fully determined by the header and the levels; check
  // the bound before allocating so a corrupt count cannot exhaust memory.
  const std::size_t record =
      static_cast<std::size_t>(x.dim_) * sizeof(float) + static_cast<std::size_t>(2 * x.params_.M + 1) * 4;
  if (static_cast<double>(x.rows_) * (record + 4) > static_cast<double>(data.size()))
    r.fail("file too short for " + std::to_string(x.rows_) + " rows of dimension " + std::to_string(x.dim_));
  x.allocate();
  r.bytes(reinterpret_cast<char*>(x.levels_.data()), x.levels_.size() * sizeof(std::int32_t), "the levels");
  int highest = -1;
  for (std::int64_t i = 0; i < x.rows_; ++i) {
    if (x.levels_[i] < 0 || x.levels_[i] > kMaxLevel)
      r.fail("node " + std::to_string(i) + " has bad level " + std::to_string(x.levels_[i]));
    highest = std::max(highest, x.levels_[i]);
  }
  if (x.rows_ > 0 && (x.entry_ < 0 || x.entry_ >= x.rows_ || x.max_level_ != highest ||
                      x.levels_[x.entry_] != highest))
    r.fail("inconsistent entry point " + std::to_string(x.entry_) + " / maximum level " +
           std::to_string(x.max_level_));
  for (std::int64_t i = 0; i < x.rows_; ++i)
    r.bytes(reinterpret_cast<char*>(x.vector_of(static_cast<std::int32_t>(i))), record, "the layer-0 records");
  for (std::int64_t i = 0; i < x.rows_; ++i) {
    x.upper_[i].resize(static_cast<std::size_t>(x.levels_[i]) * (x.params_.M + 1));
    r.bytes(reinterpret_cast<char*>(x.upper_[i].data()), x.upper_[i].size() * sizeof(std::int32_t),
            "the upper layers");
  }
  const std::size_t payload = r.position();
  const auto stored = r.get<std::uint64_t>("the checksum");
  if (r.position() != data.size())
    r.fail(std::to_string(data.size() - r.position()) + " unexpected trailing bytes");
  if (fnv1a(data.data(), payload) != stored) r.fail("checksum mismatch (the file is corrupt)");
  // Structural checks: the checksum catches corruption, these catch files
  // written by a buggy or foreign writer.
  for (std::int64_t i = 0; i < x.rows_; ++i) {
    const auto node = static_cast<std::int32_t>(i);
    const float* v = x.vector_of(node);
    for (std::int64_t j = 0; j < x.dim_; ++j)
      if (!std::isfinite(v[j])) r.fail("node " + std::to_string(i) + " has a non-finite value");
    for (int layer = 0; layer <= x.levels_[i]; ++layer) {
      const std::int32_t* links = x.links_of(node, layer);
      const int limit = layer == 0 ? x.max_links0_ : x.params_.M;
      if (links[0] < 0 || links[0] > limit)
        r.fail("node " + std::to_string(i) + " has " + std::to_string(links[0]) + " links on layer " +
               std::to_string(layer));
      for (std::int32_t j = 1; j <= links[0]; ++j)
        if (links[j] < 0 || links[j] >= x.rows_ || x.levels_[links[j]] < layer)
          r.fail("node " + std::to_string(i) + " links to invalid node " + std::to_string(links[j]));
    }
  }
  if (stored_fingerprint != fingerprint)
    throw InputError(located(path, 0, "the index was built from other vectors (their fingerprint differs: "
                                      "other rows, labels or row order); rebuild the index for these vectors"));
  return index;
}

}  // namespace embkit
