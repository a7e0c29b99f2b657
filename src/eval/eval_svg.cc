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
  // The legend, when there is one, takes a column on the right (names at
  // ~7 px a character, up to 220 px).
  std::size_t longest = 0;
  for (const std::string& name : plot.legend) longest = std::max(longest, name.size());
  const double legend_width = plot.legend.empty() ? 0 : std::min(220.0, 34 + 7.0 * static_cast<double>(longest));
  // The axes' frame, and inside it the span of the points: labels extend to
  // the right of a point, so keep extra room on that side, and some above and
  // below for labels nudged off their neighbours.
  const double frame_left = 70, frame_right = plot.width - 20 - legend_width, frame_top = 46,
               frame_bottom = plot.height - 50;
  const double left = frame_left + 12, right = frame_right - 70, top = frame_top + 20, bottom = frame_bottom - 12;
  auto px = [&](double v) { return left + (v - x0) / (x1 - x0) * (right - left); };
  auto py = [&](double v) { return bottom - (v - y0) / (y1 - y0) * (bottom - top); };
  std::ostringstream s;
  s << header(plot.width, plot.height, plot.title);
  // Axes: ticks at round values over the data range the frame shows.
  const auto data_x = [&](double p) { return x0 + (p - left) / (right - left) * (x1 - x0); };
  const auto data_y = [&](double p) { return y0 + (bottom - p) / (bottom - top) * (y1 - y0); };
  for (double t : linear_ticks(data_x(frame_left), data_x(frame_right), 6))
    s << "<line x1=\"" << fmt(px(t)) << "\" x2=\"" << fmt(px(t)) << "\" y1=\"" << frame_top << "\" y2=\""
      << frame_bottom + 4 << "\" stroke=\"#eee\"/><text x=\"" << fmt(px(t)) << "\" y=\"" << frame_bottom + 17
      << "\" text-anchor=\"middle\" font-size=\"11\" fill=\"#555\">" << tick_label(t) << "</text>\n";
  for (double t : linear_ticks(data_y(frame_bottom), data_y(frame_top), 6))
    s << "<line x1=\"" << frame_left - 4 << "\" x2=\"" << frame_right << "\" y1=\"" << fmt(py(t)) << "\" y2=\""
      << fmt(py(t)) << "\" stroke=\"#eee\"/><text x=\"" << frame_left - 7 << "\" y=\"" << fmt(py(t) + 4)
      << "\" text-anchor=\"end\" font-size=\"11\" fill=\"#555\">" << tick_label(t) << "</text>\n";
  s << "<rect x=\"" << frame_left << "\" y=\"" << frame_top << "\" width=\"" << frame_right - frame_left
    << "\" height=\"" << frame_bottom - frame_top << "\" fill=\"none\" stroke=\"#999\"/>\n"
    << "<text x=\"" << fmt((frame_left + frame_right) / 2) << "\" y=\"" << plot.height - 14
    << "\" text-anchor=\"middle\" font-size=\"12\">" << svg_escape(plot.x_label) << "</text>\n"
    << "<text x=\"16\" y=\"" << fmt((frame_top + frame_bottom) / 2) << "\" transform=\"rotate(-90 16 "
    << fmt((frame_top + frame_bottom) / 2) << ")\" text-anchor=\"middle\" font-size=\"12\">"
    << svg_escape(plot.y_label) << "</text>\n";
  // The legend: a swatch and the name of each group some point has, as many
  // as fit.
  std::vector<std::size_t> entries;
  for (std::size_t g = 0; g < plot.legend.size(); ++g)
    if (std::any_of(plot.groups.begin(), plot.groups.begin() + std::min(n, plot.groups.size()),
                    [&](int group) { return group >= 0 && static_cast<std::size_t>(group) == g; }))
      entries.push_back(g);
  const auto rows = static_cast<std::size_t>(std::max(1.0, (frame_bottom - frame_top) / 18));
  if (!entries.empty()) s << "<g class=\"legend\">\n";
  for (std::size_t e = 0; e < entries.size(); ++e) {
    const double lx = frame_right + 14, ly = frame_top + 12 + 18.0 * static_cast<double>(e);
    if (e + 1 == rows && entries.size() > rows) {
      s << "<text x=\"" << lx << "\" y=\"" << fmt(ly) << "\" font-size=\"12\" fill=\"#555\">… "
        << entries.size() - e << " more</text>\n";
      break;
    }
    s << "<rect x=\"" << lx << "\" y=\"" << fmt(ly - 9) << "\" width=\"10\" height=\"10\" fill=\""
      << svg_colour(entries[e]) << "\"/><text x=\"" << lx + 16 << "\" y=\"" << fmt(ly)
      << "\" font-size=\"12\">" << svg_escape(plot.legend[entries[e]]) << "</text>\n";
  }
  if (!entries.empty()) s << "</g>\n";
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
