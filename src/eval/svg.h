// A small SVG chart writer: line/scatter plots and bar charts, no dependencies.
//
//   SvgPlot plot;
//   plot.title = "recall vs queries/s"; plot.x_label = "recall@10";
//   plot.y_label = "queries/s"; plot.log_y = true;
//   plot.series.push_back({"hnsw", {0.9, 0.95}, {40000, 20000}});
//   write_svg(plot, "out.svg");          // atomic: temp file, then rename
//
// Series are drawn in order with a fixed colour cycle and a legend; points
// are joined by lines when `lines` is true (markers are always drawn). A
// marker that would cover one already drawn moves to the nearest free spot a
// few pixels away, with a thin line back to its true place, so that points do
// not hide each other. Log axes drop non-positive values. Bar charts draw one
// bar per label.
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
  // Optional, one per point: a short text drawn beside its marker (e.g. the
  // "ef=40" of an HNSW point), placed where it overlaps no marker or label.
  std::vector<std::string> point_labels;
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

// Axis ticks over [lo, hi] in data units, ascending; a bound that falls on a
// tick is one.
//  * linear_ticks: the multiples of a step of 1, 2 or 5 × 10^e, the one
//    nearest to (hi − lo) / target (Heckbert, "Nice numbers for graph
//    labels", Graphics Gems 1990): e.g. [0, 1] → 0, 0.2, …, 1.
//  * log_ticks (0 < lo < hi): the powers of ten while there are at least 4
//    of them; for a shorter span also 2 and 5 × 10^e when that gives at least
//    3 ticks, else every m × 10^e (m = 1…9) when that gives 2, else the
//    linear ticks (a span this short is nearly linear on a log axis).
std::vector<double> linear_ticks(double lo, double hi, int target = 5);
std::vector<double> log_ticks(double lo, double hi);
// A tick's text: at most 6 significant digits without trailing zeros
// ("0.2", "5000", "200000"), as m e±x past a million or below 10^-4 ("2e6").
std::string tick_label(double value);

std::string render_svg(const SvgPlot& plot);
std::string render_svg(const SvgBarChart& chart);
// Write through AtomicFile; throws InputError if the path is not writable.
void write_svg(const SvgPlot& plot, const std::string& path);
void write_svg(const SvgBarChart& chart, const std::string& path);

}  // namespace embkit
