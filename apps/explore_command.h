// embkit explore: one self-contained HTML page to look at word vectors — a
// zoomable PCA map (2-D, or 3-D rotated by dragging) coloured by k-means
// cluster or by --groups, nearest
// neighbours and analogies computed in the page, and several vector files side
// by side (src/eval/explorer_page.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli.h"
#include "eval/kmeans.h"

namespace embkit::cli::explore {

struct Options {
  std::vector<std::string> vectors;  // the first file decides the words (its most frequent)
  std::vector<std::string> names;    // shown for each file (default: the file names)
  std::string output;
  std::int64_t top = 20000;          // words on the page
  std::string groups;                // word<TAB>group file colouring the map instead of k-means
  KMeansParams kmeans = [] {
    KMeansParams p;
    p.clusters = 10;
    p.spherical = true;  // cosine geometry, as the page's neighbours
    return p;
  }();
  int k = 10;         // neighbours listed, and overlap@k
  bool half = false;  // vectors as float16
  std::string view = "2d";  // the map the page opens with: 2d | 3d
  bool quiet = false;
  bool json = false;
};

Options parse(const Args& args);
int run(const Options& options);

}  // namespace embkit::cli::explore
