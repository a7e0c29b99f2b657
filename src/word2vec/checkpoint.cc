#include "word2vec/checkpoint.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/memory.h"
#include "core/input_file.h"

namespace embkit {

namespace {

// Version 2 added what positions count and the number of ranks; a version 1
// file (positions are ids of the encoded corpus, one rank) still resumes.
const char kMagic[] = "EMBKIT-W2V-CHECKPOINT 2\n";
const char kMagicV1[] = "EMBKIT-W2V-CHECKPOINT 1\n";

// How a field read as `Disk` becomes a `T`: a plain conversion (a bool is
// "not zero"), except for the model, where any code but 0 is CBOW, so a
// corrupt file cannot name a third model.
template <typename T, typename Disk>
T from_disk(Disk v) {
  return static_cast<T>(v);
}
static_assert(static_cast<int>(Word2VecModel::SkipGram) == 0 && static_cast<int>(Word2VecModel::Cbow) == 1,
              "checkpoints store the model as its enum value: 0 skip-gram, 1 CBOW");
template <>
Word2VecModel from_disk<Word2VecModel, std::int32_t>(std::int32_t v) {
  return v == 0 ? Word2VecModel::SkipGram : Word2VecModel::Cbow;
}

class Writer {
 public:
  explicit Writer(std::ostream& out) : out_(out) {}
  template <typename T>
  void pod(const T& v) { out_.write(reinterpret_cast<const char*>(&v), sizeof(T)); }
  // A field stored as `Disk` (see the field lists below).
  template <typename Disk, typename T>
  void field(const T& v) { pod<Disk>(static_cast<Disk>(v)); }
  void str(const std::string& s) {
    pod<std::uint64_t>(s.size());
    out_.write(s.data(), static_cast<std::streamsize>(s.size()));
  }
  void matrix(const Matrix& m) {
    pod<std::int64_t>(m.rows());
    pod<std::int64_t>(m.cols());
    out_.write(reinterpret_cast<const char*>(m.data()),
               static_cast<std::streamsize>(sizeof(float) * m.size()));
  }

 private:
  std::ostream& out_;
};

class Reader {
 public:
  Reader(std::istream& in, std::string path) : in_(in), path_(std::move(path)) {
    const auto here = in_.tellg();
    in_.seekg(0, std::ios::end);
    end_ = in_.tellg();
    in_.seekg(here);
  }
  // Bytes left in the file: a corrupt length field must never make us
  // allocate more than the file could possibly contain.
  std::uint64_t remaining() {
    const auto here = in_.tellg();
    if (here < 0 || end_ < 0) return ~std::uint64_t(0);
    return static_cast<std::uint64_t>(end_ - static_cast<std::streamoff>(here));
  }
  template <typename T>
  T pod() {
    T v;
    in_.read(reinterpret_cast<char*>(&v), sizeof(T));
    if (!in_) fail("truncated checkpoint");
    return v;
  }
  template <typename Disk, typename T>
  void field(T& v) { v = from_disk<T>(pod<Disk>()); }
  std::string str() {
    const auto n = pod<std::uint64_t>();
    if (n > (std::uint64_t(1) << 30)) fail("corrupt checkpoint (string of " + std::to_string(n) + " bytes)");
    if (n > remaining()) fail("truncated checkpoint");
    std::string s(n, '\0');
    in_.read(s.data(), static_cast<std::streamsize>(n));
    if (!in_) fail("truncated checkpoint");
    return s;
  }
  Matrix matrix(std::int64_t rows, std::int64_t cols) {
    const auto r = pod<std::int64_t>(), c = pod<std::int64_t>();
    if (r != rows || c != cols)
      fail("corrupt checkpoint (matrix " + std::to_string(r) + "x" + std::to_string(c) + ", expected " +
           std::to_string(rows) + "x" + std::to_string(cols) + ")");
    if (sizeof(float) * static_cast<std::uint64_t>(rows) * static_cast<std::uint64_t>(cols) > remaining())
      fail("truncated checkpoint");
    Matrix m(rows, cols);
    in_.read(reinterpret_cast<char*>(m.data()), static_cast<std::streamsize>(sizeof(float) * m.size()));
    if (!in_) fail("truncated checkpoint");
    return m;
  }
  [[noreturn]] void fail(const std::string& message) { throw_input_error(path_, 0, message); }

 private:
  std::istream& in_;
  std::string path_;
  std::streamoff end_ = -1;
};

// The field lists, in file order, shared by save (io = Writer, const state)
// and load (io = Reader), so that the two cannot disagree.
template <typename IO, typename State>
void hyperparameter_fields(IO& io, State& s) {
  auto& a = s.args;
  io.template field<std::int32_t>(a.model);
  io.template field<std::uint8_t>(a.cbow_sum);
  io.template field<std::uint8_t>(a.shared_negatives);
  io.template field<std::int32_t>(a.dim);
  io.template field<std::int32_t>(a.window);
  io.template field<std::int32_t>(a.negative);
  io.template field<double>(a.ns_exponent);
  io.template field<double>(a.sample);
  io.template field<std::uint64_t>(a.min_count);
  io.template field<std::uint64_t>(a.max_vocab);
  io.template field<std::int32_t>(a.epochs);
  io.template field<double>(a.alpha);
  io.template field<std::uint64_t>(a.seed);
  io.template field<std::uint64_t>(a.max_sentence);
  io.template field<double>(a.checkpoint_every);
  io.template field<std::int32_t>(s.threads);
}

template <typename IO, typename State>
void counter_fields(IO& io, State& s, int version) {
  io.template field<std::int32_t>(s.epoch);
  io.template field<std::uint64_t>(s.processed_words);
  io.template field<std::uint64_t>(s.corpus_words);
  io.template field<std::uint64_t>(s.stream_length);
  if (version >= 2) {
    io.template field<std::uint8_t>(s.positions);
    io.template field<std::int32_t>(s.ranks);
  }
  io.template field<double>(s.next_checkpoint);
}

template <typename IO, typename ThreadState>
void thread_fields(IO& io, ThreadState& t) {
  io.template field<std::uint64_t>(t.begin);
  io.template field<std::uint64_t>(t.end);
  io.template field<std::uint64_t>(t.cursor);
  for (auto& r : t.rng) io.template field<std::uint64_t>(r);
  io.template field<std::uint64_t>(t.pending_words);
  io.template field<double>(t.lr);
  io.template field<std::uint8_t>(t.done);
}

}  // namespace

void save_checkpoint(const Word2VecState& s, const std::string& path) {
  AtomicFile file(path, true, AtomicFile::Commit::Now);  // kept even if the run fails later
  Writer w(file.stream());
  file.stream().write(kMagic, sizeof(kMagic) - 1);
  hyperparameter_fields(w, s);
  w.pod<std::uint64_t>(s.vocabulary.size());
  for (const auto& e : s.vocabulary.entries()) {
    w.str(e.word);
    w.pod<std::uint64_t>(e.count);
  }
  counter_fields(w, s, 2);
  w.pod<std::uint64_t>(s.thread_states.size());
  for (const auto& t : s.thread_states) thread_fields(w, t);
  w.matrix(s.input);
  w.matrix(s.output);
  file.stream().write("END\n", 4);
  file.commit();
}

Word2VecState load_checkpoint(const std::string& path) {
  require_readable_file(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw_input_error(path, 0, "cannot open checkpoint");
  Reader r(in, path);
  char magic[sizeof(kMagic) - 1];
  in.read(magic, sizeof(magic));
  const bool v1 = in && std::memcmp(magic, kMagicV1, sizeof(magic)) == 0;
  if (!in || (!v1 && std::memcmp(magic, kMagic, sizeof(magic)) != 0))
    r.fail("not an embkit word2vec checkpoint (bad header)");
  Word2VecState s;
  hyperparameter_fields(r, s);
  const Word2VecArgs& a = s.args;
  if (a.dim < 1 || a.dim > (1 << 20) || a.window < 1 || a.negative < 1 || a.epochs < 1 || s.threads < 1 ||
      s.threads > 4096 || a.max_sentence < 1 || !std::isfinite(a.ns_exponent) || !std::isfinite(a.sample) ||
      !std::isfinite(a.alpha) || !std::isfinite(a.checkpoint_every))
    r.fail("corrupt checkpoint (hyperparameters out of range)");

  const auto words = r.pod<std::uint64_t>();
  if (words == 0 || words >= 0xffffffffu) r.fail("corrupt checkpoint (vocabulary size " + std::to_string(words) + ")");
  std::vector<Vocabulary::Entry> entries;
  // Trust the count only as far as the file can hold it: each entry takes at
  // least 16 bytes (string length + count), so a corrupt count cannot ask for
  // more memory than the file's size justifies.
  entries.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(words, r.remaining() / 16)));
  for (std::uint64_t i = 0; i < words; ++i) {
    std::string word = r.str();
    const auto count = r.pod<std::uint64_t>();
    entries.push_back({std::move(word), count});
  }
  s.vocabulary = Vocabulary(std::move(entries));
  counter_fields(r, s, v1 ? 1 : 2);
  if ((s.positions != CorpusFeed::Positions::Ids && s.positions != CorpusFeed::Positions::Bytes) || s.ranks < 1 ||
      s.ranks > (1 << 20))
    r.fail("corrupt checkpoint (positions or ranks)");
  const auto n_threads = r.pod<std::uint64_t>();
  if (n_threads != static_cast<std::uint64_t>(s.threads) * static_cast<std::uint64_t>(s.ranks))
    r.fail("corrupt checkpoint (thread states)");
  s.thread_states.resize(n_threads);
  // A streamed file's cursor may pass its range's end: the last token read
  // started inside the range and ended after it.
  const bool bytes = s.positions == CorpusFeed::Positions::Bytes;
  for (auto& t : s.thread_states) {
    thread_fields(r, t);
    if (t.begin > t.end || t.cursor < t.begin || (!bytes && t.cursor > t.end) || t.end > s.stream_length ||
        t.cursor > s.stream_length)
      r.fail("corrupt checkpoint (thread range)");
  }
  if (s.epoch < 0 || s.epoch > a.epochs) r.fail("corrupt checkpoint (epoch)");
  require_memory(2 * words * static_cast<std::uint64_t>(a.dim) * sizeof(float), "loading " + path);
  s.input = r.matrix(static_cast<std::int64_t>(words), a.dim);
  s.output = r.matrix(static_cast<std::int64_t>(words), a.dim);
  char end[4];
  in.read(end, 4);
  if (!in || std::memcmp(end, "END\n", 4) != 0) r.fail("truncated checkpoint (no end marker)");
  // Training resumed from NaN or Inf weights would stop with "lower alpha",
  // blaming the options for a damaged file.
  if (!s.input.allFinite() || !s.output.allFinite())
    r.fail("checkpoint is corrupt: its vectors hold NaN or Inf values");
  return s;
}

}  // namespace embkit
