#include "word2vec/word2vec.h"

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <mutex>

#include "core/error.h"
#include "core/json.h"
#include "core/memory.h"
#include "core/parallel.h"
#include "core/progress.h"
#include "core/random.h"
#include "core/signals.h"
#include "word2vec/checkpoint.h"
#include "word2vec/encoded_corpus.h"
#include "word2vec/noise_sampler.h"
#include "word2vec/sgns_kernels.h"
#include "word2vec/subsampler.h"

namespace embkit {

namespace {

using Clock = std::chrono::steady_clock;
// Threads add their word counts to the shared counter (which drives the lr
// schedule and progress) every this many words, as word2vec.c does.
constexpr std::uint64_t kPublishWords = 10000;
constexpr std::uint32_t kEnd = EncodedCorpus::kSentenceEnd;

std::string fixed(double value, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.*f", digits, value);
  return buf;
}

// Per-thread scratch buffers (Hogwild: nothing here is shared).
struct Scratch {
  std::vector<std::uint32_t> sentence;
  std::vector<std::uint32_t> contexts;
  std::vector<std::uint32_t> outputs;
  std::vector<float> labels, gains;
  std::vector<float> grad, hidden, grad_in, grad_out;
  double loss = 0;
  std::uint64_t pairs = 0;
};

}  // namespace

struct Word2Vec::Impl {
  Word2VecState state;
  EncodedCorpus corpus;
  NoiseSampler noise;
  Subsampler subsampler;
  w2v::SigmoidTable table;
  double alpha = 0;
  std::uint64_t total_words = 0;  // epochs × words: the length of the lr schedule

  // Shared between threads.
  std::atomic<std::uint64_t> processed{0};
  std::atomic<bool> stop{false};
  std::mutex mutex;  // guards the interval loss and the failure record
  double interval_loss = 0;
  std::uint64_t interval_pairs = 0;
  bool bad_loss = false;
  double bad_loss_value = 0, bad_loss_fraction = 0;

  // Progress (written by thread 0 only).
  std::unique_ptr<Progress> progress;
  std::ofstream json;
  Clock::time_point start, last_report;
  std::uint64_t last_report_words = 0, last_report_words_at_start = 0;
  double last_loss = 0;

  double lr_at(std::uint64_t words) const {
    // Linear decay to alpha·1e-4 over all epochs (word2vec.c).
    const double remaining = 1.0 - static_cast<double>(words) / static_cast<double>(total_words + 1);
    return alpha * std::max(1e-4, remaining);
  }

  // Fraction of the run done, counting words threads have not published yet
  // (threads stop at checkpoints by this same count). Call between segments.
  double fraction_done() const {
    std::uint64_t words = processed.load();
    for (const auto& st : state.thread_states) words += st.pending_words;
    return static_cast<double>(words) / static_cast<double>(total_words);
  }

  void init_epoch(int epoch) {
    const std::uint64_t length = corpus.ids.size();
    const int threads = state.threads;
    state.thread_states.assign(threads, {});
    for (int t = 0; t < threads; ++t) {
      Word2VecThreadState& st = state.thread_states[t];
      st.begin = length * t / threads;
      st.end = length * (t + 1) / threads;
      st.cursor = st.begin;
      Rng rng(derive_seed(state.args.seed, static_cast<std::uint64_t>(t), static_cast<std::uint64_t>(epoch)));
      rng.get_state(st.rng);
      st.pending_words = 0;
      st.lr = lr_at(processed.load());
      st.done = st.begin >= st.end;
    }
  }

  void flush_loss(Scratch& s) {
    std::lock_guard<std::mutex> lock(mutex);
    interval_loss += s.loss;
    interval_pairs += s.pairs;
    if (!std::isfinite(s.loss) && !bad_loss) {
      bad_loss = true;
      bad_loss_value = s.loss;
      bad_loss_fraction = static_cast<double>(processed.load()) / static_cast<double>(total_words);
      stop = true;
    }
    s.loss = 0;
    s.pairs = 0;
  }

  void publish(Word2VecThreadState& st, Scratch& s) {
    const std::uint64_t now = processed.fetch_add(st.pending_words) + st.pending_words;
    st.pending_words = 0;
    st.lr = lr_at(now);
    flush_loss(s);
  }

  void report(bool final_line) {
    const Clock::time_point now = Clock::now();
    const double since = std::chrono::duration<double>(now - last_report).count();
    if (!final_line && since < 1.0) return;
    const std::uint64_t words = processed.load();
    const double fraction = std::min(1.0, static_cast<double>(words) / static_cast<double>(total_words));
    const double wps = since > 0 ? static_cast<double>(words - last_report_words) / since / state.threads : 0;
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (interval_pairs > 0) last_loss = interval_loss / static_cast<double>(interval_pairs);
      interval_loss = 0;
      interval_pairs = 0;
    }
    last_report = now;
    last_report_words = words;
    const double lr = lr_at(words);
    const int epoch = std::min(state.args.epochs, state.epoch + 1);
    ProgressFields fields = {{"epoch", std::to_string(epoch) + "/" + std::to_string(state.args.epochs)},
                             {"words/s/thread", format_count(wps)},
                             {"lr", fixed(lr, 6)},
                             {"loss", fixed(last_loss, 4)}};
    if (final_line) {
      progress->finish(fields);
    } else {
      progress->update(fraction, fields);
    }
    if (json.is_open()) {
      const double elapsed = std::chrono::duration<double>(now - start).count();
      JsonWriter j(json);
      j.begin_object();
      j.key("progress").value(fraction);
      j.key("epoch").value(epoch);
      j.key("words").value(words);
      j.key("words_per_sec_per_thread").value(wps);
      j.key("lr").value(lr);
      j.key("loss").value(last_loss);
      j.key("elapsed_seconds").value(elapsed);
      j.key("eta_seconds").value(fraction > 0 ? elapsed * (1 - fraction) / fraction : 0.0);
      j.end_object();
      json.flush();
    }
  }

  // --- kernels over one sentence (ids after subsampling) ---------------------

  float* in_row(std::uint32_t w) { return state.input.data() + static_cast<std::size_t>(w) * state.args.dim; }
  float* out_row(std::uint32_t w) { return state.output.data() + static_cast<std::size_t>(w) * state.args.dim; }

  // word2vec.c's skip-gram: the context word is the input, the centre word the
  // positive output, fresh noise words for every pair.
  void skipgram_pairs(const std::uint32_t* s, int n, w2v::FastRng& rng, float lr, Scratch& sc) {
    const int dim = state.args.dim, window = state.args.window, negative = state.args.negative;
    float* grad = sc.grad.data();
    for (int i = 0; i < n; ++i) {
      const std::uint32_t centre = s[i];
      const int reach = window - static_cast<int>(rng.below(window));  // uniform in 1..window
      const int lo = std::max(0, i - reach), hi = std::min(n - 1, i + reach);
      for (int j = lo; j <= hi; ++j) {
        if (j == i) continue;
        float* v = in_row(s[j]);
        std::fill(grad, grad + dim, 0.f);
        double loss = w2v::sgns_pair(v, out_row(centre), grad, dim, 1.f, lr, table);
        for (int k = 0; k < negative; ++k) {
          const std::uint32_t noise_word = noise.sample(rng.next());
          if (noise_word == centre) continue;
          loss += w2v::sgns_pair(v, out_row(noise_word), grad, dim, 0.f, lr, table);
        }
        w2v::axpy(1.f, grad, v, dim);
        sc.loss += loss;
        ++sc.pairs;
      }
    }
  }

  // Skip-gram with noise words shared across the window (Ji et al. 2016,
  // "Parallelizing Word2Vec in Shared and Distributed Memory", §3): for centre
  // word w with contexts c_1..c_m and outputs o_0 = w, o_1..o_K noise words,
  //   F = V_in[c] · V_out[o]^T (m × (K+1)),  G = α (Y − σ(F)),
  //   ΔV_in[c] = G · V_out[o],               ΔV_out[o] = G^T · V_in[c],
  // all computed from the same snapshot, then applied. The K+1 output rows stay
  // in L1 for the whole window instead of m(K+1) random row fetches.
  void skipgram_shared(const std::uint32_t* s, int n, w2v::FastRng& rng, float lr, Scratch& sc) {
    const int dim = state.args.dim, window = state.args.window, negative = state.args.negative;
    for (int i = 0; i < n; ++i) {
      const std::uint32_t centre = s[i];
      const int reach = window - static_cast<int>(rng.below(window));
      const int lo = std::max(0, i - reach), hi = std::min(n - 1, i + reach);
      int m = 0;
      for (int j = lo; j <= hi; ++j)
        if (j != i) sc.contexts[m++] = s[j];
      if (m == 0) continue;
      int used = 0;
      sc.outputs[used] = centre;
      sc.labels[used++] = 1.f;
      for (int k = 0; k < negative; ++k) {
        const std::uint32_t noise_word = noise.sample(rng.next());
        if (noise_word == centre) continue;
        sc.outputs[used] = noise_word;
        sc.labels[used++] = 0.f;
      }
      std::fill(sc.grad_in.begin(), sc.grad_in.begin() + static_cast<std::size_t>(m) * dim, 0.f);
      std::fill(sc.grad_out.begin(), sc.grad_out.begin() + static_cast<std::size_t>(used) * dim, 0.f);
      double loss = 0;
      for (int j = 0; j < m; ++j) {
        const float* v = in_row(sc.contexts[j]);
        float* gin = sc.grad_in.data() + static_cast<std::size_t>(j) * dim;
        for (int o = 0; o < used; ++o) {
          const float* u = out_row(sc.outputs[o]);
          float* gout = sc.grad_out.data() + static_cast<std::size_t>(o) * dim;
          const float f = w2v::dot(v, u, dim);
          const float g = (sc.labels[o] - table.sigmoid(f)) * lr;
          loss += table.neg_log_sigmoid(sc.labels[o] > 0.5f ? f : -f);
#pragma omp simd
          for (int d = 0; d < dim; ++d) {
            gin[d] += g * u[d];
            gout[d] += g * v[d];
          }
        }
      }
      for (int j = 0; j < m; ++j)
        w2v::axpy(1.f, sc.grad_in.data() + static_cast<std::size_t>(j) * dim, in_row(sc.contexts[j]), dim);
      for (int o = 0; o < used; ++o)
        w2v::axpy(1.f, sc.grad_out.data() + static_cast<std::size_t>(o) * dim, out_row(sc.outputs[o]), dim);
      sc.loss += loss;
      sc.pairs += static_cast<std::uint64_t>(m);
    }
  }

  // CBOW: the (mean or sum of the) context vectors predict the centre word; the
  // input gradient goes unscaled to every context word (word2vec.c, fastText).
  void cbow(const std::uint32_t* s, int n, w2v::FastRng& rng, float lr, Scratch& sc) {
    const int dim = state.args.dim, window = state.args.window, negative = state.args.negative;
    float* hidden = sc.hidden.data();
    float* grad = sc.grad.data();
    for (int i = 0; i < n; ++i) {
      const std::uint32_t centre = s[i];
      const int reach = window - static_cast<int>(rng.below(window));
      const int lo = std::max(0, i - reach), hi = std::min(n - 1, i + reach);
      if (hi - lo < 1) continue;
      std::fill(hidden, hidden + dim, 0.f);
      for (int j = lo; j <= hi; ++j)
        if (j != i) w2v::axpy(1.f, in_row(s[j]), hidden, dim);
      if (!state.args.cbow_sum) {
        const float scale = 1.f / static_cast<float>(hi - lo);
#pragma omp simd
        for (int d = 0; d < dim; ++d) hidden[d] *= scale;
      }
      std::fill(grad, grad + dim, 0.f);
      double loss = w2v::sgns_pair(hidden, out_row(centre), grad, dim, 1.f, lr, table);
      for (int k = 0; k < negative; ++k) {
        const std::uint32_t noise_word = noise.sample(rng.next());
        if (noise_word == centre) continue;
        loss += w2v::sgns_pair(hidden, out_row(noise_word), grad, dim, 0.f, lr, table);
      }
      for (int j = lo; j <= hi; ++j)
        if (j != i) w2v::axpy(1.f, grad, in_row(s[j]), dim);
      sc.loss += loss;
      ++sc.pairs;
    }
  }

  // One thread's work on its range until the range ends or `stop_at` (a
  // fraction of the whole run) is reached at a sentence boundary.
  void train_range(int t, double stop_at) {
    Word2VecThreadState& st = state.thread_states[t];
    if (st.done) return;
    const Word2VecArgs& a = state.args;
    Scratch sc;
    sc.sentence.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(a.max_sentence, 1 << 20)));
    sc.contexts.resize(2 * a.window);
    sc.outputs.resize(a.negative + 1);
    sc.labels.resize(a.negative + 1);
    sc.grad.resize(a.dim);
    sc.hidden.resize(a.dim);
    if (a.model == Word2VecModel::SkipGram && a.shared_negatives) {
      sc.grad_in.resize(static_cast<std::size_t>(2 * a.window) * a.dim);
      sc.grad_out.resize(static_cast<std::size_t>(a.negative + 1) * a.dim);
    }
    w2v::FastRng rng;
    std::copy(st.rng, st.rng + 4, rng.s);
    const std::uint32_t* ids = corpus.ids.data();
    const double total = static_cast<double>(total_words);
    while (st.cursor < st.end) {
      if (st.pending_words >= kPublishWords) {
        publish(st, sc);
        if (t == 0) report(false);
      }
      if (stop.load(std::memory_order_relaxed) || interrupted()) break;
      if (static_cast<double>(processed.load(std::memory_order_relaxed) + st.pending_words) >= stop_at * total)
        break;
      sc.sentence.clear();
      std::uint64_t read = 0;
      while (st.cursor < st.end && read < a.max_sentence) {
        const std::uint32_t id = ids[st.cursor++];
        if (id == kEnd) break;
        ++read;
        if (subsampler.keep(id, static_cast<std::uint32_t>(rng.next() >> 32))) sc.sentence.push_back(id);
      }
      st.pending_words += read;
      const int n = static_cast<int>(sc.sentence.size());
      const float lr = static_cast<float>(st.lr);
      if (a.model == Word2VecModel::Cbow)
        cbow(sc.sentence.data(), n, rng, lr, sc);
      else if (a.shared_negatives)
        skipgram_shared(sc.sentence.data(), n, rng, lr, sc);
      else
        skipgram_pairs(sc.sentence.data(), n, rng, lr, sc);
    }
    if (st.cursor >= st.end) {
      st.done = true;
      publish(st, sc);
    } else {
      flush_loss(sc);
    }
    std::copy(rng.s, rng.s + 4, st.rng);
  }
};

Word2Vec::Word2Vec(Word2VecArgs args) : args_(std::move(args)) { args_.validate(); }
Word2Vec::~Word2Vec() = default;

const Vocabulary& Word2Vec::vocabulary() const {
  EMBKIT_CHECK(impl_ != nullptr, "vocabulary() before train()");
  return impl_->state.vocabulary;
}

Embeddings Word2Vec::train() {
  EMBKIT_CHECK(impl_ == nullptr, "train() called twice");
  impl_ = std::make_unique<Impl>();
  Impl& im = *impl_;
  Word2VecState& s = im.state;
  const double every = args_.checkpoint_every / 100.0;

  if (!args_.resume.empty()) {
    s = load_checkpoint(args_.resume);
    // The checkpoint's hyperparameters win; paths and reporting come from args_.
    Word2VecArgs merged = s.args;
    merged.input = args_.input;
    merged.checkpoint = args_.checkpoint;
    merged.checkpoint_every = args_.checkpoint_every;
    merged.resume = args_.resume;
    merged.progress_json = args_.progress_json;
    merged.quiet = args_.quiet;
    merged.max_memory = args_.max_memory;
    merged.threads = s.threads;
    s.args = merged;
    args_ = merged;
    im.corpus = EncodedCorpus::read_with(args_.input, s.vocabulary);
    if (im.corpus.words != s.corpus_words || im.corpus.ids.size() != s.stream_length)
      throw InputError(located(args_.input, 0,
                               "corpus differs from the one checkpoint " + args_.resume + " was made with (" +
                                   std::to_string(im.corpus.words) + " vocabulary words, expected " +
                                   std::to_string(s.corpus_words) + ")"));
    stats_.resumed = true;
  } else {
    VocabularyOptions vo;
    vo.min_count = args_.min_count;
    vo.max_vocab = args_.max_vocab;
    im.corpus = EncodedCorpus::read(args_.input, vo, s.vocabulary);
    s.args = args_;
    s.threads = resolve_threads(args_.threads);
    s.corpus_words = im.corpus.words;
    s.stream_length = im.corpus.ids.size();
  }
  const Word2VecArgs& a = s.args;
  const std::uint64_t vocab_size = static_cast<std::uint64_t>(s.vocabulary.size());
  stats_.corpus_tokens = s.vocabulary.corpus_tokens;
  stats_.train_words = im.corpus.words;
  stats_.split_tokens = im.corpus.split_tokens;

  // Memory: two vocab × dim float matrices, the alias and subsampling tables,
  // per-thread scratch. (The encoded corpus is already allocated.)
  const std::uint64_t matrix_bytes = 2 * vocab_size * static_cast<std::uint64_t>(a.dim) * sizeof(float);
  require_memory(matrix_bytes + vocab_size * 16 +
                     static_cast<std::uint64_t>(s.threads) * (4 * a.max_sentence + 64 * a.dim * (a.window + a.negative + 2)),
                 "word2vec (" + std::to_string(vocab_size) + " words x " + std::to_string(a.dim) + " dims, 2 matrices)",
                 a.max_memory);

  std::vector<std::uint64_t> counts(vocab_size);
  for (std::uint64_t i = 0; i < vocab_size; ++i) counts[i] = s.vocabulary[static_cast<std::int64_t>(i)].count;
  im.noise = NoiseSampler(counts, a.ns_exponent);
  im.subsampler = Subsampler(counts, a.sample);
  im.alpha = a.resolved_alpha();
  im.total_words = static_cast<std::uint64_t>(a.epochs) * im.corpus.words;

  if (!stats_.resumed) {
    // word2vec.c's initialisation: input uniform in [-0.5/dim, 0.5/dim), output zero.
    s.input.resize(static_cast<Eigen::Index>(vocab_size), a.dim);
    s.output = Matrix::Zero(static_cast<Eigen::Index>(vocab_size), a.dim);
    Rng init(derive_seed(a.seed, 0xffffffffu, 0, 1));
    float* p = s.input.data();
    for (Eigen::Index i = 0; i < s.input.size(); ++i) p[i] = (init.uniform_float() - 0.5f) / a.dim;
    s.epoch = 0;
    s.processed_words = 0;
    im.processed = 0;
    im.init_epoch(0);
    s.next_checkpoint = every;
  } else {
    im.processed = s.processed_words;
    if (every > 0) {
      const double done = im.fraction_done();
      s.next_checkpoint = (std::floor(done / every + 1e-9) + 1) * every;
    }
  }

  im.progress = std::make_unique<Progress>("word2vec", args_.quiet);
  if (!args_.progress_json.empty()) {
    im.json.open(args_.progress_json, std::ios::app);
    if (!im.json) throw InputError(located(args_.progress_json, 0, "cannot open for appending"));
  }
  im.start = im.last_report = Clock::now();
  im.last_report_words = im.last_report_words_at_start = im.processed.load();

  const auto save = [&] {
    s.processed_words = im.processed.load();
    save_checkpoint(s, args_.checkpoint);
  };

  while (s.epoch < a.epochs) {
    for (;;) {
      const double stop_at = every > 0 ? s.next_checkpoint : 2.0;
      ExceptionCapture capture;
#pragma omp parallel num_threads(s.threads)
      {
        const int t = omp_get_thread_num();
        capture.run([&] { im.train_range(t, stop_at); });
      }
      capture.rethrow();
      if (im.bad_loss) {
        const std::string what = std::isnan(im.bad_loss_value) ? "NaN" : "infinite";
        throw InputError("loss became " + what + " at " + fixed(100 * im.bad_loss_fraction, 1) +
                         "% of training; lower " + param("alpha") + " (now " + format_double(im.alpha) +
                         "); nothing was written");
      }
      if (interrupted()) {
        if (!args_.checkpoint.empty()) {
          save();
          im.progress->message("interrupted; checkpoint written to " + args_.checkpoint +
                               " (continue with " + param("resume") + " " + args_.checkpoint + ")");
        }
        throw Interrupted();
      }
      bool all_done = true;
      for (const auto& st : s.thread_states) all_done = all_done && st.done;
      const double fraction = im.fraction_done();
      if (every > 0 && fraction >= s.next_checkpoint) {
        while (s.next_checkpoint <= fraction) s.next_checkpoint += every;
        if (!(all_done && s.epoch + 1 == a.epochs)) save();
      }
      if (all_done) break;
    }
    ++s.epoch;
    if (s.epoch < a.epochs) im.init_epoch(s.epoch);
  }
  im.report(true);
  stats_.words_this_run = im.processed.load() - im.last_report_words_at_start;
  stats_.seconds = std::chrono::duration<double>(Clock::now() - im.start).count();
  stats_.final_loss = im.last_loss;

  // A run that diverged without a NaN loss in the counters still must not
  // write garbage.
  if (!s.input.allFinite() || !s.output.allFinite())
    throw InputError("vectors became NaN or infinite during training; lower " + param("alpha") + " (now " +
                     format_double(im.alpha) + "); nothing was written");
  // Free the corpus before the caller builds outputs (peak memory).
  std::vector<std::uint32_t>().swap(im.corpus.ids);
  return Embeddings(s.vocabulary.words(), std::move(s.input));
}

Embeddings Word2Vec::context_vectors() {
  EMBKIT_CHECK(impl_ != nullptr, "context_vectors() before train()");
  return Embeddings(impl_->state.vocabulary.words(), std::move(impl_->state.output));
}

}  // namespace embkit
