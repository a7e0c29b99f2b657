// A small streaming JSON writer for --json outputs and --progress-json logs.
//
//   JsonWriter j(std::cout);
//   j.begin_object(); j.key("spearman").value(0.66); j.key("pairs").value(353);
//   j.end_object();
// Doubles are written with the shortest round-trip form; NaN/Inf become null.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace embkit {

class JsonWriter {
 public:
  explicit JsonWriter(std::ostream& out, bool pretty = false);
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);
  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
  JsonWriter& value(double number);
  JsonWriter& value(float number) { return value(static_cast<double>(number)); }
  JsonWriter& value(std::int64_t number);
  JsonWriter& value(std::uint64_t number);
  JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
  JsonWriter& value(long long number) { return value(static_cast<std::int64_t>(number)); }
  JsonWriter& value(unsigned long long number) { return value(static_cast<std::uint64_t>(number)); }
  JsonWriter& value(bool flag);
  JsonWriter& null();

 private:
  void before_value();
  // Opens / closes an object or array; `indent`: in pretty mode, the closing
  // bracket goes on its own line (objects; arrays stay on one line).
  JsonWriter& open(char bracket);
  JsonWriter& close(char bracket, bool indent);
  std::ostream& out_;
  bool pretty_;
  // Per nesting level: whether a comma is needed before the next element.
  std::vector<bool> need_comma_;
  bool after_key_ = false;
};

// The text as a JSON string body: quotes, backslashes and control characters
// escaped; bytes that are not valid UTF-8 written as \u00XX (their Latin-1
// reading), so every document JsonWriter writes is valid UTF-8 JSON.
std::string json_escape(std::string_view text);
// Shortest decimal that round-trips (std::to_chars).
std::string format_double(double value);
std::string format_float(float value);

}  // namespace embkit
