#include "word2vec/subwords.h"

#include <algorithm>
#include <cstring>
#include <fstream>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/input_file.h"
#include "core/memory.h"
#include "word2vec/field_io.h"

namespace embkit {

std::uint32_t fasttext_hash(std::string_view bytes) {
  std::uint32_t h = 2166136261u;
  // fastText widens each byte as a signed char: 'é' (0xC3 0xA9) contributes
  // 0xFFFFFFC3, 0xFFFFFFA9. Its released models use this, so we do too.
  for (const char c : bytes) {
    h ^= static_cast<std::uint32_t>(static_cast<std::int32_t>(static_cast<std::int8_t>(c)));
    h *= 16777619u;
  }
  return h;
}

namespace {
bool utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
}  // namespace

void subword_buckets(std::string_view word, int minn, int maxn, std::uint64_t buckets,
                     std::vector<std::uint32_t>& ids, std::vector<std::string>* substrings) {
  std::string bounded;
  bounded.reserve(word.size() + 2);
  bounded += '<';
  bounded += word;
  bounded += '>';
  const std::size_t size = bounded.size();
  // Dictionary::computeSubwords: an n-gram starts at each character (not at a
  // continuation byte) and grows a whole character at a time.
  for (std::size_t i = 0; i < size; ++i) {
    if (utf8_continuation(bounded[i])) continue;
    std::size_t j = i;
    for (int n = 1; j < size && n <= maxn; ++n) {
      ++j;
      while (j < size && utf8_continuation(bounded[j])) ++j;
      // A lone boundary character ("<" or ">") is not an n-gram.
      if (n >= minn && !(n == 1 && (i == 0 || j == size))) {
        const std::string_view gram(bounded.data() + i, j - i);
        ids.push_back(static_cast<std::uint32_t>(fasttext_hash(gram) % buckets));
        if (substrings) substrings->emplace_back(gram);
      }
    }
  }
}

void mean_of_rows(const float* input, int dim, const std::uint32_t* rows, int count, float* out) {
  // Summed in double: the mean of finite floats is finite, but their float sum
  // can overflow (rows near ±3.4e38 in a model file gave ±Inf vectors).
  std::vector<double> sum(static_cast<std::size_t>(dim), 0.0);
  for (int k = 0; k < count; ++k) {
    const float* z = input + static_cast<std::size_t>(rows[k]) * dim;
    for (int d = 0; d < dim; ++d) sum[static_cast<std::size_t>(d)] += z[d];
  }
  const double scale = count == 0 ? 0.0 : 1.0 / count;
  for (int d = 0; d < dim; ++d) out[d] = static_cast<float>(sum[static_cast<std::size_t>(d)] * scale);
}

// --- SubwordTable ------------------------------------------------------------

SubwordTable::SubwordTable(const Vocabulary& vocabulary, int minn, int maxn, std::uint64_t buckets) {
  const auto words = static_cast<std::uint64_t>(vocabulary.size());
  offsets_.reserve(words + 1);
  offsets_.push_back(0);
  drift_.reserve(words);
  std::vector<std::uint32_t> grams;
  for (std::uint64_t w = 0; w < words; ++w) {
    rows_.push_back(static_cast<std::uint32_t>(w));
    grams.clear();
    subword_buckets(vocabulary[static_cast<std::int64_t>(w)].word, minn, maxn, buckets, grams);
    for (const std::uint32_t b : grams) rows_.push_back(static_cast<std::uint32_t>(words + b));
    // ρ_w = Σ_r m_r² / |G_w| = (number of ordered pairs (k, l) with equal rows) / |G_w|.
    grams.assign(rows_.begin() + static_cast<std::ptrdiff_t>(offsets_.back()), rows_.end());
    std::sort(grams.begin(), grams.end());
    std::uint64_t pairs = 0;
    for (std::size_t k = 0; k < grams.size();) {
      std::size_t l = k;
      while (l < grams.size() && grams[l] == grams[k]) ++l;
      pairs += (l - k) * (l - k);
      k = l;
    }
    drift_.push_back(static_cast<float>(static_cast<double>(pairs) / static_cast<double>(grams.size())));
    offsets_.push_back(rows_.size());
  }
}

std::uint64_t SubwordTable::estimate_bytes(const Vocabulary& vocabulary, int minn, int maxn) {
  // At most (maxn - minn + 1) n-grams start at each of the word's bytes + 2.
  std::uint64_t rows = 0;
  for (const Vocabulary::Entry& e : vocabulary.entries())
    rows += 1 + (e.word.size() + 2) * static_cast<std::uint64_t>(maxn - minn + 1);
  return rows * 4 + (static_cast<std::uint64_t>(vocabulary.size()) + 1) * 8 + static_cast<std::uint64_t>(vocabulary.size()) * 4;
}

// --- SubwordModel --------------------------------------------------------------

namespace {

const char kMagic[] = "EMBKIT-SUBWORD-MODEL 1\n";

// The settings, in file order, for both directions.
template <typename IO, typename Args>
void settings_fields(IO& io, Args& a) {
  io.template field<std::int32_t>(a.model);
  io.template field<std::int32_t>(a.dim);
  io.template field<std::int32_t>(a.minn);
  io.template field<std::int32_t>(a.maxn);
  io.template field<std::uint64_t>(a.buckets);
  sampling_fields(io, a);
}

}  // namespace

SubwordModel::SubwordModel(Word2VecArgs args, Vocabulary vocabulary, Matrix input)
    : args_(std::move(args)), vocabulary_(std::move(vocabulary)), input_(std::move(input)) {
  EMBKIT_CHECK(args_.subwords(), "a subword model needs minn..maxn");
  EMBKIT_CHECK(input_.rows() == vocabulary_.size() + static_cast<std::int64_t>(args_.buckets) &&
                   input_.cols() == args_.dim,
               "input matrix is (words + buckets) x dim");
}

void SubwordModel::save(const std::string& path) const {
  AtomicFile file(path);
  FieldWriter w(file.stream(), /*checksum=*/true);
  w.bytes(kMagic, sizeof(kMagic) - 1);
  Word2VecArgs a = args_;
  settings_fields(w, a);
  w.field<std::uint64_t>(vocabulary_.size());
  for (const Vocabulary::Entry& e : vocabulary_.entries()) {
    w.str(e.word);
    w.field<std::uint64_t>(e.count);
  }
  w.values(input_);
  const std::uint64_t checksum = w.hash();
  w.field<std::uint64_t>(checksum);
  w.bytes("END\n", 4);
  file.commit();
}

SubwordModel SubwordModel::load(const std::string& path) {
  require_readable_file(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw_input_error(path, 0, "cannot open subword model");
  FieldReader r(in, path, "subword model", /*checksum=*/true);
  char magic[sizeof(kMagic) - 1];
  if (r.remaining() < sizeof(magic)) r.fail("not an embkit subword model (bad header)");
  r.bytes(magic, sizeof(magic));
  if (std::memcmp(magic, kMagic, sizeof(magic)) != 0) r.fail("not an embkit subword model (bad header)");
  Word2VecArgs a;
  settings_fields(r, a);
  bool valid = a.dim <= (1 << 20) && a.window <= (1 << 20) && a.negative <= (1 << 20) && a.epochs <= (1 << 20);
  try {
    a.validate();
  } catch (const UsageError&) {
    valid = false;
  }
  if (!valid || !a.subwords()) r.fail("corrupt subword model (settings out of range)");
  const auto words = r.pod<std::uint64_t>();
  // Each word takes at least 17 bytes (length, one byte, count).
  if (words == 0 || words + a.buckets >= 0xffffffffu || words > r.remaining() / 17)
    r.fail("corrupt subword model (vocabulary size " + std::to_string(words) + ")");
  std::vector<Vocabulary::Entry> entries(static_cast<std::size_t>(words));
  for (Vocabulary::Entry& e : entries) {
    e.word = r.str(r.remaining(), "word");
    if (e.word.empty()) r.fail("corrupt subword model (empty word)");
    r.field<std::uint64_t>(e.count);
  }
  const std::uint64_t rows = words + a.buckets;
  const std::uint64_t matrix_bytes = rows * static_cast<std::uint64_t>(a.dim) * sizeof(float);
  if (matrix_bytes + 12 != r.remaining())
    r.fail(matrix_bytes + 12 > r.remaining() ? "truncated subword model"
                                             : "corrupt subword model (bytes after the end marker)");
  require_memory(matrix_bytes, "loading " + path);
  Matrix input = r.values(static_cast<std::int64_t>(rows), a.dim);
  const std::uint64_t expected = r.hash();
  const auto checksum = r.pod<std::uint64_t>();
  r.end_marker();
  if (checksum != expected) r.fail("corrupt subword model (checksum mismatch)");
  if (!input.allFinite()) r.fail("corrupt subword model (NaN or Inf values)");
  Vocabulary vocabulary(std::move(entries));
  if (vocabulary.size() != static_cast<std::int64_t>(words))
    r.fail("corrupt subword model (duplicate vocabulary words)");
  return SubwordModel(std::move(a), std::move(vocabulary), std::move(input));
}

Vector SubwordModel::word_vector(std::string_view word) const {
  std::vector<std::uint32_t> rows;
  const std::int64_t id = vocabulary_.find(word);
  if (id >= 0) rows.push_back(static_cast<std::uint32_t>(id));
  std::vector<std::uint32_t> grams;
  subword_buckets(word, args_.minn, args_.maxn, args_.buckets, grams);
  const auto words = static_cast<std::uint32_t>(vocabulary_.size());
  for (const std::uint32_t b : grams) rows.push_back(words + b);
  Vector v(dim());
  mean_of_rows(input_.data(), dim(), rows.data(), static_cast<int>(rows.size()), v.data());
  return v;
}

Embeddings SubwordModel::vocabulary_vectors() const {
  const SubwordTable table(vocabulary_, args_.minn, args_.maxn, args_.buckets);
  Matrix out(vocabulary_.size(), dim());
  for (std::int64_t w = 0; w < vocabulary_.size(); ++w) {
    const auto id = static_cast<std::uint32_t>(w);
    mean_of_rows(input_.data(), dim(), table.rows(id), table.count(id), out.row(w).data());
  }
  return Embeddings(vocabulary_.words(), std::move(out));
}

}  // namespace embkit
