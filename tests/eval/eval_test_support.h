// Helpers shared by the evaluation tests: temporary files, running the
// embkit binary and python, and small embeddings built by hand.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <fstream>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include "core/embeddings.h"
#include "support/test_util.h"

namespace embkit::evaltest {

// One private directory per test run, removed when the test binary exits.
inline std::string temp_dir() {
  struct TempDir {
    std::string path;
    TempDir() {
      char pattern[] = "/tmp/embkit_eval_XXXXXX";
      const char* made = mkdtemp(pattern);
      if (!made) throw std::runtime_error("cannot create a temporary directory");
      path = made;
    }
    ~TempDir() {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  };
  static TempDir dir;
  return dir.path;
}

inline std::string write_temp(const std::string& name, const std::string& content) {
  const std::string path = temp_dir() + "/" + name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

using test::read_file;
using test::shared_data;

struct CommandResult {
  int exit_code = -1;
  std::string out;
};

// Runs a shell command, capturing stdout (stderr is left to the caller's redirections).
inline CommandResult run_command(const std::string& command) {
  CommandResult r;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return r;
  char buffer[4096];
  std::size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) r.out.append(buffer, n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

inline std::string embkit_binary() {
  const char* env = std::getenv("EMBKIT_BINARY");
  return env ? env : EMBKIT_BINARY;
}

inline std::string fixture(const std::string& name) {
  return std::string(EMBKIT_SOURCE_DIR) + "/tests/eval/data/" + name;
}

inline Embeddings make_embeddings(const std::vector<std::string>& labels,
                                  const std::vector<std::vector<float>>& rows) {
  Matrix m(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(rows[0].size()));
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = 0; j < rows[i].size(); ++j) m(i, j) = rows[i][j];
  return Embeddings(labels, m);
}

// Values of every `"key": value` in a JSON text, in order (enough for the flat
// numbers and names these tests read; not a JSON parser).
inline std::vector<std::string> json_values(const std::string& json, const std::string& key) {
  std::vector<std::string> values;
  const std::string needle = "\"" + key + "\":";
  for (std::size_t pos = json.find(needle); pos != std::string::npos;
       pos = json.find(needle, pos + 1)) {
    std::size_t start = json.find_first_not_of(' ', pos + needle.size());
    std::size_t end = json.find_first_of(",\n}", start);
    std::string v = json.substr(start, end - start);
    if (!v.empty() && v.front() == '"') v = v.substr(1, v.size() - 2);
    values.push_back(v);
  }
  return values;
}

}  // namespace embkit::evaltest
