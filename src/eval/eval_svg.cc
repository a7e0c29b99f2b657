#include "eval/eval_svg.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "core/atomic_file.h"
#include "eval/svg.h"

namespace embkit {

namespace {

std::string fmt(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", v);
  return buffer;
}

std::string tick(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", v);
  return buffer;
}

// The tick step nearest above `raw` among 1, 2, 2.5 and 5 × 10^k.
double nice_step(double raw) {
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0})
    if (m * magnitude >= raw * (1 - 1e-9)) return m * magnitude;
  return 10 * magnitude;
}

std::string header(int width, int height, const std::string& title) {
  std::ostringstream s;
  s << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
    << "\" viewBox=\"0 0 " << width << " " << height
    << "\" font-family=\"Helvetica, Arial, sans-serif\">\n"
    << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
    << "<text x=\"" << width / 2 << "\" y=\"24\" text-anchor=\"middle\" font-size=\"16\">"
    << svg_escape(title) << "</text>\n";
  return s.str();
}

}  // namespace

std::string render_scatter_svg(const LabelledScatter& plot) {
  const double margin = 50;
  const std::size_t n = std::min(plot.x.size(), plot.y.size());
  double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
  if (n > 0) {
    x0 = *std::min_element(plot.x.begin(), plot.x.begin() + n);
    x1 = *std::max_element(plot.x.begin(), plot.x.begin() + n);
    y0 = *std::min_element(plot.y.begin(), plot.y.begin() + n);
    y1 = *std::max_element(plot.y.begin(), plot.y.begin() + n);
  }
  if (x1 - x0 < 1e-12) x1 = x0 + 1;
  if (y1 - y0 < 1e-12) y1 = y0 + 1;
  // Labels extend to the right of a point: keep extra room on that side, and
  // some above and below for labels nudged off their neighbours.
  const double left = margin, right = plot.width - margin - 60, top = margin + 16,
               bottom = plot.height - margin - 8;
  auto px = [&](double v) { return left + (v - x0) / (x1 - x0) * (right - left); };
  auto py = [&](double v) { return bottom - (v - y0) / (y1 - y0) * (bottom - top); };
  std::ostringstream s;
  s << header(plot.width, plot.height, plot.title);
  s << "<rect x=\"" << left - 10 << "\" y=\"" << top - 26 << "\" width=\"" << right - left + 80
    << "\" height=\"" << bottom - top + 44 << "\" fill=\"none\" stroke=\"#ccc\"/>\n";
  struct Box {
    double x, y, w;
  };
  std::vector<Box> placed;
  for (std::size_t i = 0; i < n; ++i) {
    const int group = i < plot.groups.size() ? plot.groups[i] : 0;
    const char* colour = svg_colour(static_cast<std::size_t>(std::abs(group)));
    s << "<circle cx=\"" << fmt(px(plot.x[i])) << "\" cy=\"" << fmt(py(plot.y[i]))
      << "\" r=\"3.5\" fill=\"" << colour << "\"/>\n";
    if (i >= plot.labels.size()) continue;
    // Greedy label placement: the first vertical offset whose box overlaps no
    // label placed so far (boxes estimated at 7 px per character, 12 px high);
    // a shifted label gets a thin leader line back to its point.
    const double lx = px(plot.x[i]) + 5, width = 7.0 * plot.labels[i].size();
    double ly = py(plot.y[i]) + 4;
    for (double offset : {0.0, -12.0, 12.0, -24.0, 24.0, -36.0, 36.0}) {
      const double candidate = py(plot.y[i]) + 4 + offset;
      bool overlaps = false;
      for (const Box& b : placed)
        overlaps = overlaps || (lx < b.x + b.w && b.x < lx + width && candidate - 11 < b.y &&
                                b.y - 11 < candidate);
      if (!overlaps) {
        ly = candidate;
        break;
      }
    }
    placed.push_back({lx, ly, width});
    if (std::abs(ly - (py(plot.y[i]) + 4)) > 0.5)
      s << "<line x1=\"" << fmt(px(plot.x[i])) << "\" y1=\"" << fmt(py(plot.y[i])) << "\" x2=\""
        << fmt(lx) << "\" y2=\"" << fmt(ly - 4) << "\" stroke=\"#aaa\" stroke-width=\"0.7\"/>\n";
    s << "<text x=\"" << fmt(lx) << "\" y=\"" << fmt(ly) << "\" font-size=\"12\" fill=\"#222\">"
      << svg_escape(plot.labels[i]) << "</text>\n";
  }
  s << "</svg>\n";
  return s.str();
}

std::string render_grouped_bars_svg(const GroupedBars& chart) {
  const double left = 60, right = chart.width - 20, top = 50,
               bottom = chart.height - 80;
  double vmax = 0, vmin = 0;
  for (const auto& row : chart.values)
    for (double v : row)
      if (std::isfinite(v)) vmax = std::max(vmax, v), vmin = std::min(vmin, v);
  if (vmax - vmin < 1e-12) vmax = vmin + 1;
  // Round ticks (0.25, 0.50, …) and an axis that ends on one.
  const double step = nice_step((vmax - vmin) / 4);
  vmax = std::ceil(vmax / step - 1e-9) * step;
  vmin = std::floor(vmin / step + 1e-9) * step;
  auto py = [&](double v) { return bottom - (v - vmin) / (vmax - vmin) * (bottom - top); };
  std::ostringstream s;
  s << header(chart.width, chart.height, chart.title);
  const int ticks = static_cast<int>(std::lround((vmax - vmin) / step));
  for (int t = 0; t <= ticks; ++t) {
    const double v = vmin + step * t;
    s << "<line x1=\"" << left << "\" x2=\"" << right << "\" y1=\"" << fmt(py(v)) << "\" y2=\""
      << fmt(py(v)) << "\" stroke=\"#eee\"/>\n"
      << "<text x=\"" << left - 6 << "\" y=\"" << fmt(py(v) + 4)
      << "\" text-anchor=\"end\" font-size=\"11\">" << tick(v) << "</text>\n";
  }
  s << "<text x=\"14\" y=\"" << (top + bottom) / 2 << "\" font-size=\"12\" transform=\"rotate(-90 14 "
    << (top + bottom) / 2 << ")\" text-anchor=\"middle\">" << svg_escape(chart.y_label) << "</text>\n";
  const std::size_t groups = chart.categories.size(), bars = chart.series.size();
  const double group_width = groups > 0 ? (right - left) / groups : 1;
  const double bar_width = bars > 0 ? group_width * 0.8 / bars : 1;
  for (std::size_t g = 0; g < groups; ++g) {
    const double gx = left + g * group_width + group_width * 0.1;
    for (std::size_t b = 0; b < bars; ++b) {
      const double v = b < chart.values.size() && g < chart.values[b].size() ? chart.values[b][g] : NAN;
      if (!std::isfinite(v)) continue;
      const double y = py(std::max(v, 0.0)), h = std::abs(py(v) - py(0));
      s << "<rect x=\"" << fmt(gx + b * bar_width) << "\" y=\"" << fmt(y) << "\" width=\""
        << fmt(bar_width - 1) << "\" height=\"" << fmt(h) << "\" fill=\"" << svg_colour(b)
        << "\"><title>" << svg_escape(chart.series[b]) << " " << svg_escape(chart.categories[g]) << ": "
        << v << "</title></rect>\n";
    }
    s << "<text x=\"" << fmt(gx + group_width * 0.4) << "\" y=\"" << bottom + 16
      << "\" text-anchor=\"middle\" font-size=\"12\">" << svg_escape(chart.categories[g]) << "</text>\n";
  }
  s << "<line x1=\"" << left << "\" x2=\"" << right << "\" y1=\"" << fmt(py(0)) << "\" y2=\""
    << fmt(py(0)) << "\" stroke=\"#333\"/>\n";
  for (std::size_t b = 0; b < bars; ++b) {
    const double lx = left + b * 130.0, ly = chart.height - 30;
    s << "<rect x=\"" << lx << "\" y=\"" << ly - 10 << "\" width=\"12\" height=\"12\" fill=\""
      << svg_colour(b) << "\"/><text x=\"" << lx + 16 << "\" y=\"" << ly
      << "\" font-size=\"12\">" << svg_escape(chart.series[b]) << "</text>\n";
  }
  s << "</svg>\n";
  return s.str();
}

void write_svg_text(const std::string& svg, const std::string& path) {
  AtomicFile file(path);
  file.stream() << svg;
  file.commit();
}

}  // namespace embkit
