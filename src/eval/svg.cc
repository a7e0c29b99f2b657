#include "eval/svg.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

#include "core/atomic_file.h"
#include "core/json.h"
#include "core/tokenizer.h"

namespace embkit {

namespace {

std::string hex(unsigned value) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%X", value);
  return buf;
}

const char* const kColours[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
constexpr int kLeft = 80, kRight = 150, kTop = 40, kBottom = 60;

std::string number(double v) {
  std::ostringstream s;
  if (v != 0 && (std::fabs(v) >= 1e6 || std::fabs(v) < 1e-3)) s.precision(2), s << std::scientific << v;
  else s << std::defaultfloat << static_cast<float>(v);
  return s.str();
}

// Maps data values to pixels on one axis (optionally log10).
struct Axis {
  double lo = 0, hi = 1;
  bool log = false;
  double transform(double v) const { return log ? std::log10(v) : v; }
  double fraction(double v) const { return (transform(v) - lo) / (hi - lo); }
  void fit(const std::vector<double>& values) {
    double mn = std::numeric_limits<double>::infinity(), mx = -mn;
    for (double v : values) {
      if (!std::isfinite(v) || (log && v <= 0)) continue;
      mn = std::min(mn, transform(v));
      mx = std::max(mx, transform(v));
    }
    if (!std::isfinite(mn)) mn = 0, mx = 1;
    if (mx - mn < 1e-12) mn -= 0.5, mx += 0.5;
    const double pad = 0.05 * (mx - mn);
    lo = mn - pad;
    hi = mx + pad;
  }
  std::vector<double> ticks() const {  // in data units
    std::vector<double> out;
    if (log) {
      for (double e = std::floor(lo); e <= hi; e += 1)
        if (e >= lo) out.push_back(std::pow(10.0, e));
      if (out.size() < 2) out = {std::pow(10.0, lo), std::pow(10.0, hi)};
      return out;
    }
    const double raw = (hi - lo) / 5;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    const double step = raw / mag < 2 ? 2 * mag : raw / mag < 5 ? 5 * mag : 10 * mag;
    for (double t = std::ceil(lo / step) * step; t <= hi; t += step) out.push_back(std::fabs(t) < 1e-12 ? 0 : t);
    return out;
  }
};

void header(std::ostringstream& s, int width, int height, const std::string& title) {
  s << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
    << "\" viewBox=\"0 0 " << width << ' ' << height << "\" font-family=\"sans-serif\" font-size=\"12\">\n"
    << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
    << "<text x=\"" << width / 2 << "\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">" << svg_escape(title)
    << "</text>\n";
}

}  // namespace

std::string svg_escape(const std::string& text) {
  std::string out;
  for (std::size_t pos = 0; pos < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[pos]);
    if (c >= 0x80) {
      // XML must be valid UTF-8: a byte outside any valid sequence is shown
      // as the character of its value (its Latin-1 reading).
      const std::size_t start = pos;
      if (decode_utf8(text, pos) >= 0) out.append(text, start, pos - start);
      else out += "&#x" + hex(c) + ";";
      continue;
    }
    ++pos;
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default:
        // XML 1.0 allows no control character but tab, newline and carriage
        // return, not even as &#1;: show it as its Control Pictures symbol
        // (U+2400 + c, e.g. \x01 as U+2401).
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') out += "&#x" + hex(0x2400 + c) + ";";
        else out += static_cast<char>(c);
    }
  }
  return out;
}

const char* svg_colour(std::size_t i) { return kColours[i % (sizeof(kColours) / sizeof(kColours[0]))]; }

std::string render_svg(const SvgPlot& plot) {
  std::ostringstream s;
  header(s, plot.width, plot.height, plot.title);
  const double pw = plot.width - kLeft - kRight, ph = plot.height - kTop - kBottom;
  Axis ax, ay;
  ax.log = plot.log_x;
  ay.log = plot.log_y;
  std::vector<double> xs, ys;
  for (const auto& series : plot.series) {
    xs.insert(xs.end(), series.x.begin(), series.x.end());
    ys.insert(ys.end(), series.y.begin(), series.y.end());
  }
  ax.fit(xs);
  ay.fit(ys);
  auto px = [&](double v) { return kLeft + ax.fraction(v) * pw; };
  auto py = [&](double v) { return kTop + (1 - ay.fraction(v)) * ph; };
  s << "<rect x=\"" << kLeft << "\" y=\"" << kTop << "\" width=\"" << pw << "\" height=\"" << ph
    << "\" fill=\"none\" stroke=\"black\"/>\n";
  for (double t : ax.ticks())
    s << "<line x1=\"" << px(t) << "\" y1=\"" << kTop << "\" x2=\"" << px(t) << "\" y2=\"" << kTop + ph
      << "\" stroke=\"#ddd\"/><text x=\"" << px(t) << "\" y=\"" << kTop + ph + 16
      << "\" text-anchor=\"middle\">" << number(t) << "</text>\n";
  for (double t : ay.ticks())
    s << "<line x1=\"" << kLeft << "\" y1=\"" << py(t) << "\" x2=\"" << kLeft + pw << "\" y2=\"" << py(t)
      << "\" stroke=\"#ddd\"/><text x=\"" << kLeft - 6 << "\" y=\"" << py(t) + 4
      << "\" text-anchor=\"end\">" << number(t) << "</text>\n";
  s << "<text x=\"" << kLeft + pw / 2 << "\" y=\"" << plot.height - 15 << "\" text-anchor=\"middle\">"
    << svg_escape(plot.x_label) << "</text>\n"
    << "<text transform=\"translate(18," << kTop + ph / 2 << ") rotate(-90)\" text-anchor=\"middle\">"
    << svg_escape(plot.y_label) << "</text>\n";
  for (std::size_t i = 0; i < plot.series.size(); ++i) {
    const SvgSeries& series = plot.series[i];
    const char* colour = svg_colour(i);
    std::ostringstream points;
    std::size_t count = std::min(series.x.size(), series.y.size());
    for (std::size_t j = 0; j < count; ++j) {
      const double x = series.x[j], y = series.y[j];
      if (!std::isfinite(x) || !std::isfinite(y) || (ax.log && x <= 0) || (ay.log && y <= 0)) continue;
      points << px(x) << ',' << py(y) << ' ';
      s << "<circle cx=\"" << px(x) << "\" cy=\"" << py(y) << "\" r=\"3\" fill=\"" << colour << "\"/>\n";
    }
    if (series.lines)
      s << "<polyline fill=\"none\" stroke=\"" << colour << "\" stroke-width=\"1.5\" points=\"" << points.str()
        << "\"/>\n";
    const double ly = kTop + 10 + 18.0 * i;
    s << "<rect x=\"" << kLeft + pw + 12 << "\" y=\"" << ly - 8 << "\" width=\"12\" height=\"10\" fill=\""
      << colour << "\"/><text x=\"" << kLeft + pw + 30 << "\" y=\"" << ly + 1 << "\">" << svg_escape(series.name)
      << "</text>\n";
  }
  s << "</svg>\n";
  return s.str();
}

std::string render_svg(const SvgBarChart& chart) {
  std::ostringstream s;
  header(s, chart.width, chart.height, chart.title);
  const double pw = chart.width - kLeft - 30, ph = chart.height - kTop - kBottom;
  Axis ay;
  std::vector<double> values = chart.values;
  values.push_back(0);
  ay.fit(values);
  auto py = [&](double v) { return kTop + (1 - ay.fraction(v)) * ph; };
  s << "<rect x=\"" << kLeft << "\" y=\"" << kTop << "\" width=\"" << pw << "\" height=\"" << ph
    << "\" fill=\"none\" stroke=\"black\"/>\n";
  for (double t : ay.ticks())
    s << "<line x1=\"" << kLeft << "\" y1=\"" << py(t) << "\" x2=\"" << kLeft + pw << "\" y2=\"" << py(t)
      << "\" stroke=\"#ddd\"/><text x=\"" << kLeft - 6 << "\" y=\"" << py(t) + 4
      << "\" text-anchor=\"end\">" << number(t) << "</text>\n";
  s << "<text transform=\"translate(18," << kTop + ph / 2 << ") rotate(-90)\" text-anchor=\"middle\">"
    << svg_escape(chart.y_label) << "</text>\n";
  const std::size_t n = std::min(chart.labels.size(), chart.values.size());
  const double slot = n ? pw / n : pw;
  for (std::size_t i = 0; i < n; ++i) {
    const double v = std::isfinite(chart.values[i]) ? chart.values[i] : 0;
    const double top = std::min(py(v), py(0)), height = std::fabs(py(v) - py(0));
    const double x = kLeft + slot * i + slot * 0.15;
    s << "<rect x=\"" << x << "\" y=\"" << top << "\" width=\"" << slot * 0.7 << "\" height=\"" << height
      << "\" fill=\"" << svg_colour(i) << "\"><title>" << svg_escape(chart.labels[i]) << ": "
      << number(v) << "</title></rect>\n<text x=\"" << x + slot * 0.35 << "\" y=\"" << kTop + ph + 16
      << "\" text-anchor=\"middle\">" << svg_escape(chart.labels[i]) << "</text>\n";
  }
  s << "</svg>\n";
  return s.str();
}

void write_svg(const SvgPlot& plot, const std::string& path) {
  AtomicFile file(path, false);
  file.stream() << render_svg(plot);
  file.commit();
}

void write_svg(const SvgBarChart& chart, const std::string& path) {
  AtomicFile file(path, false);
  file.stream() << render_svg(chart);
  file.commit();
}

}  // namespace embkit
