#include "word2vec/doc2vec.h"

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <mutex>
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
#include "word2vec/field_io.h"
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
  if (!(std::isfinite(checkpoint_every) && checkpoint_every >= 0 && checkpoint_every <= 100))
    throw ParameterError("checkpoint_every", "must be a percentage in [0, 100], got " + format_double(checkpoint_every));
  if (checkpoint_every > 0 && checkpoint.empty())
    throw ParameterError("checkpoint_every", "needs " + param("checkpoint") + " FILE");
  if (resume_epochs != 0 && resume.empty())
    throw ParameterError("resume_epochs", "applies only with " + param("resume"));
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

// The run's state (Doc2VecState: hyperparameters, vocabulary, matrices,
// position) is the base, so a checkpoint saves it without a copy.
struct Doc2Vec::Impl : Doc2VecState {
  std::vector<std::uint32_t> ids;      // every document's in-vocabulary words, concatenated
  std::vector<std::uint64_t> offsets;  // document d is ids[offsets[d] .. offsets[d+1])
  NoiseSampler noise;
  Subsampler subsampler;
  w2v::SigmoidTable table;
  std::uint64_t total_words = 0;

  std::atomic<std::uint64_t> processed{0};
  std::mutex mutex;  // guards the interval loss
  double interval_loss = 0;
  std::uint64_t interval_steps = 0;
  bool bad_loss = false;
  std::unique_ptr<Progress> progress;
  double last_loss = 0;
  std::ofstream json;  // --progress-json
  Clock::time_point start, last_json;

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
    encode_with_vocabulary(texts);
  }

  // The documents as ids of the vocabulary (a fresh one, or a checkpoint's).
  void encode_with_vocabulary(const std::vector<std::string>& texts) {
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

  void initialise(const std::string& source) {
    prepare_samplers(source);
    const auto rows = static_cast<Eigen::Index>(vocabulary.size());
    words.resize(rows, args.dim);
    docs.resize(static_cast<Eigen::Index>(offsets.size() - 1), args.dim);
    outputs = Matrix::Zero(rows, args.dim);
    Rng init(derive_seed(args.seed, 0xffffffffu, 0, 1));
    for (Matrix* m : {&words, &docs}) {
      float* p = m->data();
      for (Eigen::Index i = 0; i < m->size(); ++i) p[i] = (init.uniform_float() - 0.5f) / args.dim;
    }
    total_words = static_cast<std::uint64_t>(args.epochs) * ids.size();
    documents = offsets.size() - 1;
    train_words = ids.size();
    epoch = 0;
    processed = 0;
    init_epoch();
    next_checkpoint = checkpoint_every();
  }

  // A resumed run: the checkpoint's state and hyperparameters (paths,
  // reporting and the epoch total from `a`, which becomes the merged
  // arguments), then the documents encoded with its vocabulary.
  void resume(Doc2VecArgs& a, const std::vector<std::string>& texts, const std::string& source) {
    static_cast<Doc2VecState&>(*this) = load_doc2vec_checkpoint(a.resume);
    Doc2VecArgs merged = args;
    merged.checkpoint = a.checkpoint;
    merged.checkpoint_every = a.checkpoint_every;
    merged.resume = a.resume;
    merged.progress_json = a.progress_json;
    merged.quiet = a.quiet;
    merged.threads = threads;
    if (a.resume_epochs > 0) {
      if (a.resume_epochs <= epoch)
        throw ParameterError("epochs", std::to_string(a.resume_epochs) + " is not more than the " +
                                           std::to_string(epoch) + " epochs checkpoint " + a.resume +
                                           " has already completed");
      merged.epochs = a.resume_epochs;
    }
    args = a = merged;
    encode_with_vocabulary(texts);
    if (offsets.size() - 1 != documents || ids.size() != train_words)
      throw InputError(located(source, 0,
                               "documents differ from the ones checkpoint " + a.resume + " was made with (" +
                                   std::to_string(offsets.size() - 1) + " documents, " + std::to_string(ids.size()) +
                                   " vocabulary words; expected " + std::to_string(documents) + ", " +
                                   std::to_string(train_words) + ")"));
    prepare_samplers(source);
    total_words = static_cast<std::uint64_t>(args.epochs) * ids.size();
    // The schedule continues from the checkpoint's word count; the next
    // checkpoint is the next multiple of the (possibly new) interval.
    processed = processed_words;
    const double every = checkpoint_every();
    if (every > 0) next_checkpoint = (std::floor(fraction_done() / every + 1e-9) + 1) * every;
  }

  double checkpoint_every() const { return args.checkpoint_every / 100.0; }

  // Fraction of the run done, counting words threads have not published yet
  // (threads stop at checkpoints by this same count). Call between segments.
  double fraction_done() const {
    std::uint64_t done = processed.load();
    for (const auto& st : thread_states) done += st.pending_words;
    return static_cast<double>(done) / static_cast<double>(std::max<std::uint64_t>(total_words, 1));
  }

  // Every thread's range of documents and RNG for the current epoch.
  void init_epoch() {
    const std::uint64_t n = documents;
    thread_states.assign(static_cast<std::size_t>(threads), {});
    for (int t = 0; t < threads; ++t) {
      Word2VecThreadState& st = thread_states[static_cast<std::size_t>(t)];
      st.begin = st.cursor = n * static_cast<std::uint64_t>(t) / static_cast<std::uint64_t>(threads);
      st.end = n * static_cast<std::uint64_t>(t + 1) / static_cast<std::uint64_t>(threads);
      Rng seeded(derive_seed(args.seed, static_cast<std::uint64_t>(t), static_cast<std::uint64_t>(epoch)));
      seeded.get_state(st.rng);
      st.lr = lr_at(processed.load());
      st.done = st.begin >= st.end;
    }
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
    const double fraction =
        std::min(1.0, static_cast<double>(done) / static_cast<double>(std::max<std::uint64_t>(total_words, 1)));
    if (final_line) progress->finish(fields);
    else progress->update(fraction, fields);
    const Clock::time_point now = Clock::now();
    if (!json.is_open() || (!final_line && now - last_json < std::chrono::seconds(1))) return;
    last_json = now;
    const double elapsed = std::chrono::duration<double>(now - start).count();
    JsonWriter j(json);
    j.begin_object().key("progress").value(fraction).key("epoch").value(std::min(epoch + 1, args.epochs));
    j.key("words").value(done).key("lr").value(lr_at(done)).key("loss").value(last_loss);
    j.key("elapsed_seconds").value(elapsed).key("eta_seconds").value(fraction > 0 ? elapsed * (1 - fraction) / fraction : 0.0);
    j.end_object();
    json.flush();
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

  // Thread t's documents from its cursor until its range ends, the run
  // reaches `stop_at` (a fraction of all words) or a signal arrives; it
  // stops only between documents and keeps its position in its state.
  void train_range(int t, double stop_at) {
    Word2VecThreadState& st = thread_states[static_cast<std::size_t>(t)];
    if (st.done) return;
    Scratch sc = make_scratch();
    w2v::FastRng rng;
    std::copy(st.rng, st.rng + 4, rng.s);
    const double total = static_cast<double>(total_words);
    while (st.cursor < st.end) {
      if (st.pending_words >= kPublishWords) {
        st.lr = lr_at(processed.fetch_add(st.pending_words) + st.pending_words);
        st.pending_words = 0;
        flush(sc);
        if (t == 0) report(false);
      }
      if (interrupted()) break;
      if (static_cast<double>(processed.load(std::memory_order_relaxed) + st.pending_words) >= stop_at * total) break;
      const std::size_t d = static_cast<std::size_t>(st.cursor++);
      subsample(ids.data() + offsets[d], ids.data() + offsets[d + 1], rng, sc);
      st.pending_words += offsets[d + 1] - offsets[d];
      train_document(doc_row(d), rng, static_cast<float>(st.lr), sc);
    }
    if (st.cursor >= st.end) {
      st.done = true;
      processed += st.pending_words;
      st.pending_words = 0;
    }
    flush(sc);
    std::copy(rng.s, rng.s + 4, st.rng);
  }

  void save() {
    processed_words = processed.load();
    save_doc2vec_checkpoint(*this, args.checkpoint);
  }

  // Every thread until its range ends or the next checkpoint is due; then a
  // stop on divergence or a signal (writing the checkpoint, if asked for),
  // and a due checkpoint. Returns whether the epoch is complete.
  bool run_segment() {
    const double every = checkpoint_every();
    ExceptionCapture capture;
#pragma omp parallel num_threads(threads)
    {
      const int t = omp_get_thread_num();
      capture.run([&] { train_range(t, every > 0 ? next_checkpoint : 2.0); });
    }
    capture.rethrow();
    if (bad_loss)
      throw InputError("loss became NaN or infinite in epoch " + std::to_string(epoch + 1) + "; lower " +
                       param("alpha") + " (now " + format_double(args.alpha) + "); nothing was written");
    if (interrupted()) {
      if (!args.checkpoint.empty()) {
        save();
        progress->message("interrupted; checkpoint written to " + args.checkpoint + " (continue with " +
                          param("resume") + " " + args.checkpoint + ")");
      }
      throw Interrupted();
    }
    bool all_done = true;
    for (const auto& st : thread_states) all_done = all_done && st.done;
    const double fraction = fraction_done();
    if (every > 0 && fraction >= next_checkpoint) {
      while (next_checkpoint <= fraction) next_checkpoint += every;
      if (!(all_done && epoch + 1 == args.epochs)) save();  // the run's very end needs none
    }
    return all_done;
  }

  void run_epochs() {
    progress = std::make_unique<Progress>("doc2vec", args.quiet);
    start = last_json = Clock::now();
    if (!args.progress_json.empty()) {
      json.open(args.progress_json, std::ios::app);
      if (!json) throw InputError(located(args.progress_json, 0, "cannot open for appending"));
    }
    while (epoch < args.epochs) {
      while (!run_segment()) {
      }
      if (++epoch < args.epochs) init_epoch();
    }
    report(true);
  }
};

namespace {

const char kModelMagic[] = "EMBKIT-DOC2VEC-MODEL 1\n";
const char kCheckpointMagic[] = "EMBKIT-DOC2VEC-CHECKPOINT 1\n";
static_assert(static_cast<int>(Doc2VecMode::Dbow) == 0 && static_cast<int>(Doc2VecMode::Dm) == 1,
              "files store the mode as its enum value: 0 PV-DBOW, 1 PV-DM (any other code reads as PV-DM)");

// The hyperparameters in file order, shared by save (a FieldWriter) and load
// (a FieldReader) of the model and the checkpoint, so they cannot disagree.
template <typename IO, typename Args>
void model_fields(IO& io, Args& a) {
  io.template field<std::int32_t>(a.mode);
  io.template field<std::uint8_t>(a.dbow_words);
  io.template field<std::int32_t>(a.dim);
  sampling_fields(io, a);
}

// The checkpoint's position, after its vocabulary.
template <typename IO, typename State>
void counter_fields(IO& io, State& s) {
  io.template field<std::int32_t>(s.epoch);
  io.template field<std::uint64_t>(s.processed_words);
  io.template field<std::uint64_t>(s.documents);
  io.template field<std::uint64_t>(s.train_words);
}

void write_head(FieldWriter& w, const char* magic, std::size_t size, const Doc2VecArgs& args,
                const Vocabulary& vocabulary) {
  w.bytes(magic, size);
  Doc2VecArgs a = args;
  model_fields(w, a);
  w.field<std::uint64_t>(vocabulary.size());
  for (const Vocabulary::Entry& e : vocabulary.entries()) {
    w.str(e.word);
    w.field<std::uint64_t>(e.count);
  }
}

// The magic line, the hyperparameters (in range) and, unless `vocabulary` is
// null, the vocabulary (words in the Vocabulary's order, positive counts, a
// normalisable noise distribution) of a model or checkpoint; `what` names it
// in messages.
Doc2VecArgs read_head(FieldReader& r, const char* magic, std::size_t size, const std::string& what,
                      Vocabulary* vocabulary) {
  std::string head(size, '\0');
  if (r.remaining() < size) r.fail("not an embkit " + what + " (bad header)");
  r.bytes(head.data(), size);
  if (head != std::string(magic, size)) r.fail("not an embkit " + what + " (bad header)");
  Doc2VecArgs a;
  model_fields(r, a);
  bool valid = a.dim <= (1 << 20) && a.window <= (1 << 20) && a.negative <= (1 << 20) && a.epochs <= (1 << 20);
  try {
    a.validate();
  } catch (const UsageError&) {
    valid = false;
  }
  if (!valid) r.fail("corrupt " + what + " (hyperparameters out of range)");
  if (!vocabulary) return a;
  const auto words = r.pod<std::uint64_t>();
  if (words == 0 || words >= 0xffffffffu || words > r.remaining() / 16)
    r.fail("corrupt " + what + " (vocabulary size " + std::to_string(words) + ")");
  std::vector<Vocabulary::Entry> entries(static_cast<std::size_t>(words));
  double noise_total = 0;
  for (Vocabulary::Entry& e : entries) {
    const auto length = r.pod<std::uint64_t>();
    if (length == 0 || length > r.remaining()) r.fail("corrupt " + what + " (word length)");
    e.word.resize(static_cast<std::size_t>(length));
    r.bytes(e.word.data(), length);
    r.field<std::uint64_t>(e.count);
    if (e.count == 0) r.fail("corrupt " + what + " (a word with count 0)");
    noise_total += std::pow(static_cast<double>(e.count), a.ns_exponent);
  }
  // Rows follow the vocabulary's order (count descending, then bytes): a file
  // in another order, or with a word twice, would misalign the matrices.
  for (std::size_t i = 1; i < entries.size(); ++i)
    if (!(entries[i - 1].count > entries[i].count ||
          (entries[i - 1].count == entries[i].count && entries[i - 1].word < entries[i].word)))
      r.fail("corrupt " + what + " (vocabulary out of order)");
  // Impl::prepare_samplers' condition: no noise distribution to draw from.
  if (!(std::isfinite(noise_total) && noise_total > 0))
    r.fail("corrupt " + what + " (noise distribution cannot be normalised)");
  *vocabulary = Vocabulary(std::move(entries));
  return a;
}

}  // namespace

void save_doc2vec_checkpoint(const Doc2VecState& s, const std::string& path) {
  AtomicFile file(path, true, AtomicFile::Commit::Now);  // kept even if the run fails later
  FieldWriter w(file.stream());
  write_head(w, kCheckpointMagic, sizeof(kCheckpointMagic) - 1, s.args, s.vocabulary);
  w.field<std::int32_t>(s.threads);
  counter_fields(w, s);
  w.field<std::uint64_t>(s.thread_states.size());
  for (const Word2VecThreadState& t : s.thread_states) thread_state_fields(w, t);
  for (const Matrix* m : {&s.words, &s.outputs, &s.docs}) w.matrix(*m);
  w.bytes("END\n", 4);
  file.commit();
}

Doc2VecArgs doc2vec_checkpoint_args(const std::string& path) {
  require_readable_file(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw_input_error(path, 0, "cannot open doc2vec checkpoint");
  FieldReader r(in, path, "doc2vec checkpoint");
  return read_head(r, kCheckpointMagic, sizeof(kCheckpointMagic) - 1, "doc2vec checkpoint", nullptr);
}

Doc2VecState load_doc2vec_checkpoint(const std::string& path) {
  require_readable_file(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw_input_error(path, 0, "cannot open doc2vec checkpoint");
  const std::string what = "doc2vec checkpoint";
  FieldReader r(in, path, what);
  Doc2VecState s;
  s.args = read_head(r, kCheckpointMagic, sizeof(kCheckpointMagic) - 1, what, &s.vocabulary);
  r.field<std::int32_t>(s.threads);
  counter_fields(r, s);
  if (s.threads < 1 || s.threads > 4096 || s.epoch < 0 || s.epoch > s.args.epochs)
    r.fail("corrupt " + what + " (threads or epoch out of range)");
  if (r.pod<std::uint64_t>() != static_cast<std::uint64_t>(s.threads)) r.fail("corrupt " + what + " (thread states)");
  s.thread_states.resize(static_cast<std::size_t>(s.threads));
  for (Word2VecThreadState& t : s.thread_states) {
    thread_state_fields(r, t);
    if (t.begin > t.end || t.cursor < t.begin || t.cursor > t.end || t.end > s.documents ||
        t.pending_words > s.train_words || !(std::isfinite(t.lr) && t.lr >= 0))
      r.fail("corrupt " + what + " (thread state)");
  }
  const auto words = static_cast<std::int64_t>(s.vocabulary.size());
  s.words = r.matrix(words, s.args.dim);
  s.outputs = r.matrix(words, s.args.dim);
  s.docs = r.matrix(static_cast<std::int64_t>(s.documents), s.args.dim);
  r.end_marker();
  // Training resumed from NaN or Inf weights would stop with "lower alpha",
  // blaming the options for a damaged file.
  if (!s.words.allFinite() || !s.outputs.allFinite() || !s.docs.allFinite())
    r.fail("corrupt " + what + " (NaN or Inf values)");
  return s;
}

void Doc2Vec::save_model(const std::string& path) const {
  EMBKIT_CHECK(impl_ != nullptr, "save_model() before train()");
  const Impl& im = *impl_;
  AtomicFile file(path);
  FieldWriter w(file.stream());
  write_head(w, kModelMagic, sizeof(kModelMagic) - 1, im.args, im.vocabulary);
  for (const Matrix* m : {&im.words, &im.outputs}) w.values(*m);
  w.bytes("END\n", 4);
  file.commit();
}

Doc2Vec Doc2Vec::load_model(const std::string& path) {
  require_readable_file(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw_input_error(path, 0, "cannot open doc2vec model");
  const std::string what = "doc2vec model";
  FieldReader r(in, path, what);
  Vocabulary vocabulary;
  const Doc2VecArgs a = read_head(r, kModelMagic, sizeof(kModelMagic) - 1, what, &vocabulary);
  Doc2Vec model(a);
  model.impl_ = std::make_unique<Impl>();
  Impl& im = *model.impl_;
  im.args = a;
  im.vocabulary = std::move(vocabulary);
  const auto rows = static_cast<std::int64_t>(im.vocabulary.size());
  im.words = r.values(rows, a.dim);
  im.outputs = r.values(rows, a.dim);
  r.end_marker();
  if (!im.words.allFinite() || !im.outputs.allFinite()) r.fail("corrupt " + what + " (non-finite values)");
  im.prepare_samplers(path);
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
  if (args_.resume.empty()) {
    im.args = args_;
    im.threads = resolve_threads(args_.threads);
    // 1. The vocabulary (min_count, max_vocab) and the documents as word ids.
    im.encode(texts, source);
    // 2. Noise distribution, subsampling, random start.
    im.initialise(source);
  } else {
    // 1–2. The checkpoint's vocabulary, weights and position; the documents
    //      as its word ids.
    im.resume(args_, texts, source);
    stats_.resumed = true;
  }
  stats_.documents = texts.size();
  stats_.train_words = im.ids.size();
  for (std::size_t d = 0; d < texts.size(); ++d)
    if (im.offsets[d + 1] == im.offsets[d]) ++stats_.empty_documents;
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
