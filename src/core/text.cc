#include "core/text.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/error.h"
#include "core/tokenizer.h"

namespace embkit {
namespace {

// std::from_chars over the whole field after an optional '+' (which
// from_chars rejects): std::errc() only if every character was read.
template <typename T>
std::errc from_chars_whole(std::string_view field, T& value) {
  const char* first = field.data();
  const char* last = first + field.size();
  if (first != last && *first == '+') ++first;
  const auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec == std::errc() && ptr != last) return std::errc::invalid_argument;
  return ec;
}

// The errors a parsed number can still have: not a number, or NaN/Inf.
void check_parsed(std::errc ec, bool finite, std::string_view field, const std::string& source,
                  std::uint64_t line, const char* what) {
  if (ec != std::errc())
    throw_input_error(source, line, std::string("expected ") + what + ", got " + quote_input(field));
  if (!finite)
    throw_input_error(source, line, std::string("non-finite value (NaN or Inf) where ") + what +
                                        " was expected: " + quote_input(field));
}

}  // namespace

std::string escape_input(std::string_view bytes) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size());
  for (std::size_t pos = 0; pos < bytes.size();) {
    const std::size_t start = pos;
    const std::int32_t cp = decode_utf8(bytes, pos);
    if (cp >= 0x20 && cp != 0x7F) {
      out.append(bytes.data() + start, pos - start);
    } else {  // decode_utf8 advanced one byte for an invalid sequence
      const auto c = static_cast<unsigned char>(bytes[start]);
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string quote_input(std::string_view field, std::size_t max_bytes) {
  std::size_t cut = std::min(field.size(), max_bytes);
  // Back up to a character boundary (a UTF-8 continuation byte is 10xxxxxx).
  while (cut < field.size() && cut > 0 && (static_cast<unsigned char>(field[cut]) & 0xC0) == 0x80) --cut;
  return "'" + escape_input(field.substr(0, cut)) + (cut < field.size() ? "...'" : "'");
}

void split_whitespace(std::string_view text, std::vector<std::string_view>& out) {
  out.clear();
  std::size_t i = 0, n = text.size();
  while (i < n) {
    while (i < n && is_ascii_space(text[i])) ++i;
    std::size_t start = i;
    while (i < n && !is_ascii_space(text[i])) ++i;
    if (i > start) out.push_back(text.substr(start, i - start));
  }
}

void split_char(std::string_view text, char delimiter, std::vector<std::string_view>& out) {
  out.clear();
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == delimiter) {
      out.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
}

std::string_view trim(std::string_view text) {
  std::size_t b = 0, e = text.size();
  while (b < e && is_ascii_space(text[b])) ++b;
  while (e > b && is_ascii_space(text[e - 1])) --e;
  return text.substr(b, e - b);
}

std::string to_lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && text.substr(0, prefix.size()) == prefix;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::vector<std::string> split_list(std::string_view text, char delimiter) {
  std::vector<std::string_view> parts;
  split_char(text, delimiter, parts);
  std::vector<std::string> out;
  for (auto p : parts) {
    p = trim(p);
    if (!p.empty()) out.emplace_back(p);
  }
  return out;
}

double parse_double(std::string_view field, const std::string& source, std::uint64_t line,
                    const char* what) {
  double value = 0;
  const std::errc ec = from_chars_whole(field, value);
  if (ec == std::errc::result_out_of_range)
    throw_input_error(source, line, std::string("value out of range for ") + what + ": " + quote_input(field));
  check_parsed(ec, std::isfinite(value), field, source, line, what);
  return value;
}

float parse_float(std::string_view field, const std::string& source, std::uint64_t line,
                  const char* what) {
  float value = 0;
  const std::errc ec = from_chars_whole(field, value);
  if (ec == std::errc::result_out_of_range) {
    // Subnormal-range values (e.g. 1e-45) are representable as 0 for our purposes;
    // overflow (1e39) is an error.
    double d = parse_double(field, source, line, what);
    if (std::fabs(d) > 1.0) throw_input_error(source, line, std::string("value out of float range: ") + quote_input(field));
    return static_cast<float>(d);
  }
  check_parsed(ec, std::isfinite(value), field, source, line, what);
  return value;
}

std::int64_t parse_int(std::string_view field, const std::string& source, std::uint64_t line,
                       const char* what) {
  std::int64_t value = 0;
  check_parsed(from_chars_whole(field, value), true, field, source, line, what);
  return value;
}

}  // namespace embkit
