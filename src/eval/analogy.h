// Word-analogy evaluation (Mikolov et al. 2013): for "a : b = c : ?" find the
// word d whose vector best completes the relation, and count how often d is the
// expected answer.
//
// Methods (Levy & Goldberg 2014, "Linguistic Regularities in Sparse and
// Explicit Word Representations", eqs. 3 and 4), over unit vectors x̂:
//   3CosAdd  d = argmax_x cos(x, b̂ − â + ĉ)
//   3CosMul  d = argmax_x cos'(x,b) · cos'(x,c) / (cos'(x,a) + ε),
//            cos' = (1 + cos) / 2 shifts cosines into [0, 1], ε = 0.001.
//
// Protocol (3CosAdd reproduces gensim 4.2's evaluate_word_analogies(
// restrict_vocab=30000) counts exactly, and word2vec's compute-accuracy):
//  * the vocabulary is the first `restrict` rows (30,000 by default), looked up
//    case-insensitively with the most frequent case variant kept;
//  * a question with any of its four words outside that vocabulary is skipped:
//    it counts in `total` but not in `seen`, and not as wrong;
//  * candidates are the first `restrict` rows except the rows of a, b and c; the
//    five best are walked in order and the first whose label is not a, b or c
//    up to case is the prediction (gensim's rule: another case variant of a
//    question word is passed over; if all five are, the fifth is kept);
//  * the prediction is correct when its label equals d up to case.
// Accuracy = correct / seen per section, over semantic sections, over
// syntactic ("gram*") sections and over all (gensim's "Total accuracy").
//
// Batched: 3CosAdd runs every question as one query through ExactIndex (blocked
// GEMM, OpenMP); 3CosMul scores question blocks against the vocabulary with
// three matrix products.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/embeddings.h"
#include "eval/eval_datasets.h"

namespace embkit {

enum class AnalogyMethod { CosAdd, CosMul };
AnalogyMethod parse_analogy_method(const std::string& name);  // "3cosadd" | "3cosmul"
const char* analogy_method_name(AnalogyMethod method);

struct AnalogyOptions {
  AnalogyMethod method = AnalogyMethod::CosAdd;
  std::int64_t restrict = 30000;  // 0 = every row
  bool case_insensitive = true;
  int threads = 0;                // 0 = all cores
};

struct AnalogyCounts {
  std::int64_t correct = 0;
  std::int64_t seen = 0;   // questions with all four words in the vocabulary
  std::int64_t total = 0;  // questions in the file
  double accuracy() const { return seen > 0 ? static_cast<double>(correct) / seen : 0.0; }
};

struct AnalogySectionResult {
  std::string name;
  bool syntactic = false;
  AnalogyCounts counts;
};

struct AnalogyResult {
  AnalogyMethod method = AnalogyMethod::CosAdd;
  std::int64_t restrict = 0;  // rows actually searched: min(restrict, rows)
  std::vector<AnalogySectionResult> sections;
  AnalogyCounts semantic, syntactic, all;
  double seconds = 0;  // wall time of the search
};

AnalogyResult evaluate_analogies(const Embeddings& embeddings,
                                 const std::vector<AnalogySection>& sections,
                                 const AnalogyOptions& options = {});

}  // namespace embkit
