#include "word2vec/checkpoint.h"

#include <algorithm>
#include <cstring>
#include <fstream>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/input_file.h"

namespace embkit {

namespace {

const char kMagic[] = "EMBKIT-W2V-CHECKPOINT 1\n";

class Writer {
 public:
  explicit Writer(std::ostream& out) : out_(out) {}
  template <typename T>
  void pod(const T& v) { out_.write(reinterpret_cast<const char*>(&v), sizeof(T)); }
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

}  // namespace

void save_checkpoint(const Word2VecState& s, const std::string& path) {
  AtomicFile file(path);
  Writer w(file.stream());
  file.stream().write(kMagic, sizeof(kMagic) - 1);
  const Word2VecArgs& a = s.args;
  w.pod<std::int32_t>(a.model == Word2VecModel::SkipGram ? 0 : 1);
  w.pod<std::uint8_t>(a.cbow_sum);
  w.pod<std::uint8_t>(a.shared_negatives);
  w.pod<std::int32_t>(a.dim);
  w.pod<std::int32_t>(a.window);
  w.pod<std::int32_t>(a.negative);
  w.pod<double>(a.ns_exponent);
  w.pod<double>(a.sample);
  w.pod<std::uint64_t>(a.min_count);
  w.pod<std::uint64_t>(a.max_vocab);
  w.pod<std::int32_t>(a.epochs);
  w.pod<double>(a.alpha);
  w.pod<std::uint64_t>(a.seed);
  w.pod<std::uint64_t>(a.max_sentence);
  w.pod<double>(a.checkpoint_every);
  w.pod<std::int32_t>(s.threads);

  w.pod<std::uint64_t>(s.vocabulary.size());
  for (const auto& e : s.vocabulary.entries()) {
    w.str(e.word);
    w.pod<std::uint64_t>(e.count);
  }
  w.pod<std::int32_t>(s.epoch);
  w.pod<std::uint64_t>(s.processed_words);
  w.pod<std::uint64_t>(s.corpus_words);
  w.pod<std::uint64_t>(s.stream_length);
  w.pod<double>(s.next_checkpoint);
  w.pod<std::uint64_t>(s.thread_states.size());
  for (const auto& t : s.thread_states) {
    w.pod(t.begin);
    w.pod(t.end);
    w.pod(t.cursor);
    for (auto r : t.rng) w.pod(r);
    w.pod(t.pending_words);
    w.pod(t.lr);
    w.pod<std::uint8_t>(t.done);
  }
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
  if (!in || std::memcmp(magic, kMagic, sizeof(magic)) != 0)
    r.fail("not an embkit word2vec checkpoint (bad header)");
  Word2VecState s;
  Word2VecArgs& a = s.args;
  a.model = r.pod<std::int32_t>() == 0 ? Word2VecModel::SkipGram : Word2VecModel::Cbow;
  a.cbow_sum = r.pod<std::uint8_t>() != 0;
  a.shared_negatives = r.pod<std::uint8_t>() != 0;
  a.dim = r.pod<std::int32_t>();
  a.window = r.pod<std::int32_t>();
  a.negative = r.pod<std::int32_t>();
  a.ns_exponent = r.pod<double>();
  a.sample = r.pod<double>();
  a.min_count = r.pod<std::uint64_t>();
  a.max_vocab = r.pod<std::uint64_t>();
  a.epochs = r.pod<std::int32_t>();
  a.alpha = r.pod<double>();
  a.seed = r.pod<std::uint64_t>();
  a.max_sentence = r.pod<std::uint64_t>();
  a.checkpoint_every = r.pod<double>();
  s.threads = r.pod<std::int32_t>();
  if (a.dim < 1 || a.dim > (1 << 20) || a.window < 1 || a.negative < 1 || a.epochs < 1 || s.threads < 1 ||
      s.threads > 4096 || a.max_sentence < 1)
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
  s.epoch = r.pod<std::int32_t>();
  s.processed_words = r.pod<std::uint64_t>();
  s.corpus_words = r.pod<std::uint64_t>();
  s.stream_length = r.pod<std::uint64_t>();
  s.next_checkpoint = r.pod<double>();
  const auto n_threads = r.pod<std::uint64_t>();
  if (n_threads != static_cast<std::uint64_t>(s.threads)) r.fail("corrupt checkpoint (thread states)");
  s.thread_states.resize(n_threads);
  for (auto& t : s.thread_states) {
    t.begin = r.pod<std::uint64_t>();
    t.end = r.pod<std::uint64_t>();
    t.cursor = r.pod<std::uint64_t>();
    for (auto& x : t.rng) x = r.pod<std::uint64_t>();
    t.pending_words = r.pod<std::uint64_t>();
    t.lr = r.pod<double>();
    t.done = r.pod<std::uint8_t>() != 0;
    if (t.begin > t.end || t.cursor < t.begin || t.cursor > t.end || t.end > s.stream_length)
      r.fail("corrupt checkpoint (thread range)");
  }
  if (s.epoch < 0 || s.epoch > a.epochs) r.fail("corrupt checkpoint (epoch)");
  s.input = r.matrix(static_cast<std::int64_t>(words), a.dim);
  s.output = r.matrix(static_cast<std::int64_t>(words), a.dim);
  char end[4];
  in.read(end, 4);
  if (!in || std::memcmp(end, "END\n", 4) != 0) r.fail("truncated checkpoint (no end marker)");
  return s;
}

}  // namespace embkit
