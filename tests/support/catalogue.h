// The bad-input catalogue of docs/errors.md, parsed for the tests that run
// it: tests/errors/catalogue_test.cc (the "Catalogue" section, embkit alone)
// and tests/distributed/catalogue_test.cc (the "Under mpirun" section).
#pragma once

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <filesystem>
#include <set>

#include "support/test_util.h"

namespace embkit::test {

struct Fixture {
  // A FIFO, a character device like /dev/null (1, 3) and a symbolic link are
  // made inside the test's directory, never taken from /dev.
  enum class Kind { File, Directory, Fifo, NullDevice, Symlink };
  std::string name;
  Kind kind = Kind::File;
  std::string content;  // a file's bytes, or a symbolic link's target
};

inline constexpr const char* kSymlinkPrefix = "(symlink to ";

inline void create(const Fixture& f, const std::string& path) {
  switch (f.kind) {
    case Fixture::Kind::Directory: fs::create_directory(path); break;
    case Fixture::Kind::Fifo: REQUIRE(mkfifo(path.c_str(), 0600) == 0); break;
    case Fixture::Kind::NullDevice: REQUIRE(mknod(path.c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0); break;
    case Fixture::Kind::Symlink: REQUIRE(symlink(f.content.c_str(), path.c_str()) == 0); break;
    case Fixture::Kind::File: write_file(path, f.content); break;
  }
}

// The fixture is still there, of the same kind, with the same content.
inline void check_unchanged(const Fixture& f, const std::string& path) {
  INFO("input changed: " << f.name);
  struct stat st {};
  REQUIRE(lstat(path.c_str(), &st) == 0);
  switch (f.kind) {
    case Fixture::Kind::Directory: CHECK(S_ISDIR(st.st_mode)); break;
    case Fixture::Kind::Fifo: CHECK(S_ISFIFO(st.st_mode)); break;
    case Fixture::Kind::NullDevice: CHECK((S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3))); break;
    case Fixture::Kind::Symlink: CHECK((S_ISLNK(st.st_mode) && fs::read_symlink(path).string() == f.content)); break;
    case Fixture::Kind::File: CHECK((S_ISREG(st.st_mode) && read_file(path) == f.content)); break;
  }
}

struct Case {
  std::string number;
  std::string command;  // starts with "embkit "
  int exit_code = -1;
  std::string fragment;
};

inline std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// The cells of a Markdown table row "| a | `b` | c |", trimmed, with one pair
// of enclosing backticks removed. Cells must not contain '|' (use \x7c).
inline std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::size_t start = 1;
  for (std::size_t bar; (bar = line.find('|', start)) != std::string::npos; start = bar + 1) {
    std::string cell = trim(line.substr(start, bar - start));
    if (cell.size() >= 2 && cell.front() == '`' && cell.back() == '`') cell = cell.substr(1, cell.size() - 2);
    out.push_back(cell);
  }
  return out;
}

// C escapes of the fixture table: \n \t \\ \xHH.
inline std::string unescape(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) { out += s[i]; continue; }
    const char c = s[++i];
    if (c == 'n') out += '\n';
    else if (c == 't') out += '\t';
    else if (c == '\\') out += '\\';
    else if (c == 'x' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      FAIL("bad escape \\" << c << " in docs/errors.md: " << s);
    }
  }
  return out;
}

struct Catalogue {
  std::vector<Fixture> fixtures;
  std::vector<Case> cases;
};

// The input files, and the rows of the tables under the "## `cases`" heading.
inline Catalogue parse_catalogue(const std::string& markdown, const std::string& cases = "Catalogue") {
  Catalogue cat;
  std::istringstream in(markdown);
  std::string line, section;
  while (std::getline(in, line)) {
    if (line.rfind("## ", 0) == 0) section = trim(line.substr(3));
    if (line.rfind("| ", 0) != 0 || line.rfind("|---", 0) == 0) continue;
    const auto c = cells(line);
    if (section == "Input files" && c.size() == 2 && c[0] != "File") {
      Fixture f;
      f.name = c[0];
      if (c[1] == "(directory)") f.kind = Fixture::Kind::Directory;
      else if (c[1] == "(fifo)") f.kind = Fixture::Kind::Fifo;
      else if (c[1] == "(null device)") f.kind = Fixture::Kind::NullDevice;
      else if (c[1].rfind(kSymlinkPrefix, 0) == 0 && c[1].back() == ')') {
        f.kind = Fixture::Kind::Symlink;
        f.content = c[1].substr(std::string(kSymlinkPrefix).size(), c[1].size() - std::string(kSymlinkPrefix).size() - 1);
      } else if (c[1] != "(empty)") f.content = unescape(c[1]);
      cat.fixtures.push_back(f);
    } else if (section == cases && c.size() == 4 && c[0] != "#") {
      Case k;
      k.number = c[0];
      k.command = c[1];
      k.exit_code = std::stoi(c[2]);
      k.fragment = c[3];
      cat.cases.push_back(k);
    }
  }
  return cat;
}

// Replaces every {name} with dir/name.
inline std::string substitute(std::string text, const std::string& dir) {
  for (std::size_t open; (open = text.find('{')) != std::string::npos;) {
    const std::size_t close = text.find('}', open);
    REQUIRE(close != std::string::npos);
    text.replace(open, close - open + 1, dir + "/" + text.substr(open + 1, close - open - 1));
  }
  return text;
}

inline Catalogue load(const std::string& cases = "Catalogue") {
  const std::string doc = read_file(source_path("docs/errors.md"));
  REQUIRE_FALSE(doc.empty());
  return parse_catalogue(doc, cases);
}

}  // namespace embkit::test
