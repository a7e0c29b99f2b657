// TF-IDF weighting schemes in SMART notation (Salton & Buckley 1988, "Term-
// weighting approaches in automatic text retrieval"; letters as in Manning,
// Raghavan & Schütze 2008, Introduction to Information Retrieval, Fig. 6.15).
//
// A scheme is three letters: term frequency, document frequency, normalization.
// The weight of term t in document d is  w = tf(d, t) · idf(t), then the row is
// normalized. With c = count of t in d, N = number of documents, df = number
// of documents containing t (natural logarithms throughout):
//
//   tf   n  natural        c
//        l  logarithm      1 + ln c                  (sklearn's sublinear_tf)
//        a  augmented      0.5 + 0.5 · c / max_t' c
//        b  boolean        1 if c > 0
//        L  log average    (1 + ln c) / (1 + ln avg_t' c)
//        r  relative       c / |d|, |d| = tokens in d  (embkit extension: the
//                          textbook "count / document length")
//   idf  n  none           1
//        t  idf            ln(N / df)
//        p  prob idf       max(0, ln((N − df) / df))
//        s  smooth         ln((1 + N) / (1 + df)) + 1  (embkit extension:
//                          sklearn's default smooth_idf=True)
//        u  unsmoothed     ln(N / df) + 1              (embkit extension:
//                          sklearn's smooth_idf=False)
//   norm n  none
//        c  cosine         row / ‖row‖₂  (all-zero rows stay zero)
//
// Presets: sklearn = "nsc" (TfidfVectorizer defaults), textbook = "rtn".
#pragma once

#include <cstdint>
#include <string>

namespace embkit {

struct SmartWeighting {
  char tf = 'n';
  char idf = 's';
  char norm = 'c';

  // "ltc", "nsc", ... Throws UsageError naming the bad letter.
  static SmartWeighting parse(const std::string& code);
  // "sklearn" | "textbook"; throws UsageError otherwise.
  static SmartWeighting preset(const std::string& name);
  // The preset this weighting is ("sklearn" for the default nsc), or "".
  std::string preset_name() const;

  std::string code() const { return {tf, idf, norm}; }
  // The exact formula in words, e.g.
  // "SMART nsc: tf = c; idf = ln((1 + N) / (1 + df)) + 1; w = tf * idf; rows L2-normalized".
  std::string formula() const;

  // idf of a term present in `df` of `n_docs` documents (df ≥ 1).
  double idf_value(std::int64_t df, std::int64_t n_docs) const;
  // Whether tf needs per-document statistics beyond the count itself.
  bool needs_document_length() const { return tf == 'r'; }
  bool needs_row_max() const { return tf == 'a'; }
  bool needs_row_average() const { return tf == 'L'; }
};

}  // namespace embkit
