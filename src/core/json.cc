#include "core/json.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "core/tokenizer.h"

namespace embkit {

namespace {

void append_unicode_escape(unsigned char c, std::string& out) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\u%04x", c);
  out += buf;
}

}  // namespace

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  for (std::size_t pos = 0; pos < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[pos]);
    if (c >= 0x80) {
      // Valid UTF-8 is copied; a byte outside any valid sequence (a Latin-1
      // label) is written as the code point of its value, \u00e9 for 0xE9, so
      // the output stays valid UTF-8 and the byte stays recoverable.
      const std::size_t start = pos;
      if (decode_utf8(text, pos) >= 0) out.append(text.substr(start, pos - start));
      else append_unicode_escape(c, out);
      continue;
    }
    ++pos;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) append_unicode_escape(c, out);
        else out += static_cast<char>(c);
    }
  }
  return out;
}

std::string format_double(double value) {
  char buf[64];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, ptr);
}

std::string format_float(float value) {
  char buf[64];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, ptr);
}

JsonWriter::JsonWriter(std::ostream& out, bool pretty) : out_(out), pretty_(pretty) {}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!need_comma_.empty()) {
    if (need_comma_.back()) out_ << ',';
    if (pretty_) out_ << '\n' << std::string(2 * need_comma_.size(), ' ');
    need_comma_.back() = true;
  }
}

JsonWriter& JsonWriter::open(char bracket) {
  before_value();
  out_ << bracket;
  need_comma_.push_back(false);
  return *this;
}

JsonWriter& JsonWriter::close(char bracket, bool indent) {
  need_comma_.pop_back();
  if (indent) out_ << '\n' << std::string(2 * need_comma_.size(), ' ');
  out_ << bracket;
  if (need_comma_.empty()) out_ << '\n';
  return *this;
}

JsonWriter& JsonWriter::begin_object() { return open('{'); }
JsonWriter& JsonWriter::end_object() { return close('}', pretty_); }
JsonWriter& JsonWriter::begin_array() { return open('['); }
JsonWriter& JsonWriter::end_array() { return close(']', false); }

JsonWriter& JsonWriter::key(std::string_view name) {
  before_value();
  out_ << '"' << json_escape(name) << "\":";
  if (pretty_) out_ << ' ';
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
  before_value();
  out_ << '"' << json_escape(text) << '"';
  return *this;
}

JsonWriter& JsonWriter::value(double number) {
  before_value();
  if (std::isfinite(number))
    out_ << format_double(number);
  else
    out_ << "null";
  return *this;
}

JsonWriter& JsonWriter::value(std::int64_t number) {
  before_value();
  out_ << number;
  return *this;
}

JsonWriter& JsonWriter::value(std::uint64_t number) {
  before_value();
  out_ << number;
  return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
  before_value();
  out_ << (flag ? "true" : "false");
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ << "null";
  return *this;
}

}  // namespace embkit
