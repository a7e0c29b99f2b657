// The RFC 4180 reader: quotes, embedded delimiters and line breaks, CRLF, and
// every malformed case with file and line.
#include <catch2/catch.hpp>

#include "core/error.h"
#include "encoding/csv_reader.h"
#include "support/test_util.h"

using namespace embkit;
using embkit::test::TempDir;
using Records = std::vector<std::vector<std::string>>;

namespace {
Records read_all(const std::string& content) {
  TempDir tmp;
  const std::string path = tmp.file("t.csv");
  embkit::test::write_file(path, content);
  CsvReader reader(path);
  Records records;
  std::vector<std::string> fields;
  while (reader.next(fields)) records.push_back(fields);
  return records;
}

std::string error_of(const std::string& content) {
  try {
    read_all(content);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}
}  // namespace

TEST_CASE("CSV: plain, quoted, embedded commas, quotes and line breaks, CRLF") {
  CHECK(read_all("a,b\n1,2\n") == Records{{"a", "b"}, {"1", "2"}});
  CHECK(read_all("a,b\r\n1,2\r\n") == Records{{"a", "b"}, {"1", "2"}});
  CHECK(read_all("a,b\n1,2") == Records{{"a", "b"}, {"1", "2"}});  // no final line break
  CHECK(read_all("name,text\nx,\"hello, world\"\n") == Records{{"name", "text"}, {"x", "hello, world"}});
  CHECK(read_all("q\n\"say \"\"hi\"\"\"\n") == Records{{"q"}, {"say \"hi\""}});
  CHECK(read_all("q,r\n\"two\r\nlines\",x\r\n") == Records{{"q", "r"}, {"two\r\nlines", "x"}});
  CHECK(read_all("a,b,c\n,,\n") == Records{{"a", "b", "c"}, {"", "", ""}});
  CHECK(read_all("a\n\"\"\n") == Records{{"a"}, {""}});
  CHECK(read_all("").empty());
}

TEST_CASE("CSV: line numbers count the line breaks inside quoted fields") {
  TempDir tmp;
  const std::string path = tmp.file("t.csv");
  embkit::test::write_file(path, "h\n\"a\nb\"\nc\n");
  CsvReader reader(path);
  std::vector<std::string> fields;
  REQUIRE(reader.next(fields));
  CHECK(reader.line() == 1);
  REQUIRE(reader.next(fields));
  CHECK(reader.line() == 2);
  REQUIRE(reader.next(fields));
  CHECK(reader.line() == 4);
  CHECK(fields == std::vector<std::string>{"c"});
}

TEST_CASE("CSV: malformed input names the file and line") {
  CHECK_THAT(error_of("a,b\n1,2\n\"open,3\n"), Catch::Contains("t.csv:3") && Catch::Contains("not closed"));
  CHECK_THAT(error_of("a,b\n1,2,3\n"), Catch::Contains("t.csv:2") && Catch::Contains("expected 2 fields"));
  CHECK_THAT(error_of("a\nab\"c\n"), Catch::Contains("t.csv:2") && Catch::Contains("quote inside"));
  CHECK_THAT(error_of("a\n\"x\"y\n"), Catch::Contains("t.csv:2") && Catch::Contains("after a closing quote"));
  CHECK_THROWS_AS(CsvReader("/nonexistent/file.csv"), InputError);
}

TEST_CASE("CSV: a UTF-8 byte-order mark is not part of the first column's name") {
  REQUIRE(read_all("\xEF\xBB\xBF" "color,size\nred,S\n") == Records{{"color", "size"}, {"red", "S"}});
  REQUIRE(read_all("\xEF\xBB\xBF").empty());
  // Only at the start: the same bytes later are data.
  REQUIRE(read_all("a\n\xEF\xBB\xBF" "b\n") == Records{{"a"}, {"\xEF\xBB\xBF" "b"}});
}
