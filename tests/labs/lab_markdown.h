// The machine-readable side of the course labs (docs/labs/*.md): a lab is a
// sequence of ```sh blocks, each optionally followed by a ```text block with
// its expected standard output. The conventions are documented for lab authors
// in docs/labs/README.md ("How the labs are tested"); this header parses them
// and compares expected against actual output.
#pragma once

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <stdexcept>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace embkit::labs {

// One ```sh block and what its output must look like.
struct LabStep {
  int line = 0;                    // line of the opening ``` in the markdown file
  std::string commands;            // the block's text, run by bash -e
  bool skip = false;               // <!-- lab:skip --> before the sh block: not run
  std::optional<std::string> expected;  // the following ```text block, if any
  bool nocheck = false;            // <!-- lab:nocheck --> before the text block
  double tolerance = -1;           // <!-- lab:tol X -->; < 0: one unit in the last printed digit
  std::vector<std::string> ignore_columns;  // <!-- lab:ignore-columns a b --> table columns
};

struct LabLink {
  int line = 0;
  std::string label;   // as written, e.g. `SmartWeighting::idf_value`
  std::string target;  // as written, e.g. ../../src/tfidf/smart_weighting.cc#L63-L75
};

struct LabDocument {
  std::vector<LabStep> steps;
  std::vector<LabLink> links;  // relative links outside code fences
};

inline std::string trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  const auto end = s.find_last_not_of(" \t\r");
  return s.substr(begin, end - begin + 1);
}

inline std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

inline std::vector<std::string> split_words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  std::string w;
  while (in >> w) words.push_back(w);
  return words;
}

// Parses a lab. Throws std::runtime_error on a malformed document (an
// unterminated fence, a text block with no sh block before it, an unknown
// lab: directive), so a typo in a directive cannot silently disable a check.
// `language` is the fence of the steps: sh, or python for the Python labs.
inline LabDocument parse_lab(const std::string& markdown, const std::string& language = "sh") {
  LabDocument doc;
  const std::vector<std::string> lines = split_lines(markdown);
  struct Pending {
    bool skip = false, nocheck = false;
    double tolerance = -1;
    std::vector<std::string> ignore_columns;
  } pending;
  const std::regex directive(R"(^<!--\s*lab:([a-z-]+)\s*(.*?)\s*-->$)");
  const std::regex link(R"(\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(([^)\s]+)\))");
  bool last_was_sh = false;  // only blank lines and directives since the last sh block
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string line = trim(lines[i]);
    const int lineno = static_cast<int>(i) + 1;
    std::smatch m;
    if (line.rfind("```", 0) == 0) {
      const std::string lang = trim(line.substr(3));
      std::string body;
      std::size_t j = i + 1;
      for (; j < lines.size() && trim(lines[j]).rfind("```", 0) != 0; ++j) body += lines[j] + "\n";
      if (j == lines.size()) throw std::runtime_error("line " + std::to_string(lineno) + ": unterminated ``` block");
      if (lang == language) {
        LabStep step;
        step.line = lineno;
        step.commands = body;
        step.skip = pending.skip;
        doc.steps.push_back(step);
        last_was_sh = true;
      } else if (lang == "text") {
        if (!last_was_sh || doc.steps.empty())
          throw std::runtime_error("line " + std::to_string(lineno) + ": ```text block without a ```" + language +
                                   " block right before it");
        LabStep& step = doc.steps.back();
        step.expected = body;
        step.nocheck = pending.nocheck;
        step.tolerance = pending.tolerance;
        step.ignore_columns = pending.ignore_columns;
        last_was_sh = false;
      } else {
        last_was_sh = false;
      }
      pending = Pending{};
      i = j;
    } else if (std::regex_match(line, m, directive)) {
      const std::string name = m[1], arg = m[2];
      if (name == "skip") pending.skip = true;
      else if (name == "nocheck") pending.nocheck = true;
      else if (name == "tol") pending.tolerance = std::stod(arg);
      else if (name == "ignore-columns") pending.ignore_columns = split_words(arg);
      else throw std::runtime_error("line " + std::to_string(lineno) + ": unknown directive lab:" + name);
    } else {
      if (!line.empty()) last_was_sh = false;
      for (auto it = std::sregex_iterator(lines[i].begin(), lines[i].end(), link); it != std::sregex_iterator(); ++it) {
        const std::string target = (*it)[2];
        if (target.rfind("http://", 0) == 0 || target.rfind("https://", 0) == 0 || target[0] == '#') continue;
        doc.links.push_back({lineno, (*it)[1], target});
      }
    }
  }
  return doc;
}

// ---- Comparing output ------------------------------------------------------

inline const std::string& ellipsis() {
  static const std::string e = "\xE2\x80\xA6";  // U+2026 HORIZONTAL ELLIPSIS
  return e;
}

// A number as the labs print them: 12, -0.5, .25, 1.5e-05.
inline const char* number_pattern() { return R"([-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)"; }

// One unit in the last printed digit of `text` (0 for an integer): 0.0866 → 1e-4,
// 1.5e-05 → 1e-06.
inline double last_digit_unit(const std::string& text) {
  const auto e = text.find_first_of("eE");
  const std::string mantissa = text.substr(0, e);
  const int exponent = e == std::string::npos ? 0 : std::atoi(text.c_str() + e + 1);
  const auto dot = mantissa.find('.');
  const int decimals = dot == std::string::npos ? 0 : static_cast<int>(mantissa.size() - dot - 1);
  if (decimals == 0 && exponent == 0) return 0;
  return std::pow(10.0, exponent - decimals);
}

inline bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
}

// A timing unit right after a number: "0.04 s", "12ms", "3157 qps", "5 s/epoch".
inline bool timing_unit_follows(const std::string& line, std::size_t pos) {
  while (pos < line.size() && line[pos] == ' ') ++pos;
  for (const char* unit : {"ms", "us", "\xC2\xB5s", "qps", "q/s", "s"}) {
    const std::string u(unit);
    if (line.compare(pos, u.size(), u) != 0) continue;
    const std::size_t after = pos + u.size();
    if (after == line.size() || !std::isalpha(static_cast<unsigned char>(line[after]))) return true;
  }
  return false;
}

struct LinePattern {
  std::regex regex;
  std::vector<std::string> numbers;  // expected numbers, one per capture group
};

// Expected line → regex: "…" matches any text, whitespace runs match any
// whitespace, numbers match any number (captured to be compared with a
// tolerance), timing numbers match any number and are not compared.
inline LinePattern make_pattern(const std::string& expected) {
  static const std::regex number(std::string("^") + number_pattern());
  const std::string special = R"(\^$.|?*+()[]{}/)";
  LinePattern p;
  std::string re;
  for (std::size_t i = 0; i < expected.size();) {
    std::smatch m;
    const bool starts_number =
        (i == 0 || !is_word_char(expected[i - 1])) &&
        std::regex_search(expected.begin() + static_cast<std::ptrdiff_t>(i), expected.end(), m, number,
                          std::regex_constants::match_continuous) &&
        std::isdigit(static_cast<unsigned char>(m.str().back()));
    if (expected.compare(i, ellipsis().size(), ellipsis()) == 0) {
      re += ".*?";
      i += ellipsis().size();
    } else if (starts_number) {
      const std::string text = m.str();
      if (timing_unit_follows(expected, i + text.size())) {
        re += std::string("(?:") + number_pattern() + ")";
      } else {
        re += std::string("(") + number_pattern() + ")";
        p.numbers.push_back(text);
      }
      i += text.size();
    } else if (expected[i] == ' ' || expected[i] == '\t') {
      while (i < expected.size() && (expected[i] == ' ' || expected[i] == '\t')) ++i;
      re += "\\s+";
    } else {
      if (special.find(expected[i]) != std::string::npos) re += '\\';
      re += expected[i++];
    }
  }
  p.regex = std::regex(re);
  return p;
}

// Empty string when `actual` matches `expected`, else why not.
inline std::string match_line(const std::string& expected, const std::string& actual, double tolerance) {
  const LinePattern p = make_pattern(expected);
  std::smatch m;
  if (!std::regex_match(actual, m, p.regex)) return "text differs";
  for (std::size_t k = 0; k < p.numbers.size(); ++k) {
    const double want = std::strtod(p.numbers[k].c_str(), nullptr);
    const double got = std::strtod(m[k + 1].str().c_str(), nullptr);
    const double tol = tolerance >= 0 ? tolerance : last_digit_unit(p.numbers[k]);
    if (!(std::fabs(got - want) <= tol * (1 + 1e-9) + 1e-12))
      return "number " + m[k + 1].str() + " differs from the expected " + p.numbers[k];
  }
  return "";
}

// Replaces the cells of the named columns by "…" in every line after the
// header line that names them all. Columns are counted from the right end of
// the line, so a left column holding spaces does not shift them.
inline std::vector<std::string> blank_columns(const std::vector<std::string>& lines,
                                              const std::vector<std::string>& columns) {
  if (columns.empty()) return lines;
  std::vector<std::string> out = lines;
  std::vector<std::size_t> from_right;
  std::size_t header = lines.size();
  for (std::size_t i = 0; i < lines.size() && header == lines.size(); ++i) {
    const std::vector<std::string> words = split_words(lines[i]);
    std::vector<std::size_t> found;
    for (const std::string& c : columns)
      for (std::size_t w = 0; w < words.size(); ++w)
        if (words[w] == c) found.push_back(words.size() - 1 - w);
    if (found.size() == columns.size()) header = i, from_right = found;
  }
  if (header == lines.size()) throw std::runtime_error("lab:ignore-columns: no header line names all of the columns");
  for (std::size_t i = header + 1; i < lines.size(); ++i) {
    std::vector<std::string> words = split_words(lines[i]);
    bool changed = false;
    for (std::size_t r : from_right)
      if (r < words.size()) words[words.size() - 1 - r] = ellipsis(), changed = true;
    if (!changed) continue;
    std::string joined;
    for (const std::string& w : words) joined += (joined.empty() ? "" : " ") + w;
    out[i] = joined;
  }
  return out;
}

// Compares a command block's standard output with its expected text. Empty
// lines are ignored on both sides; an expected line that is just "…" stands
// for any number of actual lines. Returns "" on a match, else a message
// naming the first expected line that could not be matched.
inline std::string compare_output(const std::string& expected_text, const std::string& actual_text,
                                  double tolerance = -1, const std::vector<std::string>& ignore_columns = {}) {
  std::vector<std::string> expected, actual;
  for (const std::string& l : split_lines(expected_text))
    if (!trim(l).empty()) expected.push_back(trim(l));
  expected = blank_columns(expected, ignore_columns);
  for (const std::string& l : split_lines(actual_text))
    if (!trim(l).empty()) actual.push_back(trim(l));
  const std::size_t E = expected.size(), A = actual.size();
  // memo[i][j]: 0 unknown, 1 matches, 2 fails — expected[i..] against actual[j..].
  std::vector<std::vector<char>> memo(E + 1, std::vector<char>(A + 1, 0));
  std::size_t furthest = 0;
  std::string why;
  std::function<bool(std::size_t, std::size_t)> match = [&](std::size_t i, std::size_t j) -> bool {
    if (memo[i][j]) return memo[i][j] == 1;
    bool ok;
    if (i == E) {
      ok = j == A;
    } else if (expected[i] == ellipsis()) {
      ok = match(i + 1, j) || (j < A && match(i, j + 1));
    } else {
      const std::string reason = j < A ? match_line(expected[i], actual[j], tolerance) : "output ended";
      if (!reason.empty() && i >= furthest) {
        furthest = i;
        why = reason + (j < A ? " (actual line: " + actual[j] + ")" : "");
      }
      ok = reason.empty() && match(i + 1, j + 1);
    }
    memo[i][j] = ok ? 1 : 2;
    return ok;
  };
  if (match(0, 0)) return "";
  if (furthest >= E) return "actual output has extra lines at the end";
  return "expected line " + std::to_string(furthest + 1) + " '" + expected[furthest] + "' not matched: " + why;
}

}  // namespace embkit::labs
