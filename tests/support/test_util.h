// Helpers shared by the test binaries: temporary directories, file writing,
// running the embkit binary, and locating bundled and shared data.
#pragma once

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace embkit::test {

namespace fs = std::filesystem;

// A fresh directory under the system temp dir, removed with its contents.
class TempDir {
 public:
  TempDir() {
    std::string templ = (fs::temp_directory_path() / "embkit-test-XXXXXX").string();
    char* made = mkdtemp(templ.data());
    path_ = made ? made : templ;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (fs::path(path_) / name).string(); }
  // Writes `content` to the file `name` in the directory; returns its path.
  std::string write(const std::string& name, const std::string& content) const {
    const std::string path = file(name);
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Five labeled documents of two classes (R8's format: a header line, then
// class<TAB>text), for the command tests of tfidf and lsa.
inline const char* const kLabeledDocs =
    "Class\tExample\n"
    "earn\tnet profit rose to five mln dlrs in the quarter\n"
    "acq\tthe company agreed to acquire the rival for cash\n"
    "earn\tquarterly net loss narrowed on higher revenue\n"
    "acq\tshareholders approved the merger and the acquisition\n"
    "earn\tprofit and revenue rose in the quarter\n";

inline void write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string source_path(const std::string& relative) {
  return std::string(EMBKIT_SOURCE_DIR) + "/" + relative;
}

inline std::string shared_data(const std::string& relative) {
  return std::string(EMBKIT_SHARED_DATA) + "/" + relative;
}

inline bool have_python_module(const std::string& module) {
  const std::string cmd = "/usr/bin/python3 -c 'import " + module + "' >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

// Tests tagged [peers] run Python peers with /usr/bin/python3; tests tagged
// [data] read the shared reference data (EMBKIT_SHARED_DATA, ../shared/data).
// scripts/test.sh checks both once (it collects the module names from these
// calls), runs such tests only when what they need is there and reports the
// others as skipped. A test that runs without them fails here, naming what is
// missing, instead of passing without having checked anything.
inline void require_python_modules(std::initializer_list<const char*> modules) {
  for (const char* module : modules) {
    INFO("/usr/bin/python3 cannot import " << module << " ([peers] test; scripts/test.sh skips these then)");
    REQUIRE(have_python_module(module));
  }
}

inline std::string require_shared_data(const std::string& relative) {
  const std::string path = shared_data(relative);
  INFO(path << " is missing ([data] test; scripts/test.sh skips these when " << EMBKIT_SHARED_DATA
            << " is absent)");
  REQUIRE(fs::exists(path));
  return path;
}

// Tests tagged [browser] run programs that are not part of the build (Debian's
// chromium, headless). As for [peers], scripts/test.sh collects the names from
// these calls, runs the tests only when every program is on PATH and reports
// them as skipped otherwise; run without it, a test fails here.
inline bool have_program(const std::string& name) {
  return std::system(("command -v '" + name + "' >/dev/null 2>&1").c_str()) == 0;
}

inline void require_programs(std::initializer_list<const char*> programs) {
  for (const char* program : programs) {
    INFO(program << " is not on PATH ([browser] test; scripts/test.sh skips these then; scripts/setup.sh installs it)");
    REQUIRE(have_program(program));
  }
}

// Runs the Python `script` with /usr/bin/python3 and `args` (shell words);
// returns its stdout. Throws std::runtime_error if it fails.
inline std::string run_python(const TempDir& tmp, const std::string& script, const std::string& args) {
  const std::string path = tmp.write("script.py", script), out = tmp.file("python.out");
  const std::string cmd = "/usr/bin/python3 " + path + " " + args + " >" + out;
  if (std::system(cmd.c_str()) != 0) throw std::runtime_error("python failed: " + cmd);
  return read_file(out);
}

// Reads `npz` with scipy.sparse.load_npz and `mtx` with scipy.io.mmread and
// returns "equal\n" when the first is a float64 CSR matrix with sorted indices
// holding exactly the second's entries and the Python expression `also`
// (over a, the .npz, and b, the .mtx) holds; otherwise what differs.
inline std::string scipy_npz_matches_mtx(const TempDir& tmp, const std::string& npz, const std::string& mtx,
                                         const std::string& also = "True") {
  return run_python(tmp,
      "import sys, numpy as np, scipy.io, scipy.sparse as sp\n"
      "a = sp.load_npz(sys.argv[1]); b = scipy.io.mmread(sys.argv[2]).tocsr()\n"
      "ok = (a.format == 'csr' and a.dtype == np.float64 and a.shape == b.shape and a.has_sorted_indices\n"
      "      and (a != b).nnz == 0 and a.nnz == b.nnz and (" + also + "))\n"
      "print('equal' if ok else f'differ: {a.format} {a.dtype} {a.shape} {b.shape} {a.nnz} {b.nnz}')\n",
      npz + " " + mtx);
}

// Writes `lines`, each followed by a newline.
inline void write_lines(const std::string& path, const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  write_file(path, text);
}

struct CommandResult {
  int exit_code;
  std::string out;
  std::string err;
};

// Runs `[launcher] embkit <args>` through the shell (launcher e.g. "taskset -c 0 ");
// stdout and stderr captured.
inline CommandResult run_embkit(const std::string& args, const std::string& stdin_file = "",
                                const std::string& launcher = "") {
  TempDir tmp;
  const std::string out = tmp.file("out"), err = tmp.file("err");
  std::string cmd = launcher + std::string(EMBKIT_BINARY) + " " + args + " >" + out + " 2>" + err;
  if (!stdin_file.empty()) cmd += " <" + stdin_file;
  const int status = std::system(cmd.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

// Number of lines of `text` (a trailing newline does not start a new line).
inline int count_lines(const std::string& text) {
  int n = 0;
  for (char c : text) n += c == '\n';
  if (!text.empty() && text.back() != '\n') ++n;
  return n;
}

}  // namespace embkit::test
