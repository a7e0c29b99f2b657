// A lab's link to source lines must show what its label names (the convention
// in docs/labs/README.md, "Links"): [`Name`](file#La-Lb) covers the definition
// of the function or type Name; [`Name`: `text`](file#La-Lb) the statement
// starting with `text` inside it. scripts/update_lab_links.py writes the
// ranges from the names; this check is independent of it: the named thing
// starts the range (after its comment lines) and its braces close on the
// range's last line, so a range that drifted when code moved fails.
#pragma once

#include <algorithm>
#include <cctype>
#include <regex>
#include <string>
#include <vector>

#include "labs/lab_markdown.h"

namespace embkit::labs {

// `text` with comments, string and character literals and preprocessor lines
// blanked (newlines kept), so that the braces and names left are code.
inline std::string mask_code(const std::string& text) {
  std::string out = text;
  const std::size_t n = text.size();
  const auto blank = [&](std::size_t begin, std::size_t end) {
    for (std::size_t k = begin; k < std::min(end, n); ++k)
      if (out[k] != '\n') out[k] = ' ';
  };
  // The identifier or number ending right before text[i] (digit separators included).
  const auto token_before = [&](std::size_t i) {
    std::size_t k = i;
    while (k > 0 && (std::isalnum(static_cast<unsigned char>(text[k - 1])) || text[k - 1] == '_' || text[k - 1] == '\''))
      --k;
    return text.substr(k, i - k);
  };
  bool line_start = true;  // only blanks since the last newline
  for (std::size_t i = 0; i < n;) {
    const char c = text[i];
    if (c == '\n' || (line_start && (c == ' ' || c == '\t'))) {
      line_start = c == '\n' || line_start;
      ++i;
      continue;
    }
    if (line_start && c == '#') {
      std::size_t j = i;
      while (j < n && !(text[j] == '\n' && text[j - 1] != '\\')) ++j;
      blank(i, j);
      i = j;
      continue;
    }
    line_start = false;
    if (text.compare(i, 2, "//") == 0) {
      const std::size_t j = std::min(text.find('\n', i), n);
      blank(i, j);
      i = j;
    } else if (text.compare(i, 2, "/*") == 0) {
      const std::size_t end = text.find("*/", i + 2);
      const std::size_t j = end == std::string::npos ? n : end + 2;
      blank(i, j);
      i = j;
    } else if (c == '"' && std::regex_match(token_before(i), std::regex("(u8|u|U|L)?R"))) {
      const std::size_t open = text.find('(', i);
      const std::string close = ")" + text.substr(i + 1, open - i - 1) + "\"";
      const std::size_t end = text.find(close, open);
      const std::size_t j = end == std::string::npos ? n : end + close.size();
      blank(i + 1, j - 1);
      i = j;
    } else if (c == '"' || c == '\'') {
      if (c == '\'' && std::isdigit(static_cast<unsigned char>(token_before(i)[0]))) {  // 20'000'000
        ++i;
        continue;
      }
      std::size_t j = i + 1;
      while (j < n && text[j] != c && text[j] != '\n') j += text[j] == '\\' ? 2 : 1;
      blank(i + 1, j);
      i = j + 1;
    } else {
      ++i;
    }
  }
  return out;
}

// Empty when lines [first, last] (1-based) of `source` hold what `label`
// names, from its first line to the brace that closes it; otherwise why not.
inline std::string source_link_problem(const std::string& label, const std::string& source, int first, int last) {
  static const std::regex code_span("`([^`]+)`");
  std::vector<std::string> spans;
  for (auto it = std::sregex_iterator(label.begin(), label.end(), code_span); it != std::sregex_iterator(); ++it)
    spans.push_back((*it)[1]);
  if (spans.empty() || trim(label)[0] != '`')
    return "the label does not start with the function or type it points at, in backticks";
  if (spans.size() > 2) return "the label holds more than a name and one statement in backticks";
  const std::vector<std::string> raw = split_lines(source);
  const std::vector<std::string> code = split_lines(mask_code(source));
  if (first < 1 || last < first || last > static_cast<int>(code.size())) return "the range is outside the file";
  const auto at = [](int line) { return "line " + std::to_string(line); };
  int line = first;  // the first line of code: comment lines above a definition belong to it
  while (line < last && trim(code[line - 1]).empty() && !trim(raw[line - 1]).empty()) ++line;
  if (trim(code[line - 1]).empty()) return at(line) + " holds no code";

  if (spans.size() == 2) {
    if (raw[line - 1].find(spans[1]) == std::string::npos)
      return at(line) + " does not hold `" + spans[1] + "`";
  } else {
    // The signature, up to the body's brace, declares the name's last component.
    const std::string name = spans[0].substr(spans[0].rfind(':') == std::string::npos ? 0 : spans[0].rfind(':') + 1);
    std::string signature;
    for (int k = line; k <= last; ++k) {
      const std::size_t end = code[k - 1].find_first_of("{;");
      signature += code[k - 1].substr(0, end) + "\n";
      if (end != std::string::npos) break;
    }
    const std::regex declared("(^|[^\\w])" + name + "\\s*\\(|\\b(class|struct|union|enum)(\\s+class)?\\s+" + name + "\\b");
    if (!std::regex_search(signature, declared)) return "`" + spans[0] + "` is not declared at " + at(line);
  }

  static const std::regex continues(R"(^\s*(else\b|catch\b|while\b|[;),]))");
  int depth = 0;
  bool opened = false;
  for (int k = line; k <= last; ++k) {
    const std::string& text = code[k - 1];
    for (std::size_t p = 0; p < text.size(); ++p) {
      if (text[p] == '{') {
        ++depth;
        opened = true;
      } else if (text[p] == '}' && --depth < 0) {
        return at(k) + " closes a block that the range does not open";
      } else if (text[p] == '}' && depth == 0 && k < last) {
        // Closed before the last line: only an else, catch, do-while or the
        // rest of an expression (a lambda argument) may continue the statement.
        std::string rest = text.substr(p + 1);
        for (int next = k + 1; trim(rest).empty() && next <= last; ++next) rest = code[next - 1];
        if (!std::regex_search(rest, continues))
          return "the block closes on " + at(k) + ", before the range ends on " + at(last);
      }
    }
  }
  if (depth > 0) return "the range ends on " + at(last) + " inside an open block";
  const std::string tail = trim(code[last - 1]);
  if (!opened && (spans.size() == 1 || tail.empty() || tail.back() != ';'))
    return "the range holds no whole definition or statement";
  return "";
}

}  // namespace embkit::labs
