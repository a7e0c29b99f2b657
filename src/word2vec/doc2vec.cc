#include "word2vec/doc2vec.h"

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>
#include <type_traits>
#include <unordered_map>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/input_file.h"
#include "core/json.h"
#include "core/parallel.h"
#include "core/progress.h"
#include "core/random.h"
#include "core/signals.h"
#include "core/text.h"
#include "word2vec/noise_sampler.h"
#include "word2vec/subsampler.h"

namespace embkit {

Doc2VecMode parse_doc2vec_mode(const std::string& name) {
  if (name == "dbow") return Doc2VecMode::Dbow;
  if (name == "dm") return Doc2VecMode::Dm;
  throw ParameterError("mode", "must be dbow or dm, got '" + name + "'");
}

const char* doc2vec_mode_name(Doc2VecMode mode) { return mode == Doc2VecMode::Dbow ? "dbow" : "dm"; }

void Doc2VecArgs::validate() const {
  auto at_least_1 = [](const char* field, long long value) {
    if (value < 1) throw ParameterError(field, "must be at least 1, got " + std::to_string(value));
  };
  at_least_1("dim", dim);
  at_least_1("window", window);
  at_least_1("negative", negative);
  at_least_1("epochs", epochs);
  at_least_1("min_count", static_cast<long long>(min_count));
  if (threads < 0) throw ParameterError("threads", "must be 0 (all cores) or positive, got " + std::to_string(threads));
  if (!std::isfinite(ns_exponent)) throw ParameterError("ns_exponent", "must be a finite number");
  if (!(std::isfinite(sample) && sample >= 0))
    throw ParameterError("sample", "must be 0 or more, got " + format_double(sample));
  if (!(std::isfinite(alpha) && alpha > 0))
    throw ParameterError("alpha", "must be a positive number, got " + format_double(alpha));
}

float doc2vec_step(const float* doc, float* const* outputs, int count, float* grad, int dim, float lr,
                   const w2v::SigmoidTable& table, bool learn_outputs) {
  std::fill(grad, grad + dim, 0.f);
  float loss = 0;
  for (int o = 0; o < count; ++o) {
    const float label = o == 0 ? 1.f : 0.f;
    if (learn_outputs) {
      loss += w2v::sgns_pair(doc, outputs[o], grad, dim, label, lr, table);
      continue;
    }
    const float f = w2v::dot(doc, outputs[o], dim);
    w2v::axpy((label - table.sigmoid(f)) * lr, outputs[o], grad, dim);
    loss += table.neg_log_sigmoid(o == 0 ? f : -f);
  }
  return loss;
}

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::uint64_t kPublishWords = 10000;  // as word2vec.cc: lr and progress follow a shared counter

struct Scratch {
  std::vector<std::uint32_t> words;  // the document after subsampling
  std::vector<float*> outputs;
  std::vector<float> grad, hidden;
  bool frozen = false;  // inference: only the document vector learns
  double loss = 0;
  std::uint64_t steps = 0;
};

}  // namespace

struct Doc2Vec::Impl {
  Doc2VecArgs args;
  Vocabulary vocabulary;
  std::vector<std::uint32_t> ids;      // every document's in-vocabulary words, concatenated
  std::vector<std::uint64_t> offsets;  // document d is ids[offsets[d] .. offsets[d+1])
  Matrix words, outputs, docs;
  NoiseSampler noise;
  Subsampler subsampler;
  w2v::SigmoidTable table;
  int threads = 1;
  std::uint64_t total_words = 0;

  std::atomic<std::uint64_t> processed{0};
  std::mutex mutex;  // guards the interval loss
  double interval_loss = 0;
  std::uint64_t interval_steps = 0;
  bool bad_loss = false;
  std::unique_ptr<Progress> progress;
  double last_loss = 0;
  int epoch = 0;

  float* word_row(std::uint32_t w) { return words.data() + static_cast<std::size_t>(w) * args.dim; }
  float* out_row(std::uint32_t w) { return outputs.data() + static_cast<std::size_t>(w) * args.dim; }
  float* doc_row(std::size_t d) { return docs.data() + d * static_cast<std::size_t>(args.dim); }

  double lr_at(std::uint64_t done) const {
    const double remaining = 1.0 - static_cast<double>(done) / static_cast<double>(total_words + 1);
    return args.alpha * std::max(1e-4, remaining);
  }

  void encode(const std::vector<std::string>& texts, const std::string& source) {
    std::unordered_map<std::string, std::uint64_t> counts;
    for (const std::string& text : texts) for_each_word(text, [&](std::string_view w) { ++counts[std::string(w)]; });
    if (counts.empty()) throw InputError(located(source, 0, "the documents hold no words"));
    VocabularyOptions vo;
    vo.min_count = args.min_count;
    vo.max_vocab = args.max_vocab;
    const std::size_t distinct = counts.size();
    vocabulary = Vocabulary::from_counts(std::move(counts), vo);
    if (vocabulary.empty())
      throw InputError(located(source, 0,
                               "all " + std::to_string(distinct) + " distinct words occur fewer than " +
                                   param("min_count") + " " + std::to_string(args.min_count) + " times"));
    offsets.assign(1, 0);
    for (const std::string& text : texts) {
      for_each_word(text, [&](std::string_view w) {
        const std::int64_t id = vocabulary.find(w);
        if (id >= 0) ids.push_back(static_cast<std::uint32_t>(id));
      });
      offsets.push_back(ids.size());
    }
  }

  template <typename F>
  static void for_each_word(const std::string& text, F&& emit) {
    std::size_t i = 0;
    while (i < text.size()) {
      while (i < text.size() && is_ascii_space(text[i])) ++i;
      const std::size_t b = i;
      while (i < text.size() && !is_ascii_space(text[i])) ++i;
      if (i > b) emit(std::string_view(text).substr(b, i - b));
    }
  }

  // The noise distribution P_n ∝ count^ns_exponent and the subsampling
  // thresholds. InputError (naming `source`) when Σ count^ns_exponent is not
  // a finite positive number: no distribution to draw from.
  void prepare_samplers(const std::string& source) {
    std::vector<std::uint64_t> counts(static_cast<std::size_t>(vocabulary.size()));
    double total = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
      counts[i] = vocabulary[static_cast<std::int64_t>(i)].count;
      total += std::pow(static_cast<double>(counts[i]), args.ns_exponent);
    }
    if (!(std::isfinite(total) && total > 0))
      throw InputError(located(source, 0, "the noise distribution count^" + param("ns_exponent") + " (" +
                                              format_double(args.ns_exponent) + ") cannot be normalised"));
    noise = NoiseSampler(counts, args.ns_exponent);
    subsampler = Subsampler(counts, args.sample);
  }

  void initialise(std::size_t documents, const std::string& source) {
    prepare_samplers(source);
    const auto rows = static_cast<Eigen::Index>(vocabulary.size());
    words.resize(rows, args.dim);
    docs.resize(static_cast<Eigen::Index>(documents), args.dim);
    outputs = Matrix::Zero(rows, args.dim);
    Rng init(derive_seed(args.seed, 0xffffffffu, 0, 1));
    for (Matrix* m : {&words, &docs}) {
      float* p = m->data();
      for (Eigen::Index i = 0; i < m->size(); ++i) p[i] = (init.uniform_float() - 0.5f) / args.dim;
    }
    total_words = static_cast<std::uint64_t>(args.epochs) * ids.size();
  }

  // The positive output `centre` and K noise words (draws of `centre` itself
  // skipped, as word2vec.c), then one step for input `v`; the update to v is
  // left in sc.grad.
  double step(const float* v, std::uint32_t centre, w2v::FastRng& rng, float lr, Scratch& sc) {
    int count = 0;
    sc.outputs[count++] = out_row(centre);
    for (int k = 0; k < args.negative; ++k) {
      const std::uint32_t noise_word = noise.sample(rng.next());
      if (noise_word != centre) sc.outputs[count++] = out_row(noise_word);
    }
    ++sc.steps;
    return doc2vec_step(v, sc.outputs.data(), count, sc.grad.data(), args.dim, lr, table, !sc.frozen);
  }

  int reach(w2v::FastRng& rng) const { return args.window - static_cast<int>(rng.below(args.window)); }

  void train_dbow(float* doc, const std::uint32_t* s, int n, w2v::FastRng& rng, float lr, Scratch& sc) {
    for (int i = 0; i < n; ++i) {
      if (args.dbow_words && !sc.frozen) {  // skip-gram as word2vec.c: context word in, centre word out
        const int r = reach(rng);
        for (int j = std::max(0, i - r); j <= std::min(n - 1, i + r); ++j) {
          if (j == i) continue;
          float* v = word_row(s[j]);
          sc.loss += step(v, s[i], rng, lr, sc);
          w2v::axpy(1.f, sc.grad.data(), v, args.dim);
        }
      }
      sc.loss += step(doc, s[i], rng, lr, sc);
      w2v::axpy(1.f, sc.grad.data(), doc, args.dim);
    }
  }

  void train_dm(float* doc, const std::uint32_t* s, int n, w2v::FastRng& rng, float lr, Scratch& sc) {
    const int dim = args.dim;
    float* hidden = sc.hidden.data();
    for (int i = 0; i < n; ++i) {
      const int r = reach(rng), lo = std::max(0, i - r), hi = std::min(n - 1, i + r);
      std::copy(doc, doc + dim, hidden);
      for (int j = lo; j <= hi; ++j)
        if (j != i) w2v::axpy(1.f, word_row(s[j]), hidden, dim);
      const float scale = 1.f / static_cast<float>(hi - lo + 1);  // 1 + context words
#pragma omp simd
      for (int d = 0; d < dim; ++d) hidden[d] *= scale;
      sc.loss += step(hidden, s[i], rng, lr, sc);
      w2v::axpy(1.f, sc.grad.data(), doc, dim);
      if (sc.frozen) continue;
      for (int j = lo; j <= hi; ++j)
        if (j != i) w2v::axpy(1.f, sc.grad.data(), word_row(s[j]), dim);
    }
  }

  void flush(Scratch& sc) {
    std::lock_guard<std::mutex> lock(mutex);
    interval_loss += sc.loss;
    interval_steps += sc.steps;
    if (!std::isfinite(sc.loss)) bad_loss = true;
    sc.loss = 0;
    sc.steps = 0;
  }

  void report(bool final_line) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (interval_steps > 0) last_loss = interval_loss / static_cast<double>(interval_steps);
      interval_loss = 0;
      interval_steps = 0;
    }
    const std::uint64_t done = processed.load();
    char lr[32], loss[32];
    std::snprintf(lr, sizeof(lr), "%.6f", lr_at(done));
    std::snprintf(loss, sizeof(loss), "%.4f", last_loss);
    const ProgressFields fields = {{"epoch", std::to_string(std::min(epoch + 1, args.epochs)) + "/" +
                                                 std::to_string(args.epochs)},
                                   {"lr", lr},
                                   {"loss", loss}};
    if (final_line) progress->finish(fields);
    else progress->update(static_cast<double>(done) / static_cast<double>(std::max<std::uint64_t>(total_words, 1)), fields);
  }

  Scratch make_scratch() const {
    Scratch sc;
    sc.outputs.resize(static_cast<std::size_t>(args.negative) + 1);
    sc.grad.resize(static_cast<std::size_t>(args.dim));
    sc.hidden.resize(static_cast<std::size_t>(args.dim));
    return sc;
  }

  // The document's subsampled words into sc.words.
  void subsample(const std::uint32_t* begin, const std::uint32_t* end, w2v::FastRng& rng, Scratch& sc) const {
    sc.words.clear();
    for (const std::uint32_t* w = begin; w < end; ++w)
      if (subsampler.keep(*w, static_cast<std::uint32_t>(rng.next() >> 32))) sc.words.push_back(*w);
  }

  void train_document(float* doc, w2v::FastRng& rng, float lr, Scratch& sc) {
    const int n = static_cast<int>(sc.words.size());
    if (args.mode == Doc2VecMode::Dbow) train_dbow(doc, sc.words.data(), n, rng, lr, sc);
    else train_dm(doc, sc.words.data(), n, rng, lr, sc);
  }

  // infer(): every document on its own, the matrices frozen.
  Matrix infer(const std::vector<std::string>& texts, std::uint64_t seed, int thread_count) {
    const auto n = static_cast<std::int64_t>(texts.size());
    Matrix result(n, args.dim);
    ExceptionCapture capture;
#pragma omp parallel num_threads(resolve_threads(thread_count))
    {
      Scratch sc;
      std::vector<std::uint32_t> doc_ids;
      capture.run([&] {
        sc = make_scratch();
        sc.frozen = true;
      });
#pragma omp for schedule(dynamic, 16)
      for (std::int64_t d = 0; d < n; ++d) {
        // No exception may leave a worksharing loop: each document runs captured.
        capture.run([&] {
          doc_ids.clear();
          for_each_word(texts[static_cast<std::size_t>(d)], [&](std::string_view w) {
            const std::int64_t id = vocabulary.find(w);
            if (id >= 0) doc_ids.push_back(static_cast<std::uint32_t>(id));
          });
          Rng seeded(derive_seed(seed, 0x1bf3c7u, static_cast<std::uint64_t>(d)));
          float* doc = result.data() + d * args.dim;
          for (int i = 0; i < args.dim; ++i) doc[i] = (seeded.uniform_float() - 0.5f) / args.dim;
          w2v::FastRng rng;
          seeded.get_state(rng.s);
          for (int e = 0; e < args.epochs; ++e) {
            const double lr = args.alpha - (args.alpha - args.alpha * 1e-4) * e / std::max(args.epochs - 1, 1);
            subsample(doc_ids.data(), doc_ids.data() + doc_ids.size(), rng, sc);
            train_document(doc, rng, static_cast<float>(lr), sc);
          }
        });
      }
    }
    capture.rethrow();
    return result;
  }

  // One thread's documents [begin, end) for one epoch.
  void train_range(int t, std::size_t begin, std::size_t end) {
    Scratch sc = make_scratch();
    Rng seeded(derive_seed(args.seed, static_cast<std::uint64_t>(t), static_cast<std::uint64_t>(epoch)));
    w2v::FastRng rng;
    seeded.get_state(rng.s);
    std::uint64_t pending = 0;
    float lr = static_cast<float>(lr_at(processed.load()));
    for (std::size_t d = begin; d < end; ++d) {
      if (pending >= kPublishWords) {
        lr = static_cast<float>(lr_at(processed.fetch_add(pending) + pending));
        pending = 0;
        flush(sc);
        if (t == 0) report(false);
        if (interrupted()) throw Interrupted();
      }
      subsample(ids.data() + offsets[d], ids.data() + offsets[d + 1], rng, sc);
      pending += offsets[d + 1] - offsets[d];
      train_document(doc_row(d), rng, lr, sc);
    }
    processed += pending;
    flush(sc);
  }

  void run_epochs() {
    const std::size_t n = offsets.size() - 1;
    progress = std::make_unique<Progress>("doc2vec", args.quiet);
    for (epoch = 0; epoch < args.epochs; ++epoch) {
      ExceptionCapture capture;
#pragma omp parallel num_threads(threads)
      {
        const int t = omp_get_thread_num();
        capture.run([&] { train_range(t, n * t / threads, n * (t + 1) / threads); });
      }
      capture.rethrow();
      if (bad_loss)
        throw InputError("loss became NaN or infinite in epoch " + std::to_string(epoch + 1) + "; lower " +
                         param("alpha") + " (now " + format_double(args.alpha) + "); nothing was written");
    }
    report(true);
  }
};

namespace {

const char kModelMagic[] = "EMBKIT-DOC2VEC-MODEL 1\n";

// The hyperparameters in file order, shared by save (a writer) and load (a
// reader) so the two cannot disagree.
template <typename IO, typename Args>
void model_fields(IO& io, Args& a) {
  io.template field<std::int32_t>(a.mode);
  io.template field<std::uint8_t>(a.dbow_words);
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
}

struct ModelWriter {
  std::ostream& out;
  template <typename Disk, typename T>
  void field(const T& v) {
    const Disk d = static_cast<Disk>(v);
    out.write(reinterpret_cast<const char*>(&d), sizeof(Disk));
  }
  void bytes(const void* p, std::size_t n) { out.write(static_cast<const char*>(p), static_cast<std::streamsize>(n)); }
};

struct ModelReader {
  std::istream& in;
  const std::string& path;
  std::uint64_t left;  // bytes not yet read: no length field may promise more
  void need(std::uint64_t n) {
    if (n > left) throw_input_error(path, 0, "truncated doc2vec model");
    left -= n;
  }
  void bytes(void* p, std::uint64_t n) {
    need(n);
    in.read(static_cast<char*>(p), static_cast<std::streamsize>(n));
    if (!in) throw_input_error(path, 0, "truncated doc2vec model");
  }
  template <typename Disk, typename T>
  void field(T& v) {
    Disk d;
    bytes(&d, sizeof(Disk));
    if constexpr (std::is_same_v<T, Doc2VecMode>) v = d == 0 ? Doc2VecMode::Dbow : Doc2VecMode::Dm;
    else v = static_cast<T>(d);
  }
};

}  // namespace

void Doc2Vec::save_model(const std::string& path) const {
  EMBKIT_CHECK(impl_ != nullptr, "save_model() before train()");
  const Impl& im = *impl_;
  AtomicFile file(path);
  ModelWriter w{file.stream()};
  w.bytes(kModelMagic, sizeof(kModelMagic) - 1);
  Doc2VecArgs a = im.args;
  model_fields(w, a);
  w.field<std::uint64_t>(im.vocabulary.size());
  for (const Vocabulary::Entry& e : im.vocabulary.entries()) {
    w.field<std::uint64_t>(e.word.size());
    w.bytes(e.word.data(), e.word.size());
    w.field<std::uint64_t>(e.count);
  }
  for (const Matrix* m : {&im.words, &im.outputs}) w.bytes(m->data(), sizeof(float) * static_cast<std::size_t>(m->size()));
  w.bytes("END\n", 4);
  file.commit();
}

Doc2Vec Doc2Vec::load_model(const std::string& path) {
  require_readable_file(path);
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw_input_error(path, 0, "cannot open doc2vec model");
  const auto size = static_cast<std::uint64_t>(std::max<std::streamoff>(0, in.tellg()));
  in.seekg(0);
  ModelReader r{in, path, size};
  char magic[sizeof(kModelMagic) - 1];
  if (size < sizeof(magic)) throw_input_error(path, 0, "not an embkit doc2vec model (bad header)");
  r.bytes(magic, sizeof(magic));
  if (std::memcmp(magic, kModelMagic, sizeof(magic)) != 0)
    throw_input_error(path, 0, "not an embkit doc2vec model (bad header)");
  Doc2VecArgs a;
  model_fields(r, a);
  bool valid = a.dim <= (1 << 20) && a.window <= (1 << 20) && a.negative <= (1 << 20) && a.epochs <= (1 << 20);
  try {
    a.validate();
  } catch (const UsageError&) {
    valid = false;
  }
  if (!valid) throw_input_error(path, 0, "corrupt doc2vec model (hyperparameters out of range)");
  std::uint64_t words = 0;
  r.field<std::uint64_t>(words);
  if (words == 0 || words >= 0xffffffffu || words > r.left / 16)
    throw_input_error(path, 0, "corrupt doc2vec model (vocabulary size " + std::to_string(words) + ")");
  std::vector<Vocabulary::Entry> entries(static_cast<std::size_t>(words));
  for (Vocabulary::Entry& e : entries) {
    std::uint64_t length = 0;
    r.field<std::uint64_t>(length);
    if (length == 0 || length > r.left) throw_input_error(path, 0, "corrupt doc2vec model (word length)");
    e.word.resize(static_cast<std::size_t>(length));
    r.bytes(e.word.data(), length);
    r.field<std::uint64_t>(e.count);
    if (e.count == 0) throw_input_error(path, 0, "corrupt doc2vec model (a word with count 0)");
  }
  // Rows follow the vocabulary's order (count descending, then bytes): a file
  // in another order, or with a word twice, would misalign the matrices.
  for (std::size_t i = 1; i < entries.size(); ++i)
    if (!(entries[i - 1].count > entries[i].count ||
          (entries[i - 1].count == entries[i].count && entries[i - 1].word < entries[i].word)))
      throw_input_error(path, 0, "corrupt doc2vec model (vocabulary out of order)");
  Doc2Vec model(a);
  model.impl_ = std::make_unique<Impl>();
  Impl& im = *model.impl_;
  im.args = a;
  im.vocabulary = Vocabulary(std::move(entries));
  const auto rows = static_cast<Eigen::Index>(words);
  for (Matrix* m : {&im.words, &im.outputs}) {
    const std::uint64_t bytes = sizeof(float) * words * static_cast<std::uint64_t>(a.dim);
    if (bytes > r.left) throw_input_error(path, 0, "truncated doc2vec model");
    m->resize(rows, a.dim);
    r.bytes(m->data(), bytes);
  }
  char end[4];
  r.bytes(end, 4);
  if (std::memcmp(end, "END\n", 4) != 0 || r.left != 0)
    throw_input_error(path, 0, "corrupt doc2vec model (no end marker where expected)");
  if (!im.words.allFinite() || !im.outputs.allFinite())
    throw_input_error(path, 0, "corrupt doc2vec model (non-finite values)");
  try {
    im.prepare_samplers(path);
  } catch (const InputError&) {
    throw_input_error(path, 0, "corrupt doc2vec model (noise distribution cannot be normalised)");
  }
  return model;
}

Doc2Vec::Doc2Vec(Doc2VecArgs args) : args_(std::move(args)) { args_.validate(); }
Doc2Vec::~Doc2Vec() = default;
Doc2Vec::Doc2Vec(Doc2Vec&&) noexcept = default;

Embeddings Doc2Vec::train(const std::vector<std::string>& texts, std::vector<std::string> labels,
                          const std::string& source) {
  EMBKIT_CHECK(impl_ == nullptr, "train() called twice");
  EMBKIT_CHECK(labels.size() == texts.size(), "one label per document");
  impl_ = std::make_unique<Impl>();
  Impl& im = *impl_;
  im.args = args_;
  im.threads = resolve_threads(args_.threads);
  // 1. The vocabulary (min_count, max_vocab) and the documents as word ids.
  im.encode(texts, source);
  stats_.documents = texts.size();
  stats_.train_words = im.ids.size();
  for (std::size_t d = 0; d < texts.size(); ++d)
    if (im.offsets[d + 1] == im.offsets[d]) ++stats_.empty_documents;
  // 2. Noise distribution, subsampling, random start.
  im.initialise(texts.size(), source);
  // 3. The epochs (PV-DBOW or PV-DM steps, doc2vec.h), at a linearly decaying rate.
  const Clock::time_point start = Clock::now();
  im.run_epochs();
  stats_.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  stats_.final_loss = im.last_loss;
  if (!im.docs.allFinite() || !im.words.allFinite() || !im.outputs.allFinite())
    throw InputError("vectors became NaN or infinite during training; lower " + param("alpha") + " (now " +
                     format_double(args_.alpha) + "); nothing was written");
  return Embeddings(std::move(labels), std::move(im.docs));
}

Embeddings Doc2Vec::word_vectors() const {
  EMBKIT_CHECK(impl_ != nullptr, "word_vectors() before train()");
  return Embeddings(impl_->vocabulary.words(), impl_->words);
}

Embeddings Doc2Vec::infer(const std::vector<std::string>& texts, std::vector<std::string> labels, std::uint64_t seed,
                          int threads) const {
  EMBKIT_CHECK(impl_ != nullptr, "infer() before train() or load_model()");
  EMBKIT_CHECK(labels.size() == texts.size(), "one label per document");
  Matrix vectors = impl_->infer(texts, seed, threads);
  if (!vectors.allFinite())
    throw InputError("inferred vectors became NaN or infinite; the model's " + param("alpha") + " is too high");
  return Embeddings(std::move(labels), std::move(vectors));
}

const Vocabulary& Doc2Vec::vocabulary() const {
  EMBKIT_CHECK(impl_ != nullptr, "vocabulary() before train()");
  return impl_->vocabulary;
}

}  // namespace embkit
