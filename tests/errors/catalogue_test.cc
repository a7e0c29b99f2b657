// The bad-input catalogue: docs/errors.md is the source of truth. This test
// parses its "Input files" and "Catalogue" tables, creates the inputs in a fresh
// directory, runs every command line with the built embkit, and checks the exit
// code, that stderr is one line containing the documented fragment, that no
// file besides the inputs is left behind (no output, no temporary file), and
// that every input is still what it was (kind and content): an output that is
// also an input must not have replaced it.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <filesystem>
#include <set>

#include "support/test_util.h"

namespace {

using namespace embkit::test;

struct Fixture {
  // A FIFO, a character device like /dev/null (1, 3) and a symbolic link are
  // made inside the test's directory, never taken from /dev.
  enum class Kind { File, Directory, Fifo, NullDevice, Symlink };
  std::string name;
  Kind kind = Kind::File;
  std::string content;  // a file's bytes, or a symbolic link's target
};

constexpr const char* kSymlinkPrefix = "(symlink to ";

void create(const Fixture& f, const std::string& path) {
  switch (f.kind) {
    case Fixture::Kind::Directory: fs::create_directory(path); break;
    case Fixture::Kind::Fifo: REQUIRE(mkfifo(path.c_str(), 0600) == 0); break;
    case Fixture::Kind::NullDevice: REQUIRE(mknod(path.c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0); break;
    case Fixture::Kind::Symlink: REQUIRE(symlink(f.content.c_str(), path.c_str()) == 0); break;
    case Fixture::Kind::File: write_file(path, f.content); break;
  }
}

// The fixture is still there, of the same kind, with the same content.
void check_unchanged(const Fixture& f, const std::string& path) {
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

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// The cells of a Markdown table row "| a | `b` | c |", trimmed, with one pair
// of enclosing backticks removed. Cells must not contain '|' (use \x7c).
std::vector<std::string> cells(const std::string& line) {
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
std::string unescape(const std::string& s) {
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

Catalogue parse_catalogue(const std::string& markdown) {
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
    } else if (section == "Catalogue" && c.size() == 4 && c[0] != "#") {
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
std::string substitute(std::string text, const std::string& dir) {
  for (std::size_t open; (open = text.find('{')) != std::string::npos;) {
    const std::size_t close = text.find('}', open);
    REQUIRE(close != std::string::npos);
    text.replace(open, close - open + 1, dir + "/" + text.substr(open + 1, close - open - 1));
  }
  return text;
}

Catalogue load() {
  const std::string doc = read_file(source_path("docs/errors.md"));
  REQUIRE_FALSE(doc.empty());
  return parse_catalogue(doc);
}

}  // namespace

TEST_CASE("docs/errors.md: every catalogued bad input gives its exit code and one-line message",
          "[errors][catalogue]") {
  const Catalogue cat = load();
  REQUIRE(cat.fixtures.size() >= 10);
  REQUIRE(cat.cases.size() >= 30);
  std::set<std::string> numbers;
  for (const auto& k : cat.cases) {
    INFO("row " << k.number << ": " << k.command);
    CHECK(numbers.insert(k.number).second);  // row numbers are unique
    REQUIRE(k.command.rfind("embkit ", 0) == 0);
    CHECK((k.exit_code == 1 || k.exit_code == 2));
    CHECK_FALSE(k.fragment.empty());

    TempDir dir;
    std::set<std::string> inputs;
    for (const auto& f : cat.fixtures) {
      create(f, dir.file(f.name));
      inputs.insert(f.name);
    }
    const std::string args = substitute(k.command.substr(7), dir.path());
    // Standard input is an empty file: a command reading "-" must not wait on the terminal.
    const CommandResult r = run_embkit(args, dir.file("empty.txt"));
    INFO("stderr: " << r.err);
    CHECK(r.exit_code == k.exit_code);
    CHECK(count_lines(r.err) == 1);
    CHECK(r.err.find(k.fragment) != std::string::npos);
    for (const auto& entry : fs::directory_iterator(dir.path())) {
      const std::string name = entry.path().filename().string();
      INFO("left behind: " << name);
      CHECK(inputs.count(name) == 1);
    }
    for (const auto& f : cat.fixtures) check_unchanged(f, dir.file(f.name));
  }
}

TEST_CASE("docs/errors.md covers every command", "[errors][catalogue]") {
  const Catalogue cat = load();
  std::set<std::string> covered;
  for (const auto& k : cat.cases) {
    std::istringstream words(k.command.substr(7));
    std::string command;
    words >> command;
    covered.insert(command);
  }
  // `embkit --help` lists the commands as "  name  summary" lines.
  const CommandResult help = run_embkit("--help");
  REQUIRE(help.exit_code == 0);
  std::istringstream lines(help.out);
  std::string line;
  bool in_list = false;
  int commands = 0;
  while (std::getline(lines, line)) {
    if (line == "Commands:") { in_list = true; continue; }
    if (!in_list || line.rfind("  ", 0) != 0) { in_list = in_list && !line.empty(); continue; }
    std::istringstream words(line);
    std::string name;
    words >> name;
    ++commands;
    // A command that just landed may not be catalogued yet: warn, don't fail.
    if (!covered.count(name)) WARN("docs/errors.md has no bad-input row for 'embkit " << name << "'");
  }
  CHECK(commands >= 4);
}

TEST_CASE("the catalogue parser reads escapes and table cells", "[errors][catalogue]") {
  CHECK(unescape("a\\tb\\n\\x00\\x7c\\\\") == std::string("a\tb\n\0|\\", 7));
  const auto c = cells("| 7 | `embkit x --y {f.txt}` | 1 | `f.txt:2: bad` |");
  REQUIRE(c.size() == 4);
  CHECK(c[1] == "embkit x --y {f.txt}");
  CHECK(c[3] == "f.txt:2: bad");
  CHECK(substitute("--input {a.vec} --output {b}/c", "/d") == "--input /d/a.vec --output /d/b/c");
}
