// Small string utilities shared by the parsers. Number parsers take the source
// and line so that a bad value produces "file:line: expected a number, got 'abc'".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace embkit {

// The ASCII whitespace every splitter here uses: space, \t, \n, \r, \v, \f.
inline bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// Split on any run of ASCII whitespace (no empty fields).
void split_whitespace(std::string_view text, std::vector<std::string_view>& out);
// Split on one delimiter character (empty fields kept).
void split_char(std::string_view text, char delimiter, std::vector<std::string_view>& out);
std::string_view trim(std::string_view text);
std::string to_lower_ascii(std::string_view text);
bool starts_with(std::string_view text, std::string_view prefix);
bool ends_with(std::string_view text, std::string_view suffix);
// "a,b,c" → {"a","b","c"} (empty items dropped, whitespace trimmed).
std::vector<std::string> split_list(std::string_view text, char delimiter = ',');

// Input bytes as they may appear in a one-line message: valid UTF-8 is kept;
// control bytes, DEL and bytes that are not valid UTF-8 become \xHH, so a
// message never carries raw binary, a line break or a broken character.
std::string escape_input(std::string_view bytes);
// escape_input of at most `max_bytes` of `field` (cut on a character boundary,
// "..." marking the cut), in single quotes: how every message quotes input.
std::string quote_input(std::string_view field, std::size_t max_bytes = 40);

// Strict parsers: the whole field must be the number; float/double must be finite.
double parse_double(std::string_view field, const std::string& source, std::uint64_t line,
                    const char* what = "a number");
float parse_float(std::string_view field, const std::string& source, std::uint64_t line,
                  const char* what = "a number");
std::int64_t parse_int(std::string_view field, const std::string& source, std::uint64_t line,
                       const char* what = "an integer");

}  // namespace embkit
