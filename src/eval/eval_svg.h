// SVG pictures for evaluation results (the k-NN helper's svg.h draws line
// plots and single bars; these two need per-point labels and grouped bars).
//
//  * LabelledScatter: points with a text label each, e.g. a PCA projection of
//    word vectors, on axes with ticks; optional group per point picks the
//    colour, and a legend names the groups.
//  * GroupedBars: one group of bars per category (e.g. per benchmark), one bar
//    per series (e.g. per method), with a legend.
// render_*() returns the SVG text; write via AtomicFile (write_svg_text).
#pragma once

#include <string>
#include <vector>

namespace embkit {

struct LabelledScatter {
  std::string title;
  std::string x_label, y_label;  // under and beside the axes, which carry round ticks
  std::vector<double> x, y;
  std::vector<std::string> labels;
  std::vector<int> groups;  // optional, one per point: colour index
  // Optional, one name per colour index: drawn as a legend on the right, the
  // names of the groups some point has (none when empty).
  std::vector<std::string> legend;
  int width = 900;
  int height = 700;
};

struct GroupedBars {
  std::string title;
  std::string y_label;
  std::vector<std::string> categories;         // groups along the x axis
  std::vector<std::string> series;             // bars within a group
  std::vector<std::vector<double>> values;     // values[series][category]; NaN = missing
  int width = 900;
  int height = 480;
};

std::string render_scatter_svg(const LabelledScatter& plot);
std::string render_grouped_bars_svg(const GroupedBars& chart);
// Atomic write of an SVG text; InputError if the path is not writable.
void write_svg_text(const std::string& svg, const std::string& path);

}  // namespace embkit
