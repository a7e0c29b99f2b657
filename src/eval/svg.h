// A small SVG chart writer: line/scatter plots and bar charts, no dependencies.
//
//   SvgPlot plot;
//   plot.title = "recall vs queries/s"; plot.x_label = "recall@10";
//   plot.y_label = "queries/s"; plot.log_y = true;
//   plot.series.push_back({"hnsw", {0.9, 0.95}, {40000, 20000}});
//   write_svg(plot, "out.svg");          // atomic: temp file, then rename
//
// Series are drawn in order with a fixed colour cycle and a legend; points
// are joined by lines when `lines` is true (markers are always drawn). Log
// axes drop non-positive values. Bar charts draw one bar per label.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace embkit {

struct SvgSeries {
  std::string name;
  std::vector<double> x;
  std::vector<double> y;
  bool lines = true;
};

struct SvgPlot {
  std::string title;
  std::string x_label;
  std::string y_label;
  bool log_x = false;
  bool log_y = false;
  int width = 720;   // pixels
  int height = 460;
  std::vector<SvgSeries> series;
};

struct SvgBarChart {
  std::string title;
  std::string y_label;
  int width = 720;
  int height = 460;
  std::vector<std::string> labels;
  std::vector<double> values;
};

// The pieces every SVG writer here shares (eval_svg.h too): XML escaping of
// & < > " in text and attribute values (control characters XML forbids shown
// as their Control Pictures symbol, bytes that are not UTF-8 as their Latin-1
// character, so any label gives well-formed XML), and colour i of the fixed cycle
// (matplotlib's tab10; i is taken mod 10).
std::string svg_escape(const std::string& text);
const char* svg_colour(std::size_t i);

std::string render_svg(const SvgPlot& plot);
std::string render_svg(const SvgBarChart& chart);
// Write through AtomicFile; throws InputError if the path is not writable.
void write_svg(const SvgPlot& plot, const std::string& path);
void write_svg(const SvgBarChart& chart, const std::string& path);

}  // namespace embkit
