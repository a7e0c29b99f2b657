#include "encoding/csv_reader.h"

#include <cstdio>

#include "core/error.h"

namespace embkit {

CsvReader::CsvReader(const std::string& path, char delimiter)
    : path_(path), file_(open_input(path)), delimiter_(delimiter), buffer_(1 << 16) {
  // A UTF-8 byte order mark (Excel writes one) is not part of the first
  // column's name.
  if (peek() != EOF && buffer_end_ >= kUtf8Bom.size() &&
      std::string_view(buffer_.data(), kUtf8Bom.size()) == kUtf8Bom)
    buffer_pos_ = kUtf8Bom.size();
}

int CsvReader::get() {
  if (buffer_pos_ == buffer_end_) {
    buffer_end_ = std::fread(buffer_.data(), 1, buffer_.size(), file_.get());
    buffer_pos_ = 0;
    if (buffer_end_ == 0) {
      if (std::ferror(file_.get())) throw_input_error(path_, current_line_, "read error");
      return EOF;
    }
    // A UTF-8 byte-order mark (Excel's "CSV UTF-8") is not part of the first field.
    if (at_start_ && buffer_end_ >= 3 && buffer_[0] == '\xEF' && buffer_[1] == '\xBB' && buffer_[2] == '\xBF')
      buffer_pos_ = 3;
    at_start_ = false;
    if (buffer_pos_ == buffer_end_) return get();
  }
  return static_cast<unsigned char>(buffer_[buffer_pos_++]);
}

int CsvReader::peek() {
  const int c = get();
  if (c != EOF) --buffer_pos_;
  return c;
}

bool CsvReader::next(std::vector<std::string>& fields) {
  fields.clear();
  int c = get();
  if (c == EOF) return false;
  record_line_ = current_line_;
  std::string field;
  for (;;) {
    if (c == '"') {  // quoted field: runs to the closing quote
      const std::uint64_t opened = current_line_;
      for (;;) {
        c = get();
        if (c == EOF)
          throw_input_error(path_, opened, "quoted field is not closed before the end of the file");
        if (c == '"') {
          if (peek() != '"') break;
          get();  // "" is one quote
        } else if (c == '\n') {
          ++current_line_;
        }
        field += static_cast<char>(c);
      }
      c = get();
      if (c == '\r' && peek() == '\n') c = get();
      if (c != delimiter_ && c != '\n' && c != EOF)
        throw_input_error(path_, current_line_,
                          std::string("unexpected '") + static_cast<char>(c) +
                              "' after a closing quote (expected the delimiter or a line end)");
    } else {  // unquoted field: runs to the delimiter or the line end
      while (c != delimiter_ && c != '\n' && c != EOF) {
        if (c == '\r' && peek() == '\n') {
          c = get();
          break;
        }
        if (c == '"')
          throw_input_error(path_, current_line_,
                            "a quote inside an unquoted field; enclose the field in quotes and "
                            "double the quote (\"\")");
        field += static_cast<char>(c);
        c = get();
      }
    }
    fields.push_back(std::move(field));
    field.clear();
    if (c == delimiter_) {
      c = get();
      continue;
    }
    if (c == '\n') ++current_line_;
    break;  // line end or end of file
  }
  if (expected_fields_ == 0) {
    expected_fields_ = fields.size();
  } else if (fields.size() != expected_fields_) {
    throw_input_error(path_, record_line_,
                      "expected " + std::to_string(expected_fields_) + " fields (as in the first record), found " +
                          std::to_string(fields.size()));
  }
  return true;
}

}  // namespace embkit
