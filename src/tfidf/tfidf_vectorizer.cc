#include "tfidf/tfidf_vectorizer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <thread>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/parallel.h"

namespace embkit {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

TfidfVectorizer::TfidfVectorizer(TfidfOptions options)
    : options_(std::move(options)), counter_(CountVectorizerOptions{}) {
  // Boolean tf is sklearn's binary=True, applied before max_features ranks the
  // terms (so they are ranked by df), as in sklearn.
  if (options_.weighting.tf == 'b') options_.counting.binary = true;
  validate(options_.counting);
  counter_ = CountVectorizer(options_.counting);
}

SparseMatrix TfidfVectorizer::fit_transform(const std::vector<std::string>& docs) {
  auto start = Clock::now();
  DocumentTermCounts counted = counter_.fit_transform(docs);
  timings_.counting_seconds = seconds_since(start);
  start = Clock::now();
  n_docs_ = static_cast<std::int64_t>(docs.size());
  df_ = std::move(counted.df);
  idf_.resize(static_cast<Eigen::Index>(df_.size()));
  for (std::size_t t = 0; t < df_.size(); ++t)
    idf_(static_cast<Eigen::Index>(t)) = options_.weighting.idf_value(df_[t], n_docs_);
  SparseMatrix X = std::move(counted.counts);
  weight(X, docs);
  timings_.weighting_seconds = seconds_since(start);
  return X;
}

SparseMatrix TfidfVectorizer::transform(const std::vector<std::string>& docs) const {
  if (!counter_.fitted()) throw std::logic_error("TfidfVectorizer::transform called before fit_transform");
  SparseMatrix X = counter_.transform(docs);
  weight(X, docs);
  return X;
}

void TfidfVectorizer::weight(SparseMatrix& X, const std::vector<std::string>& docs) const {
  EMBKIT_CHECK(X.isCompressed(), "counts must be compressed CSR");
  const SmartWeighting& w = options_.weighting;
  const int threads = resolve_threads(options_.counting.threads);
  const Eigen::Index rows = X.rows();
  const int* outer = X.outerIndexPtr();
  const int* inner = X.innerIndexPtr();
  double* values = X.valuePtr();
  const double* idf = idf_.data();
  ExceptionCapture capture;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 256)
  for (Eigen::Index i = 0; i < rows; ++i) {
    capture.run([&] {
      const int begin = outer[i], end = outer[i + 1];
      if (begin == end) return;
      // Per-document statistics some tf variants need.
      double scale = 1.0;
      if (w.needs_document_length()) {
        // The full token count, pruned and unknown terms included: "count /
        // document length" as the textbook states it.
        scale = 1.0 / static_cast<double>(counter_.analyze(docs[static_cast<std::size_t>(i)]).size());
      } else if (w.needs_row_max()) {
        double max_count = 0;
        for (int p = begin; p < end; ++p) max_count = std::max(max_count, values[p]);
        scale = 1.0 / max_count;
      } else if (w.needs_row_average()) {
        double sum = 0;
        for (int p = begin; p < end; ++p) sum += values[p];
        scale = 1.0 / (1.0 + std::log(sum / (end - begin)));
      }
      if (w.tf == 'n') {
        // sklearn's default, tf = c: a branch-free loop (the same products).
        for (int p = begin; p < end; ++p) values[p] *= idf[inner[p]];
      } else {
        for (int p = begin; p < end; ++p) {
          const double c = values[p];
          double tf = c;
          switch (w.tf) {
            case 'l': tf = std::log(c) + 1.0; break;  // sklearn: log(X.data) then += 1
            case 'a': tf = 0.5 + 0.5 * c * scale; break;
            case 'b': tf = 1.0; break;
            case 'L': tf = (1.0 + std::log(c)) * scale; break;
            case 'r': tf = c * scale; break;
          }
          values[p] = tf * idf[inner[p]];
        }
      }
      if (w.norm == 'c') {
        double sq = 0;
        for (int p = begin; p < end; ++p) sq += values[p] * values[p];
        if (sq > 0) {
          const double norm = std::sqrt(sq);
          for (int p = begin; p < end; ++p) values[p] /= norm;
        }
      }
    });
  }
  capture.rethrow();
  // idf = ln(N / df) is 0 for a term in every document: drop those entries
  // rather than store explicit zeros (a .mtx would count them as non-zeros).
  if ((idf_.array() == 0.0).any())
    X.prune([](const Eigen::Index&, const Eigen::Index&, const double& value) { return value != 0.0; });
}

std::string TfidfVectorizer::formula() const {
  return options_.weighting.formula() + "; N = " + std::to_string(n_docs_) + "; tokens = " +
         token_pattern_name(options_.counting.tokens) +
         (options_.counting.lowercase ? ", lowercased" : "");
}

std::string terms_path(const std::string& matrix_path) {
  const std::size_t slash = matrix_path.find_last_of('/');
  const std::size_t dot = matrix_path.find_last_of('.');
  const bool has_ext = dot != std::string::npos && (slash == std::string::npos || dot > slash);
  return (has_ext ? matrix_path.substr(0, dot) : matrix_path) + ".terms.tsv";
}

void write_tfidf(const SparseMatrix& X, const TfidfVectorizer& vectorizer,
                 const std::string& matrix_path) {
  const std::string formula = vectorizer.formula();
  const std::string tpath = terms_path(matrix_path);
  // Both files are complete or absent (the command's OutputTransaction
  // renames them together).
  AtomicFile terms(tpath);
  std::exception_ptr terms_error;
  const auto write_terms = [&] {
    try {
      std::ostream& out = terms.stream();
      out << "term\tdf\tidf\n";
      const auto& names = vectorizer.terms();
      const auto& df = vectorizer.df();
      const Eigen::VectorXd& idf = vectorizer.idf();
      char buffer[32];
      for (std::size_t t = 0; t < names.size(); ++t) {
        const int len = std::snprintf(buffer, sizeof buffer, "%.17g", idf(static_cast<Eigen::Index>(t)));
        out << names[t] << '\t' << df[t] << '\t';
        out.write(buffer, len);
        out << '\n';
      }
    } catch (...) {
      terms_error = std::current_exception();
    }
  };
  // Formatting the terms (a %.17g per term) and writing the matrix are both
  // serial: with a second thread allowed, they overlap.
  std::thread writer;
  if (resolve_threads(vectorizer.options().counting.threads) > 1)
    writer = std::thread(write_terms);
  else
    write_terms();
  struct Join {
    std::thread& thread;
    ~Join() {
      if (thread.joinable()) thread.join();
    }
  } join{writer};
  write_sparse(X, matrix_path, "embkit tfidf: " + formula +
                                   "\nrows = documents in input order, columns = terms of " + tpath);
  if (writer.joinable()) writer.join();
  if (terms_error) std::rethrow_exception(terms_error);
  terms.commit();
}

}  // namespace embkit
