// similarity and analogy: the numbers `embkit similarity/analogy --json` print.
#include <cmath>

#include "binding.h"
#include "core/error.h"
#include "eval/analogy.h"
#include "eval/similarity.h"

namespace embkit::python {

namespace {

py::dict similarity_dict(const SimilarityResult& r) {
  py::dict d;
  d["dataset"] = r.dataset;
  d["spearman"] = r.spearman;
  d["pearson"] = r.pearson;
  d["pairs_used"] = r.pairs_used;
  d["pairs_total"] = r.pairs_total;
  d["oov_pairs"] = r.oov_pairs;
  return d;
}

py::dict counts_dict(py::dict d, const AnalogyCounts& c) {
  d["accuracy"] = c.accuracy();
  d["correct"] = c.correct;
  d["seen"] = c.seen;
  d["total"] = c.total;
  return d;
}

}  // namespace

void bind_evaluation(py::module_& m) {
  const SimilarityOptions s;
  m.def("similarity",
        [](const Embeddings& kv, const py::object& dataset, std::int64_t restrict, bool case_sensitive) {
          SimilarityOptions options;
          options.restrict = restrict;
          options.case_insensitive = !case_sensitive;
          require_at_least("restrict", restrict, 0);
          const std::string path = path_of(dataset);
          const SimilarityResult r = call([&] {
            return evaluate_similarity(kv, read_word_pairs(path), options);
          });
          return similarity_dict(r);
        },
        py::arg("kv"), py::arg("dataset"), py::kw_only(), py::arg("restrict") = s.restrict,
        py::arg("case_sensitive") = !s.case_insensitive, R"doc(
Spearman's rho of cos(w1, w2) against a word-pair file's scores (`embkit
similarity`, gensim's evaluate_word_pairs protocol): {"dataset", "spearman",
"pearson", "pairs_used", "pairs_total", "oov_pairs"}; spearman is NaN when
fewer than 2 pairs have both words in the first `restrict` rows.)doc");

  const AnalogyOptions a;
  m.def("analogy",
        [](const Embeddings& kv, const py::object& questions, const std::string& method, std::int64_t restrict,
           bool case_sensitive, int threads) {
          AnalogyOptions options;
          options.restrict = restrict;
          options.case_insensitive = !case_sensitive;
          options.threads = threads;
          require_at_least("restrict", restrict, 0);
          const std::string path = path_of(questions);
          const AnalogyResult r = call([&] {
            options.method = parse_analogy_method(method);
            return evaluate_analogies(kv, read_analogy_questions(path), options);
          });
          py::dict d;
          d["method"] = analogy_method_name(r.method);
          d["restrict"] = r.restrict;
          d["semantic_accuracy"] = r.semantic.accuracy();
          d["syntactic_accuracy"] = r.syntactic.accuracy();
          d["total_accuracy"] = r.all.accuracy();
          d["seen"] = r.all.seen;
          d["total"] = r.all.total;
          py::list sections;
          for (const AnalogySectionResult& section : r.sections) {
            py::dict sd;
            sd["section"] = section.name;
            sd["syntactic"] = section.syntactic;
            sections.append(counts_dict(sd, section.counts));
          }
          d["sections"] = sections;
          return d;
        },
        py::arg("kv"), py::arg("questions"), py::kw_only(), py::arg("method") = analogy_method_name(a.method),
        py::arg("restrict") = a.restrict, py::arg("case_sensitive") = !a.case_insensitive,
        py::arg("threads") = a.threads, R"doc(
Word-analogy accuracy (`embkit analogy`): the dict `--json` prints —
method, restrict, semantic/syntactic/total_accuracy, seen, total, and per
section {section, syntactic, accuracy, correct, seen, total}.)doc");
}

}  // namespace embkit::python
