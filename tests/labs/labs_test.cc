// Runs every course lab in docs/labs/ and checks the printed numbers against
// the lab's text, so the labs cannot drift from what embkit prints. Also checks
// that every relative link resolves and that every link to source lines
// (#Lx-Ly) still shows the function, type or statement its label names.
// Conventions: docs/labs/README.md, "How the labs are tested".
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "labs/lab_markdown.h"
#include "labs/source_link.h"
#include "support/test_util.h"

namespace fs = std::filesystem;
using embkit::labs::compare_output;
using embkit::labs::LabDocument;
using embkit::labs::parse_lab;
using embkit::labs::source_link_problem;
using embkit::test::read_file;
using embkit::test::source_path;
using embkit::test::TempDir;
using embkit::test::write_file;

namespace {

const char* const kLabs[] = {"lab1-encodings.md", "lab2-tfidf-cosine.md", "lab3-lsa-pca.md",
                             "lab4-word2vec.md",  "lab5-matrix-factorization.md", "lab6-nearest-neighbours.md"};
// Python versions of labs: their python blocks run in python/tests/test_labs.py;
// here only their links are checked.
const char* const kPythonLabs[] = {"lab4-word2vec-python.md"};

std::string labs_dir() { return source_path("docs/labs"); }

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs the lab's sh blocks in order in a fresh directory, with `embkit` on
// PATH (a symlink to the built binary), $REPO the source tree and LC_ALL=C;
// checks each block's exit code and, where given, its expected output.
void run_lab(const std::string& name) {
  const std::string path = labs_dir() + "/" + name;
  REQUIRE(fs::exists(path));
  const LabDocument doc = parse_lab(read_file(path));
  REQUIRE(!doc.steps.empty());
  TempDir tmp;
  const std::string bin = tmp.file("bin"), work = tmp.file("work");
  fs::create_directories(bin);
  fs::create_directories(work);
  fs::create_symlink(fs::absolute(EMBKIT_BINARY), fs::path(bin) / "embkit");
  const char* old_path = std::getenv("PATH");
  const auto start = std::chrono::steady_clock::now();
  int run = 0;
  for (std::size_t s = 0; s < doc.steps.size(); ++s) {
    const embkit::labs::LabStep& step = doc.steps[s];
    if (step.skip) continue;
    ++run;
    const std::string script = tmp.file("step" + std::to_string(s) + ".sh");
    const std::string out = tmp.file("step" + std::to_string(s) + ".out");
    const std::string err = tmp.file("step" + std::to_string(s) + ".err");
    write_file(script, "set -e\n" + step.commands);
    const std::string cmd = "cd " + shell_quote(work) + " && env LC_ALL=C REPO=" + shell_quote(EMBKIT_SOURCE_DIR) +
                            " PATH=" + shell_quote(bin + ":" + (old_path ? old_path : "/usr/bin:/bin")) +
                            " bash " + shell_quote(script) + " >" + shell_quote(out) + " 2>" + shell_quote(err);
    const int status = std::system(cmd.c_str());
    const std::string actual = read_file(out);
    INFO(name << ":" << step.line << ": the sh block\n" << step.commands << "--- its stdout:\n"
              << actual << "--- its stderr:\n" << read_file(err));
    REQUIRE(status == 0);
    if (step.expected && !step.nocheck) {
      const std::string why = compare_output(*step.expected, actual, step.tolerance, step.ignore_columns);
      INFO("mismatch: " << why);
      CHECK(why.empty());
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "lab " << name << ": " << run << " command blocks in " << seconds << " s\n";
}

int line_count(const std::string& path) {
  const std::string text = read_file(path);
  return static_cast<int>(std::count(text.begin(), text.end(), '\n')) + (!text.empty() && text.back() != '\n');
}

}  // namespace

TEST_CASE("labs: the list of labs matches docs/labs and the README indexes each one", "[labs]") {
  std::vector<std::string> on_disk;
  for (const auto& entry : fs::directory_iterator(labs_dir())) {
    const std::string file = entry.path().filename().string();
    if (file.rfind("lab", 0) == 0 && entry.path().extension() == ".md") on_disk.push_back(file);
  }
  std::sort(on_disk.begin(), on_disk.end());
  std::vector<std::string> listed(std::begin(kLabs), std::end(kLabs));
  listed.insert(listed.end(), std::begin(kPythonLabs), std::end(kPythonLabs));
  std::sort(listed.begin(), listed.end());
  CHECK(on_disk == listed);
  const std::string readme = read_file(labs_dir() + "/README.md");
  for (const std::string& lab : listed) {
    INFO(lab);
    CHECK(readme.find(std::string("(") + lab + ")") != std::string::npos);
  }
}

TEST_CASE("labs: every relative link resolves and its line range shows what its label names", "[labs]") {
  std::vector<std::string> docs(std::begin(kLabs), std::end(kLabs));
  docs.insert(docs.end(), std::begin(kPythonLabs), std::end(kPythonLabs));
  docs.push_back("README.md");
  const std::regex lines_anchor(R"(^L([0-9]+)(?:-L([0-9]+))?$)");
  for (const std::string& name : docs) {
    const bool python = name.size() > 10 && name.compare(name.size() - 10, 10, "-python.md") == 0;
    const LabDocument doc = parse_lab(read_file(labs_dir() + "/" + name), python ? "python" : "sh");
    int ranged_source_links = 0;
    for (const auto& link : doc.links) {
      INFO(name << ":" << link.line << ": " << link.target);
      const auto hash = link.target.find('#');
      const std::string file = link.target.substr(0, hash);
      const fs::path resolved = fs::path(labs_dir()) / file;
      REQUIRE(fs::exists(resolved));
      if (hash == std::string::npos) continue;
      const std::string anchor = link.target.substr(hash + 1);
      std::smatch m;
      if (resolved.extension() == ".md") continue;  // a heading anchor
      REQUIRE(std::regex_match(anchor, m, lines_anchor));
      const int first = std::stoi(m[1]);
      const int last = m[2].matched ? std::stoi(m[2]) : first;
      CHECK(first >= 1);
      CHECK(first <= last);
      CHECK(last <= line_count(resolved.string()));
      const std::string problem = source_link_problem(link.label, read_file(resolved.string()), first, last);
      INFO(problem << " (scripts/update_lab_links.py recomputes the ranges from the names)");
      CHECK(problem.empty());
      ++ranged_source_links;
    }
    if (name != "README.md") {
      INFO(name << " cites no source lines (a link like ../../src/x.cc#L10-L20)");
      CHECK(ranged_source_links > 0);
    }
  }
}

TEST_CASE("labs: the output comparison catches changed numbers and text", "[labs]") {
  const std::string actual = "dreams\t0.08664339756999316\nbird\t0\nbuild 0.12 s, 3157 qps\n";
  CHECK(compare_output("dreams\t0.0866\nbird\t0\nbuild 9.99 s, 1 qps\n", actual).empty());
  CHECK(!compare_output("dreams\t0.0868\nbird\t0\nbuild 0.12 s, 3157 qps\n", actual).empty());  // last digit off
  CHECK(!compare_output("dreams\t0.0866\nbird\t1\nbuild 0.12 s, 3157 qps\n", actual).empty());  // integer off
  CHECK(!compare_output("birds\t0.0866\n…\n", actual).empty());                                 // text off
  CHECK(compare_output("dreams\t0.0866\n…\n", actual).empty());                                  // trimmed tail
  CHECK(compare_output("…\nbird 0\n…\n", actual).empty());                                       // spacing is free
  CHECK(!compare_output("dreams\t0.0866\n", actual).empty());                                    // untrimmed extra lines
  CHECK(compare_output("dreams\t0.08…\n…\n", actual).empty());                                   // "…" inside a line
  CHECK(compare_output("dreams\t0.09\n…\n", actual, 0.01).empty());                              // lab:tol
  const std::string table = "index params build_s recall qps\nhnsw M=16 ef=10 1.87 0.983 79023\n";
  CHECK(compare_output("index params build_s recall qps\nhnsw M=16 ef=10 5 0.983 1\n", table, -1,
                       {"build_s", "qps"}).empty());
  CHECK(!compare_output("index params build_s recall qps\nhnsw M=16 ef=10 5 0.981 1\n", table, -1,
                        {"build_s", "qps"}).empty());
}

TEST_CASE("labs: the markdown conventions parse", "[labs]") {
  const LabDocument doc = parse_lab(
      "Text with a [link](../../src/a.cc#L1-L2).\n\n```sh\necho 1\n```\n\n<!-- lab:tol 0.5 -->\n```text\n1\n```\n"
      "<!-- lab:skip -->\n```sh\ncurl x\n```\n```sh\nls\n```\n<!-- lab:nocheck -->\n```text\nanything\n```\n");
  REQUIRE(doc.steps.size() == 3);
  CHECK(doc.steps[0].expected == std::string("1\n"));
  CHECK(doc.steps[0].tolerance == 0.5);
  CHECK(doc.steps[1].skip);
  CHECK(!doc.steps[1].expected);
  CHECK(doc.steps[2].nocheck);
  REQUIRE(doc.links.size() == 1);
  CHECK(doc.links[0].label == "link");
  CHECK(doc.links[0].target == "../../src/a.cc#L1-L2");
  CHECK_THROWS(parse_lab("```text\norphan\n```\n"));
  CHECK_THROWS(parse_lab("<!-- lab:nocheckk -->\n```sh\nls\n```\n"));
}

TEST_CASE("labs: the source-link check catches ranges that do not show what they name", "[labs]") {
  const std::string source =
      "#include <string>\n"                         // 1
      "\n"                                          // 2
      "// Adds; \"}\" and '{' in text are not code.\n"  // 3
      "int add(int a, int b) {\n"                    // 4
      "  const char* s = \"}\";\n"                  // 5
      "  for (int i = 0; i < b; ++i) {\n"            // 6
      "    a += 1;  // }\n"                          // 7
      "  }\n"                                        // 8
      "  return a;\n"                                // 9
      "}\n"                                          // 10
      "\n"                                          // 11
      "template <typename T>\n"                      // 12
      "struct Point {\n"                             // 13
      "  T x, y;\n"                                  // 14
      "};\n";                                        // 15
  CHECK(source_link_problem("`add`", source, 3, 10).empty());
  CHECK(source_link_problem("`add`", source, 4, 10).empty());
  CHECK(source_link_problem("`Point`", source, 12, 15).empty());
  CHECK(source_link_problem("`add`: `for (int i`", source, 6, 8).empty());
  CHECK(source_link_problem("`add`: `return a;`", source, 9, 9).empty());
  CHECK(!source_link_problem("src/a.cc", source, 3, 10).empty());           // no name
  CHECK(!source_link_problem("`add`", source, 1, 10).empty());              // starts above the definition
  CHECK(!source_link_problem("`add`", source, 5, 10).empty());              // starts inside it
  CHECK(!source_link_problem("`add`", source, 3, 9).empty());               // ends inside it
  CHECK(!source_link_problem("`add`", source, 3, 15).empty());              // runs into the next one
  CHECK(!source_link_problem("`Point`", source, 3, 10).empty());            // another name
  CHECK(!source_link_problem("`add`: `for (int i`", source, 5, 8).empty()); // moved statement
  CHECK(!source_link_problem("`add`: `for (int i`", source, 6, 9).empty());
}

TEST_CASE("lab 1: encodings", "[labs][run]") { run_lab(kLabs[0]); }
TEST_CASE("lab 2: TF-IDF and cosine similarity", "[labs][run]") { run_lab(kLabs[1]); }
TEST_CASE("lab 3: LSA and PCA", "[labs][run]") { run_lab(kLabs[2]); }
TEST_CASE("lab 4: word2vec", "[labs][run]") { run_lab(kLabs[3]); }
TEST_CASE("lab 5: matrix factorization and recommendations", "[labs][run]") { run_lab(kLabs[4]); }
TEST_CASE("lab 6: nearest-neighbour search", "[labs][run]") { run_lab(kLabs[5]); }
