#include "eval/explorer_page.h"

#include <cstring>
#include <sstream>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/json.h"
#include "eval/svg.h"

namespace embkit {

std::string base64_encode(const void* data, std::size_t bytes) {
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const auto* in = static_cast<const unsigned char*>(data);
  std::string out;
  out.reserve((bytes + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes; i += 3) {
    const std::uint32_t v = (std::uint32_t(in[i]) << 16) | (std::uint32_t(in[i + 1]) << 8) | in[i + 2];
    out += alphabet[v >> 18];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += alphabet[v & 63];
  }
  if (i < bytes) {  // RFC 4648 §4: pad the last 1 or 2 bytes with '='
    const std::uint32_t v = (std::uint32_t(in[i]) << 16) | (i + 1 < bytes ? std::uint32_t(in[i + 1]) << 8 : 0);
    out += alphabet[v >> 18];
    out += alphabet[(v >> 12) & 63];
    out += i + 1 < bytes ? alphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::uint16_t float_to_half(float value) {
  std::uint32_t f;
  std::memcpy(&f, &value, sizeof f);
  const std::uint16_t sign = static_cast<std::uint16_t>((f >> 16) & 0x8000);
  const std::uint32_t abs = f & 0x7fffffff;
  if (abs >= 0x7f800000)  // inf stays inf, NaN stays a (quiet) NaN
    return sign | 0x7c00 | (abs > 0x7f800000 ? 0x200 : 0);
  if (abs >= 0x477ff000) return sign | 0x7c00;  // rounds to ≥ 65520: overflow
  const int exponent = static_cast<int>(abs >> 23) - 127;
  std::uint32_t mantissa = (abs & 0x7fffff) | 0x800000;  // with the implicit 1
  // Normal halves keep 10 of the 23 fraction bits; subnormals (exponent < −14)
  // shift further, down to 2^−24. Round half to even on the bits dropped.
  const int shift = exponent >= -14 ? 13 : 13 + (-14 - exponent);
  if (shift > 24) return sign;  // below half the smallest subnormal
  const std::uint32_t dropped = mantissa & ((1u << shift) - 1), halfway = 1u << (shift - 1);
  mantissa >>= shift;
  if (dropped > halfway || (dropped == halfway && (mantissa & 1))) ++mantissa;
  // A carry out of the fraction moves into the exponent field, as it should.
  if (exponent >= -14) return sign | static_cast<std::uint16_t>((std::uint32_t(exponent + 14) << 10) + mantissa);
  return sign | static_cast<std::uint16_t>(mantissa);
}

std::string script_json_string(const std::string& text) {
  const std::string escaped = json_escape(text);
  std::string out;
  out.reserve(escaped.size());
  for (char c : escaped) {
    if (c == '<') out += "\\u003c";
    else if (c == '>') out += "\\u003e";
    else if (c == '&') out += "\\u0026";
    else out += c;
  }
  return out;
}

namespace {

void json_strings(std::ostream& out, const std::vector<std::string>& items) {
  out << '[';
  for (std::size_t i = 0; i < items.size(); ++i) out << (i ? ",\"" : "\"") << script_json_string(items[i]) << '"';
  out << ']';
}

void write_page(const ExplorerPage& page, std::ostream& html) {
  const std::size_t n = page.words.size();
  if (page.methods.empty()) throw UsageError("explorer page: no vector files");
  for (const ExplorerMethod& m : page.methods)
    if (static_cast<std::size_t>(m.vectors.rows()) != n || m.x.size() != n || m.y.size() != n ||
        m.z.size() != n || m.colour.size() != n)
      throw UsageError("explorer page: method '" + m.name + "' does not have one row per word");
  html << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          // The browser itself refuses any request the page might make: no
          // connection, image, font or frame source is allowed.
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<title>"
       << svg_escape(page.title) << "</title>\n<style>\n"
       << kExplorerStyle
       << "</style>\n</head>\n<body>\n"
          "<header><h1 id=\"title\"></h1><span id=\"status\">loading…</span></header>\n"
          "<main>\n"
          "<section id=\"map-panel\">\n"
          "<div id=\"map-controls\"><label>map of <select id=\"map-method\"></select></label>"
          "<button type=\"button\" id=\"view-toggle\"></button>"
          "<span id=\"axes-note\"></span>"
          "<button type=\"button\" id=\"zoom-in\" title=\"zoom in\">+</button>"
          "<button type=\"button\" id=\"zoom-out\" title=\"zoom out\">−</button>"
          "<button type=\"button\" id=\"zoom-reset\" title=\"show every word\">reset</button></div>\n"
          "<div id=\"map-box\"><canvas id=\"map\"></canvas><div id=\"tooltip\" hidden></div></div>\n"
          "<div id=\"legend\"></div>\n"
          "</section>\n"
          "<aside>\n"
          "<form id=\"search-form\" autocomplete=\"off\"><label>word <input id=\"query\" spellcheck=\"false\"></label>"
          "<button type=\"submit\">nearest</button></form>\n"
          "<p id=\"query-note\"></p>\n"
          "<div id=\"neighbours\"></div>\n"
          "<p id=\"overlap\"></p>\n"
          "<form id=\"analogy-form\" autocomplete=\"off\"><input id=\"analogy-a\" placeholder=\"king\" "
          "spellcheck=\"false\"> − <input id=\"analogy-b\" placeholder=\"man\" spellcheck=\"false\"> + "
          "<input id=\"analogy-c\" placeholder=\"woman\" spellcheck=\"false\"> <button type=\"submit\">=</button>"
          "</form>\n"
          "<p id=\"analogy-note\"></p>\n"
          "<div id=\"analogy\"></div>\n"
          "</aside>\n"
          "</main>\n"
          "<script type=\"application/json\" id=\"explorer-meta\">{\"title\":\""
       << script_json_string(page.title) << "\",\"k\":" << page.k
       << ",\"half\":" << (page.half ? "true" : "false") << ",\"view\":\"" << (page.view_3d ? "3d" : "2d")
       << "\",\"words\":";
  json_strings(html, page.words);
  html << ",\"methods\":[";
  for (std::size_t mi = 0; mi < page.methods.size(); ++mi) {
    const ExplorerMethod& m = page.methods[mi];
    html << (mi ? "," : "") << "{\"name\":\"" << script_json_string(m.name) << "\",\"dim\":" << m.vectors.cols()
         << ",\"explained\":[" << format_double(m.explained[0]) << ',' << format_double(m.explained[1]) << ','
         << format_double(m.explained[2]) << "],\"legend\":";
    json_strings(html, m.legend);
    html << ",\"colour\":[";
    for (std::size_t i = 0; i < n; ++i) html << (i ? "," : "") << m.colour[i];
    html << "]}";
  }
  html << "]}</script>\n";
  for (std::size_t mi = 0; mi < page.methods.size(); ++mi) {
    const ExplorerMethod& m = page.methods[mi];
    std::vector<float> xyz(3 * n);
    for (std::size_t i = 0; i < n; ++i) xyz[3 * i] = m.x[i], xyz[3 * i + 1] = m.y[i], xyz[3 * i + 2] = m.z[i];
    html << "<script type=\"application/octet-stream\" id=\"explorer-map-" << mi << "\">"
         << base64_encode(xyz.data(), xyz.size() * sizeof(float)) << "</script>\n";
    const std::size_t values = static_cast<std::size_t>(m.vectors.size());
    html << "<script type=\"application/octet-stream\" id=\"explorer-vectors-" << mi << "\">";
    if (page.half) {
      std::vector<std::uint16_t> h(values);
      for (std::size_t i = 0; i < values; ++i) h[i] = float_to_half(m.vectors.data()[i]);
      html << base64_encode(h.data(), h.size() * sizeof(std::uint16_t));
    } else {
      html << base64_encode(m.vectors.data(), values * sizeof(float));
    }
    html << "</script>\n";
  }
  html << "<script>\n" << kExplorerScript << "</script>\n</body>\n</html>\n";
}

}  // namespace

std::string render_explorer_html(const ExplorerPage& page) {
  std::ostringstream html;
  write_page(page, html);
  return html.str();
}

std::uint64_t write_explorer_html(const ExplorerPage& page, const std::string& path) {
  // The size is counted here: the file may only be renamed into place when
  // the command's outputs commit together (OutputTransaction).
  const std::string html = render_explorer_html(page);
  AtomicFile file(path);
  file.stream() << html;
  file.commit();
  return html.size();
}

}  // namespace embkit
