// CsvReader: a streaming RFC 4180 CSV reader.
//
// Records are separated by LF or CRLF; fields by the delimiter (',' by default).
// A field may be enclosed in double quotes, and then may contain the delimiter,
// line breaks and doubled quotes ("" stands for one "). Everything else is an
// error that names the file and line: a quote inside an unquoted field, text
// after a closing quote, a quoted field still open at the end of the file, or
// a record whose field count differs from the first record's.
// The first record is usually a header; the reader does not interpret it. A
// UTF-8 byte-order mark at the start of the file is skipped.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/input_file.h"

namespace embkit {

class CsvReader {
 public:
  // "-" reads stdin. Throws InputError if the file cannot be opened.
  explicit CsvReader(const std::string& path, char delimiter = ',');

  // Reads the next record into `fields`; false at the end of the input.
  // A blank line is a record with one empty field, as RFC 4180 reads it, but a
  // final line break does not start a record.
  bool next(std::vector<std::string>& fields);

  // The line on which the record last returned started (1-based).
  std::uint64_t line() const { return record_line_; }
  const std::string& path() const { return path_; }

 private:
  int get();
  int peek();

  std::string path_;
  FilePtr file_;
  char delimiter_;
  std::uint64_t current_line_ = 1;
  std::uint64_t record_line_ = 0;
  std::size_t expected_fields_ = 0;
  std::vector<char> buffer_;
  std::size_t buffer_pos_ = 0, buffer_end_ = 0;
  bool at_start_ = true;  // before the first read: a byte-order mark may follow
};

}  // namespace embkit
