// embkit lsa: TF-IDF then truncated SVD; writes document and term vectors.
#pragma once

#include <string>

#include "cli.h"
#include "factorization/lsa.h"
#include "tfidf_command.h"

namespace embkit::cli::lsa {

struct Options {
  tfidf::DocumentOptions docs;
  LsaOptions lsa;            // TF-IDF, dim, sigma power and SVD settings, with their defaults
  std::string output_docs;   // rows doc0, doc1, ... (input then --fold-in)
  std::string output_terms;  // rows = terms
  std::string terms_order = "df";  // df: most common first | columns: the TF-IDF matrix's column order
  bool json = false;
};

Options parse(const Args& args);
int run(const Options& options);

}  // namespace embkit::cli::lsa
