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
    return log ? log_ticks(std::pow(10.0, lo), std::pow(10.0, hi)) : linear_ticks(lo, hi);
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

std::vector<double> linear_ticks(double lo, double hi, int target) {
  std::vector<double> out;
  if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi) || target < 1) return out;
  // Heckbert's rounding: the nice number nearest to the raw step, with the
  // cuts at 1.5, 3 and 7 (geometric-ish midpoints of 1, 2, 5, 10).
  const double raw = (hi - lo) / target, magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / magnitude;
  const double step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * magnitude;
  // Integer multiples, so that 0.1 + 0.2 drift never shows up in a tick; the
  // bounds are widened by a hair for ticks that land on them. A span below
  // double precision at this magnitude (i + 1 == i) gets no ticks.
  const double slack = 1e-9 * step, first = std::ceil((lo - slack) / step);
  if (first + 1 == first) return out;
  for (double i = first; i * step <= hi + slack; ++i) out.push_back(i == 0 ? 0.0 : i * step);
  return out;
}

std::vector<double> log_ticks(double lo, double hi) {
  if (!(lo > 0) || !(hi > lo) || !std::isfinite(hi)) return {};
  const double slack = 1e-9;
  const auto ticks_with = [&](std::initializer_list<double> mantissas) {
    std::vector<double> out;
    for (double e = std::floor(std::log10(lo)) - 1; e <= std::ceil(std::log10(hi)); ++e)
      for (double m : mantissas) {
        const double v = m * std::pow(10.0, e);
        if (v >= lo * (1 - slack) && v <= hi * (1 + slack)) out.push_back(v);
      }
    return out;
  };
  std::vector<double> out = ticks_with({1});
  if (out.size() >= 4) return out;
  out = ticks_with({1, 2, 5});
  if (out.size() >= 3) return out;
  out = ticks_with({1, 2, 3, 4, 5, 6, 7, 8, 9});
  if (out.size() >= 2) return out;
  return linear_ticks(lo, hi);
}

std::string tick_label(double value) {
  char buffer[32];
  const double magnitude = std::fabs(value);
  if (magnitude != 0 && (magnitude >= 1e6 || magnitude < 1e-4)) {
    // m e±x: "2e6", "2.5e-5".
    const int exponent = static_cast<int>(std::floor(std::log10(magnitude) + 1e-12));
    std::snprintf(buffer, sizeof buffer, "%.6ge%d", value / std::pow(10.0, exponent), exponent);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.6g", value == 0 ? 0.0 : value);  // no "-0"
  }
  return buffer;
}

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
      << "\" text-anchor=\"middle\">" << tick_label(t) << "</text>\n";
  for (double t : ay.ticks())
    s << "<line x1=\"" << kLeft << "\" y1=\"" << py(t) << "\" x2=\"" << kLeft + pw << "\" y2=\"" << py(t)
      << "\" stroke=\"#ddd\"/><text x=\"" << kLeft - 6 << "\" y=\"" << py(t) + 4
      << "\" text-anchor=\"end\">" << tick_label(t) << "</text>\n";
  s << "<text x=\"" << kLeft + pw / 2 << "\" y=\"" << plot.height - 15 << "\" text-anchor=\"middle\">"
    << svg_escape(plot.x_label) << "</text>\n"
    << "<text transform=\"translate(18," << kTop + ph / 2 << ") rotate(-90)\" text-anchor=\"middle\">"
    << svg_escape(plot.y_label) << "</text>\n";
  // Where each marker goes: its true place, or, when that is within a marker's
  // width of one already placed, the nearest free spot on rings around it
  // (drawn with a thin line back to the true place). Markers are placed in
  // series order, so the first series keeps its places.
  struct Marker {
    double x, y;          // drawn here
    double true_x, true_y;
    std::size_t series, point;
  };
  constexpr double kRadius = 3, kApart = 2 * kRadius + 1;
  std::vector<Marker> markers;
  const auto free_at = [&](double x, double y) {
    for (const Marker& m : markers)
      if (std::hypot(m.x - x, m.y - y) < kApart) return false;
    return true;
  };
  for (std::size_t i = 0; i < plot.series.size(); ++i) {
    const SvgSeries& series = plot.series[i];
    const std::size_t count = std::min(series.x.size(), series.y.size());
    for (std::size_t j = 0; j < count; ++j) {
      const double x = series.x[j], y = series.y[j];
      if (!std::isfinite(x) || !std::isfinite(y) || (ax.log && x <= 0) || (ay.log && y <= 0)) continue;
      Marker m{px(x), py(y), px(x), py(y), i, j};
      for (int ring = 1; ring <= 3 && !free_at(m.x, m.y); ++ring)
        for (int step = 0; step < 8 * ring; ++step) {
          const double angle = 2 * 3.141592653589793 * step / (8 * ring);
          const double cx = m.true_x + ring * kApart * std::cos(angle), cy = m.true_y + ring * kApart * std::sin(angle);
          if (free_at(cx, cy)) {
            m.x = cx, m.y = cy;
            break;
          }
        }
      markers.push_back(m);
    }
  }
  // Lines first, through the true places; markers over them.
  for (std::size_t i = 0; i < plot.series.size(); ++i) {
    if (!plot.series[i].lines) continue;
    s << "<polyline fill=\"none\" stroke=\"" << svg_colour(i) << "\" stroke-width=\"1.5\" points=\"";
    for (const Marker& m : markers)
      if (m.series == i) s << m.true_x << ',' << m.true_y << ' ';
    s << "\"/>\n";
  }
  for (const Marker& m : markers) {
    if (m.x != m.true_x || m.y != m.true_y)
      s << "<line x1=\"" << m.true_x << "\" y1=\"" << m.true_y << "\" x2=\"" << m.x << "\" y2=\"" << m.y
        << "\" stroke=\"" << svg_colour(m.series) << "\" stroke-width=\"0.8\"/>\n";
    s << "<circle cx=\"" << m.x << "\" cy=\"" << m.y << "\" r=\"" << kRadius << "\" fill=\""
      << svg_colour(m.series) << "\"/>\n";
  }
  // Point labels (10 px text, ~6 px a character): right of the marker, else
  // left, above or below, the first spot that covers no marker and no label;
  // on the right all the same when none is free.
  struct Box {
    double x0, y0, x1, y1;
    bool overlaps(const Box& b) const { return x0 < b.x1 && b.x0 < x1 && y0 < b.y1 && b.y0 < y1; }
  };
  std::vector<Box> taken;
  for (const Marker& m : markers) taken.push_back({m.x - kRadius, m.y - kRadius, m.x + kRadius, m.y + kRadius});
  for (const Marker& m : markers) {
    const std::vector<std::string>& labels = plot.series[m.series].point_labels;
    if (m.point >= labels.size() || labels[m.point].empty()) continue;
    const double w = 6.0 * labels[m.point].size(), h = 10;
    const Box spots[] = {{m.x + 5, m.y - h / 2, m.x + 5 + w, m.y + h / 2},
                         {m.x - 5 - w, m.y - h / 2, m.x - 5, m.y + h / 2},
                         {m.x - w / 2, m.y - 5 - h, m.x + w / 2, m.y - 5},
                         {m.x - w / 2, m.y + 5, m.x + w / 2, m.y + 5 + h}};
    Box chosen = spots[0];
    for (const Box& spot : spots)
      if (std::none_of(taken.begin(), taken.end(), [&](const Box& b) { return spot.overlaps(b); })) {
        chosen = spot;
        break;
      }
    taken.push_back(chosen);
    s << "<text x=\"" << chosen.x0 << "\" y=\"" << chosen.y1 - 1.5 << "\" font-size=\"10\" fill=\""
      << svg_colour(m.series) << "\">" << svg_escape(labels[m.point]) << "</text>\n";
  }
  s << "<g class=\"legend\">\n";
  for (std::size_t i = 0; i < plot.series.size(); ++i) {
    const double ly = kTop + 10 + 18.0 * i;
    s << "<rect x=\"" << kLeft + pw + 12 << "\" y=\"" << ly - 8 << "\" width=\"12\" height=\"10\" fill=\""
      << svg_colour(i) << "\"/><text x=\"" << kLeft + pw + 30 << "\" y=\"" << ly + 1 << "\">"
      << svg_escape(plot.series[i].name) << "</text>\n";
  }
  s << "</g>\n";
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
      << "\" text-anchor=\"end\">" << tick_label(t) << "</text>\n";
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
