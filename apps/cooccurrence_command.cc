#include "cooccurrence_command.h"

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/input_file.h"
#include "core/memory.h"
#include "core/progress.h"
#include "core/sparse.h"
#include "core/vocabulary.h"
#include "tfidf/tfidf_vectorizer.h"  // terms_path: X.npz → X.terms.tsv, as tfidf names it

namespace embkit::cli::cooccurrence {

namespace {

bool ends_with(const std::string& text, const std::string& tail) {
  return text.size() >= tail.size() && text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

// What the weighting adds for a pair at distance d, for the file comments.
std::string weight_formula(WindowWeighting weighting) {
  switch (weighting) {
    case WindowWeighting::Uniform: return "1";
    case WindowWeighting::Harmonic: return "1/d";
    case WindowWeighting::Dynamic: return "(window-d+1)/window";
  }
  return "";
}

// The written matrix: both triangles, or the upper one as counted.
SparseMatrix matrix_of(const Cooccurrence& counts, bool upper) {
  if (!upper) return counts.to_symmetric_sparse();
  std::vector<Triplet> triplets;
  triplets.reserve(counts.upper.size());
  for (const CooccurrenceEntry& e : counts.upper)
    triplets.emplace_back(static_cast<int>(e.row), static_cast<int>(e.col), e.value);
  SparseMatrix m(static_cast<Eigen::Index>(counts.size), static_cast<Eigen::Index>(counts.size));
  m.setFromTriplets(triplets.begin(), triplets.end());
  return m;
}

}  // namespace

Options parse(const Args& args) {
  Options o;
  CooccurrenceFlags counting(o.corpus, o.counting);
  po::options_description desc("Options");
  counting.add(desc, "co-occurrence weight by distance d: harmonic (1/d, GloVe) | uniform | dynamic "
                     "((window-d+1)/window, word2vec)",
               "co-occurrence matrix: X.npz (scipy.sparse.load_npz) or X.mtx (Matrix Market); "
               "the terms and their counts go to X.terms.tsv");
  desc.add_options()
      ("upper", po::bool_switch(&o.upper),
       "write only the upper triangle (row <= column; the diagonal holds X_ii), half the size; "
       "by default both triangles of the symmetric matrix");
  counting.add_max_memory(desc);
  add_threads_option(desc, o.counting.threads);
  add_quiet_option(desc, o.counting.quiet);
  add_json_option(desc, o.json);
  po::variables_map vm;
  if (!parse_args("cooccurrence", "--input CORPUS --output X.npz|X.mtx [options]", desc, args, vm)) return {};
  counting.check();
  if (!ends_with(o.corpus.output, ".npz") && !ends_with(o.corpus.output, ".mtx"))
    throw UsageError("--output must end in .npz (SciPy sparse CSR) or .mtx (Matrix Market), got '" +
                     o.corpus.output + "'");
  counting.check_max_memory();
  return o;
}

int run(const Options& o) {
  const std::string& input = o.corpus.input;
  require_rereadable_file(input, "cooccurrence reads the corpus twice (vocabulary, then co-occurrences)");
  Progress log("cooccurrence", o.counting.quiet);
  const Vocabulary vocab = corpus_vocabulary(input, o.corpus.vocabulary);
  log.message("vocabulary: " + std::to_string(vocab.size()) + " words, " +
              format_count(static_cast<double>(vocab.corpus_tokens)) + " tokens");
  warn_if_untokenized(vocab, input, o.corpus.vocabulary.min_count, "cooccurrence", o.counting.quiet);

  const Cooccurrence counts = count_cooccurrence(input, vocab, o.counting);
  // The matrix written: its entries as triplets (16 bytes) and as CSR with
  // the transposed copy setFromTriplets builds (12 + 12), on top of the counts.
  const std::uint64_t entries = o.upper ? counts.upper.size() : 2 * counts.upper.size();
  require_memory(entries * 40, "the co-occurrence matrix", o.counting.max_memory);
  const SparseMatrix X = matrix_of(counts, o.upper);
  log.message("co-occurrence: " + format_count(static_cast<double>(X.nonZeros())) + " non-zeros (" +
              (o.upper ? "upper triangle" : "both triangles") + ")");

  const std::string terms = terms_path(o.corpus.output);
  AtomicFile file(terms);
  file.stream() << "term\tcount\n";
  for (const Vocabulary::Entry& e : vocab.entries()) file.stream() << e.word << '\t' << e.count << '\n';
  file.commit();
  write_sparse(X, o.corpus.output,
               "embkit cooccurrence: X_ij = sum over pairs of terms i, j at distance d <= " +
                   std::to_string(o.counting.window) + " within a line of weight " +
                   weight_formula(o.counting.weighting) + "; " +
                   (o.upper ? "upper triangle (row <= column)" : "both triangles (symmetric)") +
                   "\nrows and columns = terms of " + terms);
  log.message("wrote " + std::to_string(vocab.size()) + " x " + std::to_string(vocab.size()) + " matrix to " +
              o.corpus.output + " and its terms to " + terms + " (peak memory " +
              format_bytes(static_cast<double>(peak_rss_bytes())) + ")");
  if (o.json)
    print_json_summary([&](JsonWriter& j) {
      j.key("vocabulary").value(vocab.size()).key("corpus_tokens").value(vocab.corpus_tokens);
      j.key("counted_tokens").value(counts.tokens).key("nonzeros").value(static_cast<std::int64_t>(X.nonZeros()));
      j.key("window").value(o.counting.window).key("weighting").value(window_weighting_name(o.counting.weighting));
      j.key("triangle").value(o.upper ? "upper" : "both");
      j.key("output").value(o.corpus.output).key("terms").value(terms);
    });
  return 0;
}

// Under mpirun the ranks split the vocabulary's byte ranges and the counting
// blocks (factorization/cooccurrence.h).
EMBKIT_REGISTER_DISTRIBUTED_COMMAND("cooccurrence",
                                    "Word-word co-occurrence counts (what GloVe and PPMI use) as a sparse matrix",
                                    [](const Args& a) {
                                      Options o = parse(a);
                                      return o.corpus.input.empty() ? 0 : run(o);
                                    },
                                    {});

}  // namespace embkit::cli::cooccurrence
