#include "eval/analogy.h"

#include <algorithm>
#include <chrono>
#include <limits>
#include <utility>

#include <omp.h>

#include "core/dense.h"
#include "core/error.h"
#include "core/parallel.h"
#include "core/signals.h"
#include "eval/exact_index.h"
#include "eval/knn_topk.h"
#include "eval/label_lookup.h"

namespace embkit {

namespace {

constexpr std::int64_t kCandidates = 5;    // gensim's topn=5
constexpr float kCosMulEpsilon = 0.001f;   // Levy & Goldberg 2014, section 4

struct Question {
  std::int64_t a, b, c;     // rows in the restricted vocabulary
  std::string expected;     // lookup key of d
  std::size_t section;
};

// Rows [0, n) scaled to unit length (zero rows stay zero).
Matrix unit_rows(const Matrix& vectors, std::int64_t n) {
  Matrix unit = vectors.topRows(n);
  for (std::int64_t i = 0; i < n; ++i) {
    const float norm = unit.row(i).norm();
    if (norm > 0) unit.row(i) /= norm;
  }
  return unit;
}

// 3CosMul for every question: scores each block of questions against all rows
// with three GEMMs (one per question word), then keeps the best candidates.
void search_cosmul(const Matrix& unit, const std::vector<Question>& questions, int threads,
                   std::vector<std::int64_t>& ids) {
  const std::int64_t n = static_cast<std::int64_t>(questions.size());
  const std::int64_t rows = unit.rows();
  const std::int64_t block = 64;
  ExceptionCapture capture;
#pragma omp parallel num_threads(threads)
  {
    // No nested GEMM team: in a region of one thread (--threads 1) Eigen would
    // start one of every core per product (see exact_index.cc).
    omp_set_num_threads(1);
    // Per-thread buffers, allocated once: the three cosine blocks are
    // block × rows floats each (64 × 30,000 × 4 B = 7.7 MB).
    Matrix qa(block, unit.cols()), qb(block, unit.cols()), qc(block, unit.cols());
    Matrix ca(block, rows), cb(block, rows), cc(block, rows);
    TopK top(kCandidates);
    for_each_block(n, block, capture, [&](std::int64_t start, std::int64_t count) {
      for (std::int64_t i = 0; i < count; ++i) {
        const Question& q = questions[static_cast<std::size_t>(start + i)];
        qa.row(i) = unit.row(q.a);
        qb.row(i) = unit.row(q.b);
        qc.row(i) = unit.row(q.c);
      }
      // The cosines of the block's three words with every row (core/dense.h:
      // compiled per instruction set).
      for (auto [q, c] : {std::pair<const Matrix*, Matrix*>{&qa, &ca}, {&qb, &cb}, {&qc, &cc}})
        dense::gemm(dense::Trans::No, dense::Trans::Yes, block, rows, unit.cols(), 1.0f, q->data(), unit.cols(),
                    unit.data(), unit.cols(), 0.0f, c->data(), rows);
      for (std::int64_t i = 0; i < count; ++i) {
        const Question& q = questions[static_cast<std::size_t>(start + i)];
        // The scores over cb's row (core/dense.h: one vectorised pass), then
        // the best kCandidates of them, ids upwards: a score must beat the
        // threshold strictly to enter, so ties keep the lower id.
        float* score = &cb(i, 0);
        dense::cosmul_scores(rows, &ca(i, 0), score, &cc(i, 0), kCosMulEpsilon, score);
        top.reset(kCandidates);
        float threshold = top.threshold();
        for (std::int64_t x = 0; x < rows; ++x) {
          if (!(score[x] > threshold) || x == q.a || x == q.b || x == q.c) continue;
          top.push(score[x], x);
          threshold = top.threshold();
        }
        float scores[kCandidates];
        top.write(Metric::Dot, &ids[static_cast<std::size_t>((start + i) * kCandidates)], scores);
      }
    });
  }
  capture.rethrow();
}

void search_cosadd(const Matrix& unit, const std::vector<Question>& questions, int threads,
                   std::vector<std::int64_t>& ids) {
  const std::int64_t n = static_cast<std::int64_t>(questions.size());
  Matrix queries(n, unit.cols());
  Exclusions exclude(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) {
    const Question& q = questions[static_cast<std::size_t>(i)];
    // b̂ − â + ĉ; the cosine index normalises the query (gensim's post_normalize).
    queries.row(i) = unit.row(q.b) - unit.row(q.a) + unit.row(q.c);
    exclude[static_cast<std::size_t>(i)] = {q.a, q.b, q.c};
  }
  ExactIndex index(unit, Metric::Cosine);
  index.set_threads(threads);
  std::vector<float> scores(ids.size());
  index.search(queries.data(), n, kCandidates, ids.data(), scores.data(), &exclude);
}

}  // namespace

AnalogyMethod parse_analogy_method(const std::string& name) {
  if (name == "3cosadd" || name == "cosadd" || name == "add") return AnalogyMethod::CosAdd;
  if (name == "3cosmul" || name == "cosmul" || name == "mul") return AnalogyMethod::CosMul;
  throw UsageError("unknown analogy method '" + name + "' (expected 3cosadd or 3cosmul)");
}

const char* analogy_method_name(AnalogyMethod method) {
  return method == AnalogyMethod::CosMul ? "3cosmul" : "3cosadd";
}

AnalogyResult evaluate_analogies(const Embeddings& embeddings,
                                 const std::vector<AnalogySection>& sections,
                                 const AnalogyOptions& options) {
  const auto start_time = std::chrono::steady_clock::now();
  const LabelLookup lookup(embeddings, options.restrict, options.case_insensitive);
  AnalogyResult result;
  result.method = options.method;
  result.restrict = lookup.size();

  std::vector<Question> questions;
  for (std::size_t s = 0; s < sections.size(); ++s) {
    AnalogySectionResult section;
    section.name = sections[s].name;
    section.syntactic = sections[s].syntactic;
    section.counts.total = static_cast<std::int64_t>(sections[s].questions.size());
    for (const AnalogyQuestion& q : sections[s].questions) {
      const std::int64_t a = lookup.find(q.a), b = lookup.find(q.b), c = lookup.find(q.c),
                         d = lookup.find(q.d);
      if (a < 0 || b < 0 || c < 0 || d < 0) continue;  // skipped, as gensim does
      questions.push_back({a, b, c, lookup.key(q.d), s});
      ++section.counts.seen;
    }
    result.sections.push_back(std::move(section));
  }

  const int threads = resolve_threads(options.threads);
  std::vector<std::int64_t> ids(questions.size() * kCandidates, -1);
  if (!questions.empty()) {
    const Matrix unit = unit_rows(embeddings.vectors, lookup.size());
    if (options.method == AnalogyMethod::CosMul)
      search_cosmul(unit, questions, threads, ids);
    else
      search_cosadd(unit, questions, threads, ids);
  }

  for (std::size_t i = 0; i < questions.size(); ++i) {
    const Question& q = questions[i];
    const std::string ignore[3] = {lookup.key(embeddings.labels[q.a]),
                                   lookup.key(embeddings.labels[q.b]),
                                   lookup.key(embeddings.labels[q.c])};
    std::string predicted;
    for (std::int64_t r = 0; r < kCandidates; ++r) {
      const std::int64_t id = ids[i * kCandidates + r];
      if (id < 0) break;
      predicted = lookup.key(embeddings.labels[static_cast<std::size_t>(id)]);
      if (predicted != ignore[0] && predicted != ignore[1] && predicted != ignore[2]) break;
    }
    if (!predicted.empty() && predicted == q.expected) ++result.sections[q.section].counts.correct;
  }

  for (const AnalogySectionResult& s : result.sections) {
    AnalogyCounts& group = s.syntactic ? result.syntactic : result.semantic;
    for (AnalogyCounts* c : {&group, &result.all}) {
      c->correct += s.counts.correct;
      c->seen += s.counts.seen;
      c->total += s.counts.total;
    }
  }
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_time).count();
  return result;
}

}  // namespace embkit
