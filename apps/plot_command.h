// embkit plot: a labelled 2-D PCA scatter of chosen word vectors, as SVG, on
// axes with ticks, coloured by group with a legend.
#pragma once

#include <cstdint>
#include <string>

#include "cli.h"

namespace embkit::cli::plot {

struct Options {
  std::string vectors;
  std::string words;     // "a,b,c" ; ';' separates colour groups: "king,queen;paris,rome"
  std::int64_t top = 0;  // or the N most frequent rows
  std::string groups;    // word<TAB>group file colouring the points (instead of ';' groups)
  std::string output;
  std::string title;
  bool raw = false;      // skip row normalisation before PCA
  bool quiet = false;
  bool json = false;  // --json: the result as one JSON object on stdout
};

Options parse(const Args& args);
int run(const Options& options);

}  // namespace embkit::cli::plot
