#include "word2vec/word2vec.h"

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>

#include "core/distributed.h"
#include "core/error.h"
#include "core/json.h"
#include "core/memory.h"
#include "core/parallel.h"
#include "core/progress.h"
#include "core/random.h"
#include "core/signals.h"
#include "core/simd.h"
#include "core/vectors_io.h"
#include "word2vec/checkpoint.h"
#include "word2vec/corpus_feed.h"
#include "word2vec/noise_sampler.h"
#include "word2vec/sgns_kernels.h"
#include "word2vec/subsampler.h"
#include "word2vec/subword_kernels.h"
#include "word2vec/subwords.h"
#include "word2vec/touched_rows.h"

namespace embkit {

namespace {

using Clock = std::chrono::steady_clock;
// Threads add their word counts to the shared counter (which drives the lr
// schedule and progress) every this many words, as word2vec.c does.
constexpr std::uint64_t kPublishWords = 10000;
constexpr std::uint32_t kEnd = CorpusFeed::kSentenceEnd;

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
  std::optional<w2v::SubwordScratch> subwords;  // --subwords only
  double loss = 0;
  std::uint64_t pairs = 0;
};

}  // namespace

struct Word2Vec::Impl {
  Word2VecState state;
  CorpusFeed corpus;
  NoiseSampler noise;
  Subsampler subsampler;
  SubwordTable subword_table;  // --subwords: each word's input rows G_w
  w2v::SigmoidTable table;
  double alpha = 0;
  std::uint64_t total_words = 0;  // epochs × words: the length of the lr schedule

  // With N MPI ranks (core/distributed.h) each rank trains its own byte range
  // and `processed` counts this rank's words; the lr schedule and progress
  // follow the words of all ranks, exact at each sync and, between syncs,
  // estimated as if the other ranks kept pace with this one.
  int ranks = 1;
  std::uint64_t local_at_sync = 0;  // this rank's words (published or pending) at the last sync
  std::uint64_t remote_words = 0;   // the other ranks' words at the last sync
  bool ranks_all_done = false;      // every rank finished its range of the epoch (at the last sync)
  bool interrupted_anywhere = false;
  std::uint64_t syncs = 0, rows_averaged = 0, unions_by_ids = 0;
  // --sync-rows touched: the rows written since the last sync (touched_rows.h);
  // off (never marking) with one rank or --sync-rows all.
  w2v::TouchedRows input_marks, output_marks;
  bool marking = false;

  // Shared between threads.
  std::atomic<std::uint64_t> processed{0};
  std::atomic<bool> stop{false};
  std::mutex mutex;  // guards the interval loss and the failure record
  double interval_loss = 0;
  std::uint64_t interval_pairs = 0;
  bool bad_loss = false;
  double bad_loss_value = 0, bad_loss_fraction = 0;
  Embeddings init;  // --init: the starting vectors (released once copied in)

  // Progress (written by thread 0 only).
  std::unique_ptr<Progress> progress;
  std::ofstream json;
  Clock::time_point start, last_report;
  std::uint64_t last_report_words = 0, last_report_words_at_start = 0;
  double last_loss = 0;

  std::uint64_t global_words(std::uint64_t local) const {
    if (ranks == 1) return local;
    const std::uint64_t since = local > local_at_sync ? local - local_at_sync : 0;
    return local_at_sync + remote_words + since * static_cast<std::uint64_t>(ranks);
  }

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
    return static_cast<double>(global_words(words)) / static_cast<double>(total_words);
  }

  void init_epoch(int epoch) {
    // This rank's range (the whole corpus with one rank), split between its threads.
    const std::uint64_t from = corpus.rank_begin(), length = corpus.rank_end() - from;
    const int threads = state.threads;
    state.thread_states.assign(threads, {});
    for (int t = 0; t < threads; ++t) {
      Word2VecThreadState& st = state.thread_states[t];
      st.begin = from + length * t / threads;
      st.end = from + length * (t + 1) / threads;
      st.cursor = st.begin;
      const auto stream = static_cast<std::uint64_t>(distributed::rank()) * threads + t;
      Rng rng(derive_seed(state.args.seed, stream, static_cast<std::uint64_t>(epoch)));
      rng.get_state(st.rng);
      st.pending_words = 0;
      st.lr = lr_at(global_words(processed.load()));
      st.done = st.begin >= st.end;
    }
  }

  EMBKIT_NOINLINE void flush_loss(Scratch& s) {
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

  EMBKIT_NOINLINE void publish(Word2VecThreadState& st, Scratch& s) {
    const std::uint64_t now = processed.fetch_add(st.pending_words) + st.pending_words;
    st.pending_words = 0;
    st.lr = lr_at(global_words(now));
    flush_loss(s);
  }

  EMBKIT_NOINLINE void report(bool final_line) {
    const Clock::time_point now = Clock::now();
    const double since = std::chrono::duration<double>(now - last_report).count();
    if (!final_line && since < 1.0) return;
    const std::uint64_t local = processed.load(), words = global_words(local);
    const double fraction = std::min(1.0, static_cast<double>(words) / static_cast<double>(total_words));
    const double wps = since > 0 ? static_cast<double>(local - last_report_words) / since / state.threads : 0;
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (interval_pairs > 0) last_loss = interval_loss / static_cast<double>(interval_pairs);
      interval_loss = 0;
      interval_pairs = 0;
    }
    last_report = now;
    last_report_words = local;
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

  // The window around position i of an n-word sentence: its reach is drawn
  // uniformly from 1..window for every centre word (word2vec.c's `b`), which
  // weights near contexts more than far ones.
  struct Window {
    int lo, hi;
  };
  Window window_around(int i, int n, w2v::FastRng& rng) const {
    const int window = state.args.window;
    const int reach = window - static_cast<int>(rng.below(window));
    return {std::max(0, i - reach), std::min(n - 1, i + reach)};
  }

  // One negative-sampling step for input vector v (2013b, eq. 4): the positive
  // pair (v, u_centre), then K noise words drawn from P_n, skipping draws of the
  // centre word itself (word2vec.c). Each pair updates its output row at once
  // and adds its share to `grad`, v's gradient, which the caller applies.
  // Returns the step's loss.
  double negative_sampling_step(const float* v, std::uint32_t centre, float* grad, w2v::FastRng& rng, float lr) {
    const int dim = state.args.dim;
    std::fill(grad, grad + dim, 0.f);
    double loss = w2v::sgns_pair(v, out_row(centre), grad, dim, 1.f, lr, table);
    for (int k = 0; k < state.args.negative; ++k) {
      const std::uint32_t noise_word = noise.sample(rng.next());
      if (noise_word == centre) continue;
      output_marks.mark(noise_word);
      loss += w2v::sgns_pair(v, out_row(noise_word), grad, dim, 0.f, lr, table);
    }
    return loss;
  }

  // word2vec.c's skip-gram: the context word is the input, the centre word the
  // positive output, fresh noise words for every pair.
  void skipgram_pairs(const std::uint32_t* s, int n, w2v::FastRng& rng, float lr, Scratch& sc) {
    float* grad = sc.grad.data();
    for (int i = 0; i < n; ++i) {
      const Window w = window_around(i, n, rng);
      for (int j = w.lo; j <= w.hi; ++j) {
        if (j == i) continue;
        float* v = in_row(s[j]);
        sc.loss += negative_sampling_step(v, s[i], grad, rng, lr);
        w2v::axpy(1.f, grad, v, state.args.dim);
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
    const int dim = state.args.dim, negative = state.args.negative;
    for (int i = 0; i < n; ++i) {
      const std::uint32_t centre = s[i];
      const Window w = window_around(i, n, rng);
      int m = 0;
      for (int j = w.lo; j <= w.hi; ++j)
        if (j != i) sc.contexts[m++] = s[j];
      if (m == 0) continue;
      int used = 0;
      sc.outputs[used] = centre;
      sc.labels[used++] = 1.f;
      for (int k = 0; k < negative; ++k) {
        const std::uint32_t noise_word = noise.sample(rng.next());
        if (noise_word == centre) continue;
        output_marks.mark(noise_word);
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

  // CBOW (2013a, §3.1): the mean (or sum) of the context vectors is the input
  // v of one negative-sampling step for the centre word; v's gradient goes
  // unscaled to every context word (word2vec.c, fastText).
  void cbow(const std::uint32_t* s, int n, w2v::FastRng& rng, float lr, Scratch& sc) {
    const int dim = state.args.dim;
    float* hidden = sc.hidden.data();
    float* grad = sc.grad.data();
    for (int i = 0; i < n; ++i) {
      const Window w = window_around(i, n, rng);
      if (w.hi - w.lo < 1) continue;
      std::fill(hidden, hidden + dim, 0.f);
      for (int j = w.lo; j <= w.hi; ++j)
        if (j != i) w2v::axpy(1.f, in_row(s[j]), hidden, dim);
      if (!state.args.cbow_sum) {
        const float scale = 1.f / static_cast<float>(w.hi - w.lo);
#pragma omp simd
        for (int d = 0; d < dim; ++d) hidden[d] *= scale;
      }
      sc.loss += negative_sampling_step(hidden, s[i], grad, rng, lr);
      for (int j = w.lo; j <= w.hi; ++j)
        if (j != i) w2v::axpy(1.f, grad, in_row(s[j]), dim);
      ++sc.pairs;
    }
  }

  // --- one thread's work ------------------------------------------------------

  EMBKIT_NOINLINE Scratch make_scratch() const {
    const Word2VecArgs& a = state.args;
    Scratch sc;
    sc.sentence.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(a.max_sentence, 1 << 20)));
    sc.contexts.resize(2 * a.window);
    sc.outputs.resize(a.negative + 1);
    sc.labels.resize(a.negative + 1);
    sc.grad.resize(a.dim);
    sc.hidden.resize(a.dim);
    if (a.subwords()) sc.subwords.emplace(a.dim, a.window, a.negative);
    if (a.model == Word2VecModel::SkipGram && a.shared_negatives) {
      sc.grad_in.resize(static_cast<std::size_t>(2 * a.window) * a.dim);
      sc.grad_out.resize(static_cast<std::size_t>(a.negative + 1) * a.dim);
    }
    return sc;
  }

  // One thread's work on its range until the range ends or this rank's word
  // count reaches `stop_at` (stop_words), at a sentence boundary. The loop
  // and the SGNS kernels it inlines are compiled once per instruction set
  // (core/simd.h); simd_level() picks one.
  void train_range(int t, double stop_at) {
    switch (simd_level()) {
      case SimdLevel::Avx512: return train_range_avx512(t, stop_at);
      case SimdLevel::Avx2: return train_range_avx2(t, stop_at);
      case SimdLevel::Baseline: break;
    }
    train_range_body(t, stop_at);
  }
  EMBKIT_TARGET_AVX512 EMBKIT_FLATTEN void train_range_avx512(int t, double stop_at) {
    train_range_body(t, stop_at);
  }
  EMBKIT_TARGET_AVX2 EMBKIT_FLATTEN void train_range_avx2(int t, double stop_at) { train_range_body(t, stop_at); }

  void train_range_body(int t, double stop_at) {
    Word2VecThreadState& st = state.thread_states[t];
    if (st.done) return;
    const Word2VecArgs& a = state.args;
    Scratch sc = make_scratch();
    w2v::FastRng rng;
    std::copy(st.rng, st.rng + 4, rng.s);
    w2v::SubwordSteps subword_steps(state.input.data(), state.output.data(), a.dim, a.window, a.negative,
                                    subword_table, noise, table);
    if (marking) subword_steps.track(&input_marks, &output_marks);
    FeedReader feed(corpus, st.begin, st.end, st.cursor);
    while (feed.more()) {
      if (st.pending_words >= kPublishWords) {
        publish(st, sc);
        if (t == 0) report(false);
      }
      if (stop.load(std::memory_order_relaxed) || interrupted()) break;
      if (static_cast<double>(processed.load(std::memory_order_relaxed) + st.pending_words) >= stop_at) break;
      // The next sentence (up to its end marker or max_sentence words), each
      // word kept with its subsampling probability (subsampler.h).
      sc.sentence.clear();
      std::uint64_t read = 0;
      while (read < a.max_sentence && feed.more()) {
        const std::uint32_t id = feed.next();
        if (id == kEnd) break;
        ++read;
        if (subsampler.keep(id, static_cast<std::uint32_t>(rng.next() >> 32))) sc.sentence.push_back(id);
      }
      st.pending_words += read;
      const int n = static_cast<int>(sc.sentence.size());
      if (marking) {
        // The rows the kernels below may write: the sentence's words' input
        // rows (contexts; with subwords scatter() marks the n-gram rows) and
        // output rows (centres), and the noise words' output rows (marked
        // where they are drawn).
        if (!a.subwords()) input_marks.mark_all(sc.sentence.data(), n);
        output_marks.mark_all(sc.sentence.data(), n);
      }
      const float lr = static_cast<float>(st.lr);
      if (a.subwords() && a.model == Word2VecModel::Cbow)
        subword_steps.cbow(sc.sentence.data(), n, rng, lr, *sc.subwords, sc.loss, sc.pairs);
      else if (a.subwords())
        subword_steps.skipgram(sc.sentence.data(), n, rng, lr, *sc.subwords, sc.loss, sc.pairs);
      else if (a.model == Word2VecModel::Cbow)
        cbow(sc.sentence.data(), n, rng, lr, sc);
      else if (a.shared_negatives)
        skipgram_shared(sc.sentence.data(), n, rng, lr, sc);
      else
        skipgram_pairs(sc.sentence.data(), n, rng, lr, sc);
    }
    st.done = !feed.more();
    st.cursor = feed.position();
    if (st.done) {
      publish(st, sc);
    } else {
      flush_loss(sc);
    }
    std::copy(rng.s, rng.s + 4, st.rng);
  }

  // --- the steps of Word2Vec::train ------------------------------------------

  // Checkpoint interval as a fraction of the run (0 = only on interrupt).
  double checkpoint_every() const { return state.args.checkpoint_every / 100.0; }

  // A fresh run: the vocabulary from one reading, and the corpus feed (the
  // file streamed, or what cannot be re-read encoded in memory).
  // `sentences`, when given, replace the file args.input.
  void read_corpus(const Word2VecArgs& args, const std::vector<std::vector<std::string>>* sentences) {
    VocabularyOptions vo;
    vo.min_count = args.min_count;
    vo.max_vocab = args.max_vocab;
    state.threads = resolve_threads(args.threads);
    ranks = distributed::size();
    if (sentences) {
      if (!args.init.empty())
        throw ParameterError("init", "needs the corpus as a file (" + param("input") + "), not as sentences");
      corpus = CorpusFeed::from_sentences(*sentences, vo, state.vocabulary);
    } else if (args.init.empty()) {
      corpus = CorpusFeed::open(args.input, vo, state.vocabulary, nullptr, true, state.threads);
      warn_if_untokenized(state.vocabulary, args.input, args.min_count, "word2vec", args.quiet);
    } else {
      // The file first: a dimension mismatch fails before the corpus is read.
      init = read_vectors(args.init);
      if (init.dim() != args.dim)
        throw InputError(located(args.init, 0, "holds " + std::to_string(init.dim()) + "-dimensional vectors but " +
                                                   param("dim") + " is " + std::to_string(args.dim) +
                                                   "; give " + param("dim") + " " + std::to_string(init.dim())));
      corpus = CorpusFeed::open(args.input, vo, state.vocabulary, &init.labels, args.update_vocab, state.threads);
    }
    state.args = args;
    state.corpus_words = corpus.words();
    state.stream_length = corpus.length();
    state.positions = corpus.positions();
  }

  // A resumed run: the checkpoint's state, then the corpus encoded with its
  // vocabulary. The checkpoint's hyperparameters win; paths and reporting come
  // from `args`, which becomes the merged arguments.
  void resume(Word2VecArgs& args) {
    state = load_checkpoint(args.resume);
    Word2VecArgs merged = state.args;
    merged.input = args.input;
    merged.checkpoint = args.checkpoint;
    merged.checkpoint_every = args.checkpoint_every;
    merged.resume = args.resume;
    merged.progress_json = args.progress_json;
    merged.quiet = args.quiet;
    merged.max_memory = args.max_memory;
    merged.sync_words = args.sync_words;
    merged.sync_rows = args.sync_rows;
    merged.threads = state.threads;
    if (args.resume_epochs > 0) {
      if (args.resume_epochs <= state.epoch)
        throw ParameterError("epochs", std::to_string(args.resume_epochs) + " is not more than the " +
                                           std::to_string(state.epoch) + " epochs checkpoint " + args.resume +
                                           " has already completed");
      merged.epochs = args.resume_epochs;
    }
    state.args = merged;
    args = merged;
    // Each rank continues its own threads' ranges: the same number of ranks.
    ranks = distributed::size();
    if (state.ranks != ranks)
      throw InputError(located(args.resume, 0, "was written by " + std::to_string(state.ranks) +
                                                   " MPI rank(s); resume it with as many (mpirun -np " +
                                                   std::to_string(state.ranks) + "), not " + std::to_string(ranks)));
    if (ranks > 1) {
      const auto first = state.thread_states.begin() + static_cast<std::ptrdiff_t>(distributed::rank()) * state.threads;
      state.thread_states = std::vector<Word2VecThreadState>(first, first + state.threads);
    }
    if (state.positions == CorpusFeed::Positions::Bytes && file_size(args.input) < 0)
      throw InputError(located(args.input, 0, "checkpoint " + args.resume +
                                                  " was made reading a file by byte ranges; give that file as " +
                                                  param("input") + ", not a pipe"));
    corpus = CorpusFeed::open_with(args.input, state.vocabulary, state.positions, state.threads);
    if (corpus.words() != state.corpus_words || corpus.length() != state.stream_length)
      throw InputError(located(args.input, 0,
                               "corpus differs from the one checkpoint " + args.resume + " was made with (" +
                                   std::to_string(corpus.words()) + " vocabulary words, expected " +
                                   std::to_string(state.corpus_words) + ")"));
  }

  // The memory check, then what the epochs draw from: the noise distribution
  // P_n(w) ∝ count(w)^ns_exponent, the subsampling thresholds and the length
  // T of the learning-rate schedule.
  void prepare() {
    const Word2VecArgs& a = state.args;
    const std::uint64_t vocab_size = static_cast<std::uint64_t>(state.vocabulary.size());
    // Memory: two vocab × dim float matrices, the alias and subsampling tables,
    // per-thread scratch and feed chunks. (The feed's table or in-memory
    // corpus is already allocated.)
    std::uint64_t matrix_bytes = 2 * vocab_size * static_cast<std::uint64_t>(a.dim) * sizeof(float);
    if (a.subwords()) matrix_bytes = subword_memory(vocab_size);
    require_memory(matrix_bytes + vocab_size * 16 +
                       static_cast<std::uint64_t>(state.threads) *
                           (4 * a.max_sentence + 12 * FeedReader::kChunkIds + (1 << 20) +
                            64 * static_cast<std::uint64_t>(a.dim) *
                                                         (static_cast<std::uint64_t>(a.window) + a.negative + 2)),
                   a.subwords() ? subword_model_size(vocab_size)
                                : "word2vec (" + std::to_string(vocab_size) + " words x " + std::to_string(a.dim) +
                                      " dims, 2 matrices)",
                   a.max_memory);
    if (a.subwords()) subword_table = SubwordTable(state.vocabulary, a.minn, a.maxn, a.buckets);
    std::vector<std::uint64_t> counts(vocab_size);
    for (std::uint64_t i = 0; i < vocab_size; ++i) counts[i] = state.vocabulary[static_cast<std::int64_t>(i)].count;
    noise = NoiseSampler(counts, a.ns_exponent);
    subsampler = Subsampler(counts, a.sample);
    alpha = a.resolved_alpha();
    // Averaging N replicas divides each rank's update by N; stepping at N·α
    // makes the mean move as one process taking every rank's steps:
    // (1/N) Σ_r (W + N·Δ_r) = W + Σ_r Δ_r (Δ_r: rank r's update at rate α).
    if (ranks > 1) alpha *= ranks;
    total_words = static_cast<std::uint64_t>(a.epochs) * corpus.words();
    if (ranks > 1 && a.sync_rows == SyncRows::Touched) {
      // The frequent rows, synced densely: those whose expected kept
      // occurrences per sync interval reach ln 100 (touched_rows.h).
      std::vector<double> kept(vocab_size);
      for (std::uint32_t w = 0; w < vocab_size; ++w)
        kept[w] = static_cast<double>(counts[w]) * std::min(1.0, subsampler.keep_probability(w));
      const std::size_t frequent =
          w2v::frequent_rows(kept, static_cast<double>(corpus.words()), static_cast<double>(a.sync_words));
      const std::size_t input_rows = vocab_size + (a.subwords() ? a.buckets : 0);
      input_marks = w2v::TouchedRows(input_rows, frequent);
      output_marks = w2v::TouchedRows(vocab_size, frequent);
      marking = true;
    }
  }

  // --subwords: the input matrix holds (words + buckets) rows, the output
  // matrix words rows, each dim floats; plus the n-gram table.
  std::uint64_t subword_memory(std::uint64_t vocab_size) const {
    const Word2VecArgs& a = state.args;
    return (2 * vocab_size + a.buckets) * static_cast<std::uint64_t>(a.dim) * sizeof(float) +
           SubwordTable::estimate_bytes(state.vocabulary, a.minn, a.maxn);
  }
  // The model's size, said before training (and in the memory refusal).
  std::string subword_model_size(std::uint64_t vocab_size) const {
    const Word2VecArgs& a = state.args;
    const std::string size = "word2vec subword model (" + std::to_string(vocab_size) + " words + " +
                             std::to_string(a.buckets) + " n-gram buckets, x " + std::to_string(a.dim) +
                             " dims, input and output matrices: " +
                             format_bytes(static_cast<double>(subword_memory(vocab_size))) + ")";
    if (!a.quiet) std::cerr << size << "\n";
    return size;
  }
  // u_w = (1/|G_w|) Σ_{g∈G_w} z_g for every vocabulary word; the input matrix
  // stays for subword_model().
  Embeddings subword_vocabulary_vectors() const {
    const int dim = state.args.dim;
    Matrix out(state.vocabulary.size(), dim);
    for (Eigen::Index w = 0; w < out.rows(); ++w) {
      const auto id = static_cast<std::uint32_t>(w);
      mean_of_rows(state.input.data(), dim, subword_table.rows(id), subword_table.count(id), out.row(w).data());
    }
    return Embeddings(state.vocabulary.words(), std::move(out));
  }

  // word2vec.c's initialisation: input uniform in [-0.5/dim, 0.5/dim), output zero.
  void initialise() {
    const Word2VecArgs& a = state.args;
    const auto rows = static_cast<Eigen::Index>(state.vocabulary.size());
    state.input.resize(rows + (a.subwords() ? static_cast<Eigen::Index>(a.buckets) : 0), a.dim);
    state.output = Matrix::Zero(rows, a.dim);
    Rng rng(derive_seed(a.seed, 0xffffffffu, 0, 1));
    float* p = state.input.data();
    // Subwords: fastText's start, uniform in [-1/dim, 1/dim) for word and n-gram
    // rows. (fastText 0.9.2 fills only min(threads, 10) tenths of its matrix and
    // leaves the rest zero; starting most n-gram rows at zero scored the same,
    // docs/benchmarks.md.)
    const float width = a.subwords() ? 2.f : 1.f;
    for (Eigen::Index i = 0; i < state.input.size(); ++i) p[i] = width * (rng.uniform_float() - 0.5f) / a.dim;
    // --init: the file's words start from their vectors (the draws above are
    // made all the same, so new words start as they would have).
    for (std::size_t r = 0; r < this->init.labels.size(); ++r)
      state.input.row(state.vocabulary.find(this->init.labels[r])) = this->init.vectors.row(static_cast<Eigen::Index>(r));
    this->init = Embeddings();
    state.epoch = 0;
    state.processed_words = 0;
    processed = 0;
    init_epoch(0);
    state.next_checkpoint = checkpoint_every();
  }

  // After a resume: the schedule continues from the checkpoint's word count,
  // and the next checkpoint is the next multiple of the (possibly new) interval.
  void continue_from_checkpoint() {
    if (ranks == 1) {
      processed = state.processed_words;
    } else {  // this rank's count starts at 0; the checkpoint's is all ranks'
      processed = 0;
      remote_words = state.processed_words;
    }
    const double every = checkpoint_every();
    if (every > 0) {
      const double done = fraction_done();
      state.next_checkpoint = (std::floor(done / every + 1e-9) + 1) * every;
    }
  }

  void start_reporting() {
    progress = std::make_unique<Progress>("word2vec", state.args.quiet);
    if (!state.args.progress_json.empty()) {
      json.open(state.args.progress_json, std::ios::app);
      if (!json) throw InputError(located(state.args.progress_json, 0, "cannot open for appending"));
    }
    start = last_report = Clock::now();
    last_report_words = last_report_words_at_start = processed.load();
  }

  // Rank 0 writes the checkpoint (the others' AtomicFile writes nothing);
  // with N ranks, just after a sync, with every rank's thread states and, as
  // the schedule position, the words all ranks have published.
  void save() {
    if (ranks == 1) {
      state.processed_words = processed.load();
      save_checkpoint(state, state.args.checkpoint);
      return;
    }
    std::vector<Word2VecThreadState> mine = state.thread_states;
    state.thread_states = distributed::allgatherv(mine);
    std::uint64_t pending = 0;
    for (const auto& st : state.thread_states) pending += st.pending_words;
    state.processed_words = local_at_sync + remote_words - pending;
    state.ranks = ranks;
    save_checkpoint(state, state.args.checkpoint);
    state.thread_states = std::move(mine);
  }

  // The collective step after each segment with N ranks: the word counts and
  // the flags every rank must act on alike, then the model replaced by the
  // mean of the ranks' models, (1/N) Σ_r W_r (MPI_Allreduce): every row, or
  // with --sync-rows touched the frequent rows and the rare rows some rank
  // wrote since the last sync (the others are equal on every rank already).
  void synchronise() {
    std::uint64_t local = processed.load();
    bool done = true;
    for (const auto& st : state.thread_states) {
      local += st.pending_words;
      done = done && st.done;
    }
    // With --sync-rows touched each rank's marked rare rows, whose totals
    // choose how the ranks agree on their union (touched_rows.h).
    std::vector<std::uint32_t> marked_in, marked_out;
    if (marking) {
      marked_in = input_marks.take_marked();
      marked_out = output_marks.take_marked();
    }
    std::uint64_t v[6] = {local, done ? 1u : 0u, interrupted() ? 1u : 0u, bad_loss ? 1u : 0u,
                          marked_in.size(), marked_out.size()};
    distributed::allreduce_sum(v, marking ? 6 : 4);
    local_at_sync = local;
    remote_words = v[0] - local;
    ranks_all_done = v[1] == static_cast<std::uint64_t>(ranks);
    interrupted_anywhere = v[2] > 0;
    if (v[3] > 0 && !bad_loss) {  // another rank diverged: stop alike
      bad_loss = true;
      bad_loss_value = std::nan("");
      bad_loss_fraction = fraction_done();
    }
    ++syncs;
    const std::pair<Matrix*, std::size_t> matrices[] = {
        {&state.input, marking ? input_marks.first_rare() : static_cast<std::size_t>(state.input.rows())},
        {&state.output, marking ? output_marks.first_rare() : static_cast<std::size_t>(state.output.rows())}};
    for (int i = 0; i < 2; ++i) {
      Matrix& m = *matrices[i].first;
      const w2v::RowSyncCounts moved = w2v::average_rows(m.data(), static_cast<std::size_t>(m.rows()),
                                                         state.args.dim, matrices[i].second,
                                                         i == 0 ? marked_in : marked_out, v[4 + i]);
      rows_averaged += moved.dense_rows + moved.sparse_rows;
      unions_by_ids += moved.union_by_ids ? 1 : 0;
    }
  }

  void throw_if_diverged() const {
    if (!bad_loss) return;
    const std::string what = std::isnan(bad_loss_value) ? "NaN" : "infinite";
    throw InputError("loss became " + what + " at " + fixed(100 * bad_loss_fraction, 1) +
                     "% of training; lower " + param("alpha") + " (now " + format_double(alpha) +
                     "); nothing was written");
  }

  [[noreturn]] void stop_interrupted() {
    if (!state.args.checkpoint.empty()) {
      save();
      progress->message("interrupted; checkpoint written to " + state.args.checkpoint +
                        " (continue with " + param("resume") + " " + state.args.checkpoint + ")");
    }
    throw Interrupted();
  }

  // Runs every thread on its range until the range ends or the next checkpoint
  // is due, then stops on divergence or interruption and writes a due
  // checkpoint. Returns whether the epoch is complete.
  bool run_segment() {
    const double every = checkpoint_every();
    const double stop_at = every > 0 ? state.next_checkpoint : 2.0;
    // This rank's word count at which its threads end the segment.
    double stop_words = stop_at * static_cast<double>(total_words);
    if (ranks > 1) {
      // This rank's count at which the estimated global count reaches the
      // checkpoint (global_words solved for `local`), or the next sync.
      const double n = ranks;
      const double at_checkpoint =
          (stop_words - static_cast<double>(local_at_sync + remote_words)) / n + static_cast<double>(local_at_sync);
      const double at_sync = static_cast<double>(local_at_sync + std::max<std::uint64_t>(1, state.args.sync_words / ranks));
      stop_words = std::min(at_checkpoint, at_sync);
    }
    ExceptionCapture capture;
#pragma omp parallel num_threads(state.threads)
    {
      const int t = omp_get_thread_num();
      capture.run([&] { train_range(t, stop_words); });
    }
    capture.rethrow();
    if (ranks > 1) synchronise();
    throw_if_diverged();
    if (ranks > 1 ? interrupted_anywhere : interrupted()) stop_interrupted();
    bool all_done = true;
    for (const auto& st : state.thread_states) all_done = all_done && st.done;
    if (ranks > 1) all_done = ranks_all_done;
    const double fraction = fraction_done();
    if (every > 0 && fraction >= state.next_checkpoint) {
      while (state.next_checkpoint <= fraction) state.next_checkpoint += every;
      // The run's very end needs no checkpoint.
      if (!(all_done && state.epoch + 1 == state.args.epochs)) save();
    }
    return all_done;
  }

  void run_epochs() {
    while (state.epoch < state.args.epochs) {
      // An epoch runs in segments that end where checkpoints are due.
      bool epoch_done = false;
      while (!epoch_done) epoch_done = run_segment();
      ++state.epoch;
      if (state.epoch < state.args.epochs) init_epoch(state.epoch);
    }
  }

  Embeddings finish(Word2VecStats& stats) {
    report(true);
    stats.words_this_run = processed.load() - last_report_words_at_start;
    stats.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    stats.final_loss = last_loss;
    stats.syncs = syncs;
    stats.rows_averaged = rows_averaged;
    stats.unions_by_ids = unions_by_ids;
    stats.bytes_sent = distributed::bytes_sent();
    // A run that diverged without a NaN loss in the counters still must not
    // write garbage.
    if (!state.input.allFinite() || !state.output.allFinite())
      throw InputError("vectors became NaN or infinite during training; lower " + param("alpha") + " (now " +
                       format_double(alpha) + "); nothing was written");
    // Free the corpus before the caller builds outputs (peak memory).
    corpus.release();
    if (state.args.subwords()) return subword_vocabulary_vectors();
    return Embeddings(state.vocabulary.words(), std::move(state.input));
  }
};

Word2Vec::Word2Vec(Word2VecArgs args) : args_(std::move(args)) { args_.validate(); }
Word2Vec::~Word2Vec() = default;

const Vocabulary& Word2Vec::vocabulary() const {
  EMBKIT_CHECK(impl_ != nullptr, "vocabulary() before train()");
  return impl_->state.vocabulary;
}

Embeddings Word2Vec::train() { return train_from(nullptr); }

Embeddings Word2Vec::train(const std::vector<std::vector<std::string>>& sentences) {
  if (!args_.resume.empty())
    throw ParameterError("resume", "needs the corpus as a file (" + param("input") + "), not as sentences");
  return train_from(&sentences);
}

// The objective and the update are in word2vec.h; each step here is one
// method of Impl above.
Embeddings Word2Vec::train_from(const std::vector<std::vector<std::string>>* sentences) {
  EMBKIT_CHECK(impl_ == nullptr, "train() called twice");
  impl_ = std::make_unique<Impl>();
  Impl& im = *impl_;
  // 1. The corpus as vocabulary ids: read afresh, or with the vocabulary,
  //    hyperparameters and position of the checkpoint being resumed.
  if (args_.resume.empty()) {
    im.read_corpus(args_, sentences);
  } else {
    im.resume(args_);
    stats_.resumed = true;
  }
  stats_.corpus_tokens = im.state.vocabulary.corpus_tokens;
  stats_.train_words = im.corpus.words();
  stats_.split_tokens = im.corpus.split_tokens();
  // 2. Noise distribution P_n, subsampling, the length of the lr schedule.
  im.prepare();
  // 3. Parameters: word2vec.c's random start, or the checkpoint's.
  if (stats_.resumed) {
    im.continue_from_checkpoint();
  } else {
    im.initialise();
  }
  // 4. The epochs: Hogwild threads take one SGNS step (eq. 4) per window,
  //    at the rate α_t = α·max(1e-4, 1 − t/(T+1)) after t of T words.
  im.start_reporting();
  im.run_epochs();
  // 5. The statistics, a last check for divergence, the word vectors.
  return im.finish(stats_);
}

SubwordModel Word2Vec::subword_model() {
  EMBKIT_CHECK(impl_ != nullptr && impl_->state.args.subwords() && impl_->state.input.size() > 0,
               "subword_model() needs a finished --subwords run, once");
  return SubwordModel(impl_->state.args, impl_->state.vocabulary, std::move(impl_->state.input));
}

Embeddings Word2Vec::context_vectors() {
  EMBKIT_CHECK(impl_ != nullptr, "context_vectors() before train()");
  return Embeddings(impl_->state.vocabulary.words(), std::move(impl_->state.output));
}

}  // namespace embkit
