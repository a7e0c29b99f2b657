#include "core/documents.h"

#include "core/error.h"
#include "core/input_file.h"
#include "core/named_values.h"
#include "core/text.h"

namespace embkit {

namespace {

constexpr NamedValue<DocumentFormat> kDocumentFormats[] = {
    {"auto", DocumentFormat::Auto}, {"lines", DocumentFormat::Lines},
    {"labeled", DocumentFormat::Labeled}, {"wikidoc", DocumentFormat::Wikidoc}};

}  // namespace

DocumentFormat parse_document_format(const std::string& name) {
  return parse_named(kDocumentFormats, name, "format");
}

const char* document_format_name(DocumentFormat format) { return name_of(kDocumentFormats, format); }

namespace {

bool looks_labeled(const std::string& line) {
  const auto tab = line.find('\t');
  if (tab == std::string::npos || tab == 0 || tab > 64) return false;
  return line.find(' ') == std::string::npos || line.find(' ') > tab;
}

bool is_header_label(std::string_view label) {
  const std::string l = to_lower_ascii(label);
  return l == "class" || l == "label";
}

std::string attribute(const std::string& tag, const std::string& name) {
  const std::string key = name + "=\"";
  const auto b = tag.find(key);
  if (b == std::string::npos) return "";
  const auto e = tag.find('"', b + key.size());
  if (e == std::string::npos) return "";
  return tag.substr(b + key.size(), e - b - key.size());
}

}  // namespace

namespace {

// The first up-to-20 non-empty lines decide: "<doc" first → Wikidoc; all
// "label<TAB>text" → Labeled; otherwise Lines.
template <typename NextLine>
DocumentFormat detect_in_lines(NextLine next) {
  std::string line;
  int checked = 0, labeled = 0;
  while (next(line) && checked < 20) {
    if (trim(line).empty()) continue;
    if (checked == 0 && starts_with(line, "<doc")) return DocumentFormat::Wikidoc;
    ++checked;
    if (looks_labeled(line)) ++labeled;
  }
  if (checked > 0 && labeled == checked) return DocumentFormat::Labeled;
  return DocumentFormat::Lines;
}

// How much of standard input or a FIFO is held back to detect the format.
constexpr std::size_t kDetectBytes = 1 << 20;

}  // namespace

DocumentFormat detect_document_format(const std::string& path) {
  LineReader reader(path);
  return detect_in_lines([&](std::string& line) { return reader.next(line); });
}

Documents read_documents(const std::string& path, DocumentFormat format, std::uint64_t* skipped_empty,
                         EmptyLines empty_lines) {
  require_readable_file(path);
  std::string head;
  FilePtr file = open_input_peek(path, format == DocumentFormat::Auto ? kDetectBytes : 0, head);
  if (format == DocumentFormat::Auto) {
    if (file_size(path) >= 0) {
      format = detect_document_format(path);  // a regular file can be opened again
    } else {
      // Standard input or a FIFO is read once: detect from the complete lines
      // of the prefix already read (the last one is complete only at the end).
      std::size_t pos = 0;
      format = detect_in_lines([&](std::string& line) {
        const std::size_t eol = head.find('\n', pos);
        if (eol == std::string::npos && (head.size() == kDetectBytes || pos >= head.size())) return false;
        line = head.substr(pos, (eol == std::string::npos ? head.size() : eol) - pos);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        pos = eol == std::string::npos ? head.size() : eol + 1;
        return true;
      });
    }
  }
  Documents docs;
  docs.format = format;
  LineReader reader(path, std::move(file));
  std::string line;
  std::uint64_t empty = 0;
  if (format == DocumentFormat::Wikidoc) {
    bool inside = false;
    std::uint64_t opened_at = 0;
    std::string text;
    while (reader.next(line)) {
      if (starts_with(line, "<doc")) {
        if (inside) throw_input_error(path, reader.line_number(), "<doc> opened inside another <doc> (opened at line " + std::to_string(opened_at) + ")");
        inside = true;
        opened_at = reader.line_number();
        docs.titles.push_back(attribute(line, "title"));
        text.clear();
      } else if (starts_with(line, "</doc")) {
        if (!inside) throw_input_error(path, reader.line_number(), "</doc> without an opening <doc>");
        inside = false;
        docs.texts.push_back(std::move(text));
        text = std::string();
      } else if (inside) {
        if (!text.empty()) text += '\n';
        text += line;
      } else if (!trim(line).empty()) {
        throw_input_error(path, reader.line_number(), "text outside a <doc> … </doc> block");
      }
    }
    if (inside) throw_input_error(path, opened_at, "<doc> block is never closed");
  } else {
    bool first = true;
    while (reader.next(line)) {
      if (trim(line).empty() && (format == DocumentFormat::Labeled || empty_lines == EmptyLines::Skip)) {
        ++empty;
        first = false;
        continue;
      }
      if (format == DocumentFormat::Labeled) {
        const auto tab = line.find('\t');
        if (tab == std::string::npos)
          throw_input_error(path, reader.line_number(), "expected 'label<TAB>text' (no TAB found)");
        std::string_view label = trim(std::string_view(line).substr(0, tab));
        if (label.empty()) throw_input_error(path, reader.line_number(), "empty label before the TAB");
        if (first && is_header_label(label)) {
          first = false;
          continue;
        }
        docs.labels.emplace_back(label);
        docs.texts.emplace_back(line.substr(tab + 1));
      } else {
        docs.texts.push_back(line);
      }
      first = false;
    }
  }
  if (skipped_empty) *skipped_empty = empty;
  if (docs.texts.empty()) throw_input_error(path, 0, "no documents found (empty input)");
  return docs;
}

Documents split_documents(const Documents& docs, std::int64_t words) {
  if (words < 1) throw UsageError("document pieces need at least 1 word, got " + std::to_string(words));
  Documents out;
  out.format = docs.format;
  for (std::size_t d = 0; d < docs.texts.size(); ++d) {
    const std::string& text = docs.texts[d];
    std::size_t i = 0;
    while (true) {
      while (i < text.size() && is_ascii_space(text[i])) ++i;
      if (i == text.size()) break;
      const std::size_t begin = i;
      std::size_t end = i;
      for (std::int64_t w = 0; w < words && i < text.size(); ++w) {
        while (i < text.size() && !is_ascii_space(text[i])) ++i;
        end = i;
        while (i < text.size() && is_ascii_space(text[i])) ++i;
      }
      out.texts.emplace_back(text, begin, end - begin);
      if (d < docs.labels.size()) out.labels.push_back(docs.labels[d]);
      if (d < docs.titles.size()) out.titles.push_back(docs.titles[d]);
    }
  }
  return out;
}

}  // namespace embkit
