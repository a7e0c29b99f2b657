#include "word2vec/checkpoint.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/memory.h"
#include "core/input_file.h"
#include "word2vec/field_io.h"

namespace embkit {

namespace {

// Version 2 added what positions count and the number of ranks; a version 1
// file (positions are ids of the encoded corpus, one rank) still resumes.
// Version 3 is version 2 with the subword settings after the hyperparameters
// and an input matrix of (words + buckets) rows; written only with subwords.
const char kMagicV1[] = "EMBKIT-W2V-CHECKPOINT 1\n";
const char kMagic[] = "EMBKIT-W2V-CHECKPOINT 2\n";
const char kMagicSubwords[] = "EMBKIT-W2V-CHECKPOINT 3\n";
static_assert(sizeof(kMagic) == sizeof(kMagicSubwords) && sizeof(kMagic) == sizeof(kMagicV1), "one header length");

static_assert(static_cast<int>(Word2VecModel::SkipGram) == 0 && static_cast<int>(Word2VecModel::Cbow) == 1,
              "checkpoints store the model as its enum value: 0 skip-gram, 1 CBOW (any other code reads as CBOW)");

// The field lists, in file order, shared by save (io = FieldWriter, const state)
// and load (io = FieldReader), so that the two cannot disagree.
template <typename IO, typename State>
void hyperparameter_fields(IO& io, State& s) {
  auto& a = s.args;
  io.template field<std::int32_t>(a.model);
  io.template field<std::uint8_t>(a.cbow_sum);
  io.template field<std::uint8_t>(a.shared_negatives);
  io.template field<std::int32_t>(a.dim);
  sampling_fields(io, a);
  io.template field<std::uint64_t>(a.max_sentence);
  io.template field<double>(a.checkpoint_every);
  io.template field<std::int32_t>(s.threads);
}

template <typename IO, typename State>
void subword_fields(IO& io, State& s) {
  io.template field<std::int32_t>(s.args.minn);
  io.template field<std::int32_t>(s.args.maxn);
  io.template field<std::uint64_t>(s.args.buckets);
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

}  // namespace

void save_checkpoint(const Word2VecState& s, const std::string& path) {
  AtomicFile file(path, true, AtomicFile::Commit::Now);  // kept even if the run fails later
  FieldWriter w(file.stream());
  const bool subwords = s.args.subwords();
  w.bytes(subwords ? kMagicSubwords : kMagic, sizeof(kMagic) - 1);
  hyperparameter_fields(w, s);
  if (subwords) subword_fields(w, s);
  w.field<std::uint64_t>(s.vocabulary.size());
  for (const auto& e : s.vocabulary.entries()) {
    w.str(e.word);
    w.field<std::uint64_t>(e.count);
  }
  counter_fields(w, s, 2);
  w.field<std::uint64_t>(s.thread_states.size());
  for (const auto& t : s.thread_states) thread_state_fields(w, t);
  w.matrix(s.input);
  w.matrix(s.output);
  w.bytes("END\n", 4);
  file.commit();
}

Word2VecState load_checkpoint(const std::string& path) {
  require_readable_file(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw_input_error(path, 0, "cannot open checkpoint");
  FieldReader r(in, path, "checkpoint");
  char magic[sizeof(kMagic) - 1];
  if (r.remaining() < sizeof(magic)) r.fail("not an embkit word2vec checkpoint (bad header)");
  r.bytes(magic, sizeof(magic));
  const bool v1 = std::memcmp(magic, kMagicV1, sizeof(magic)) == 0;
  const bool subwords = std::memcmp(magic, kMagicSubwords, sizeof(magic)) == 0;
  if (!v1 && !subwords && std::memcmp(magic, kMagic, sizeof(magic)) != 0)
    r.fail("not an embkit word2vec checkpoint (bad header)");
  Word2VecState s;
  hyperparameter_fields(r, s);
  if (subwords) {
    subword_fields(r, s);
    if (s.args.minn < 1 || s.args.minn > s.args.maxn || s.args.maxn > 100 || s.args.buckets < 1 ||
        s.args.buckets > (std::uint64_t(1) << 31))
      r.fail("corrupt checkpoint (subword settings out of range)");
  }
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
    std::string word = r.str(std::uint64_t(1) << 30, "string");
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
    thread_state_fields(r, t);
    if (t.begin > t.end || t.cursor < t.begin || (!bytes && t.cursor > t.end) || t.end > s.stream_length ||
        t.cursor > s.stream_length)
      r.fail("corrupt checkpoint (thread range)");
  }
  if (s.epoch < 0 || s.epoch > a.epochs) r.fail("corrupt checkpoint (epoch)");
  const std::uint64_t input_rows = words + (subwords ? a.buckets : 0);
  require_memory((words + input_rows) * static_cast<std::uint64_t>(a.dim) * sizeof(float), "loading " + path);
  s.input = r.matrix(static_cast<std::int64_t>(input_rows), a.dim);
  s.output = r.matrix(static_cast<std::int64_t>(words), a.dim);
  char end[4];
  if (r.remaining() < 4) r.fail("truncated checkpoint (no end marker)");
  r.bytes(end, 4);
  if (std::memcmp(end, "END\n", 4) != 0) r.fail("truncated checkpoint (no end marker)");
  // Training resumed from NaN or Inf weights would stop with "lower alpha",
  // blaming the options for a damaged file.
  if (!s.input.allFinite() || !s.output.allFinite())
    r.fail("checkpoint is corrupt: its vectors hold NaN or Inf values");
  return s;
}

}  // namespace embkit
