#include "core/documents.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <limits>
#include <memory>
#include <utility>

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

std::string attribute(std::string_view tag, const std::string& name) {
  const std::string key = name + "=\"";
  const auto b = tag.find(key);
  if (b == std::string_view::npos) return "";
  const auto e = tag.find('"', b + key.size());
  if (e == std::string_view::npos) return "";
  return std::string(tag.substr(b + key.size(), e - b - key.size()));
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

namespace {

// Turns lines into documents under a format: the one parser behind both
// readers below. `first_part` is false for a part that starts in the middle of
// the file (no header line to skip there).
class DocumentParser {
 public:
  DocumentParser(const std::string& path, DocumentFormat format, EmptyLines empty_lines, bool first_part)
      : path_(path), format_(format), empty_lines_(empty_lines), first_(first_part) {
    docs.format = format;
  }

  void line(std::string_view line, std::uint64_t line_number) {
    if (format_ == DocumentFormat::Wikidoc) {
      if (starts_with(line, "<doc")) {
        if (inside_) throw_input_error(path_, line_number, "<doc> opened inside another <doc> (opened at line " + std::to_string(opened_at_) + ")");
        inside_ = true;
        opened_at_ = line_number;
        docs.titles.push_back(attribute(line, "title"));
        text_.clear();
      } else if (starts_with(line, "</doc")) {
        if (!inside_) throw_input_error(path_, line_number, "</doc> without an opening <doc>");
        inside_ = false;
        docs.texts.push_back(std::move(text_));
        text_ = std::string();
      } else if (inside_) {
        if (!text_.empty()) text_ += '\n';
        text_ += line;
      } else if (!trim(line).empty()) {
        throw_input_error(path_, line_number, "text outside a <doc> … </doc> block");
      }
      return;
    }
    if (trim(line).empty() && (format_ == DocumentFormat::Labeled || empty_lines_ == EmptyLines::Skip)) {
      ++empty;
      first_ = false;
      return;
    }
    if (format_ == DocumentFormat::Labeled) {
      const auto tab = line.find('\t');
      if (tab == std::string_view::npos)
        throw_input_error(path_, line_number, "expected 'label<TAB>text' (no TAB found)");
      std::string_view label = trim(line.substr(0, tab));
      if (label.empty()) throw_input_error(path_, line_number, "empty label before the TAB");
      if (first_ && is_header_label(label)) {
        first_ = false;
        return;
      }
      docs.labels.emplace_back(label);
      docs.texts.emplace_back(line.substr(tab + 1));
    } else {
      docs.texts.emplace_back(line);
    }
    first_ = false;
  }

  // At the end of the input (or of a part, which must end outside a block).
  void finish() {
    if (inside_) throw_input_error(path_, opened_at_, "<doc> block is never closed");
  }

  Documents docs;
  std::uint64_t empty = 0;

 private:
  const std::string& path_;
  DocumentFormat format_;
  EmptyLines empty_lines_;
  bool first_;
  bool inside_ = false;
  std::uint64_t opened_at_ = 0;
  std::string text_;
};

// Reads the lines of the regular file open as `fd` that start at file offsets
// in [begin, end), in chunks with pread (so several threads read one file),
// and calls on_line(line, offset of its first byte) for each until it returns
// false. Lines are what LineReader yields: "\n" and then one "\r" stripped, the
// last line possibly unterminated, a UTF-8 byte order mark at offset 0 skipped.
template <typename OnLine>
void for_each_line(int fd, const std::string& path, std::uint64_t begin, std::uint64_t end, OnLine on_line) {
  std::vector<char> buffer(std::size_t{4} << 20);
  std::size_t pos = 0, filled = 0;  // unread bytes: buffer[pos, filled)
  std::uint64_t offset = begin;     // file offset of buffer[filled]
  std::uint64_t line_start = begin; // file offset of buffer[pos]
  bool eof = false;
  while (line_start < end) {
    char* newline = static_cast<char*>(std::memchr(buffer.data() + pos, '\n', filled - pos));
    if (newline == nullptr && !eof) {
      // The line continues past the buffer: move it to the front (grow the
      // buffer if it fills all of it) and read more.
      std::memmove(buffer.data(), buffer.data() + pos, filled - pos);
      filled -= pos;
      pos = 0;
      if (filled == buffer.size()) buffer.resize(2 * buffer.size());
      const ssize_t n = ::pread(fd, buffer.data() + filled, buffer.size() - filled, static_cast<off_t>(offset));
      if (n < 0) {
        if (errno == EINTR) continue;
        throw_input_error(path, 0, std::string("read error: ") + std::strerror(errno));
      }
      eof = n == 0;
      filled += static_cast<std::size_t>(n);
      offset += static_cast<std::uint64_t>(n);
      continue;
    }
    if (newline == nullptr && pos == filled) return;  // end of file
    const std::size_t length = (newline ? static_cast<std::size_t>(newline - buffer.data()) : filled) - pos;
    std::string_view line(buffer.data() + pos, length);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_start == 0 && starts_with(line, kUtf8Bom)) line.remove_prefix(kUtf8Bom.size());
    if (!on_line(line, line_start)) return;
    const std::size_t consumed = length + (newline ? 1 : 0);
    pos += consumed;
    line_start += consumed;
  }
}

// Where a part of the file that should start near `nominal` (> 0) starts: the
// first line beginning at or after it — for wikidoc, the first "<doc" line —
// or `size` if there is none.
std::uint64_t part_start(int fd, const std::string& path, std::uint64_t nominal, std::uint64_t size,
                         DocumentFormat format) {
  std::uint64_t found = size;
  bool partial = true;  // reading from nominal − 1, the first "line" is the rest of a line
  for_each_line(fd, path, nominal - 1, size, [&](std::string_view line, std::uint64_t at) {
    if (partial) {
      partial = false;
      return true;
    }
    if (format == DocumentFormat::Wikidoc && !starts_with(line, "<doc")) return true;
    found = at;
    return false;
  });
  return found;
}

// Below this many bytes per thread a file is read by one thread.
constexpr std::uint64_t kBytesPerReader = std::uint64_t{16} << 20;

// The fast reader of a regular file: up to `threads` parts, each cut at a line
// (wikidoc: a "<doc" line) and parsed by its own thread, joined in order.
// Returns false, having read nothing usable, if any part fails: the caller
// then reads the file serially, which reports the error with its line number.
bool read_document_parts(const std::string& path, DocumentFormat format, EmptyLines empty_lines,
                         int threads, std::uint64_t size, Documents& out, std::uint64_t& empty) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  const int parts_wanted = static_cast<int>(std::max<std::uint64_t>(
      1, std::min<std::uint64_t>(static_cast<std::uint64_t>(std::max(threads, 1)), size / kBytesPerReader)));
  std::vector<std::uint64_t> starts{0};
  for (int k = 1; k < parts_wanted; ++k) {
    const std::uint64_t at = part_start(fd, path, size / parts_wanted * k, size, format);
    if (at > starts.back() && at < size) starts.push_back(at);
  }
  const int parts = static_cast<int>(starts.size());
  starts.push_back(std::numeric_limits<std::uint64_t>::max());  // the last part reads to the end
  std::vector<std::unique_ptr<DocumentParser>> parsers(parts);
  std::atomic<bool> failed{false};
#pragma omp parallel for num_threads(parts) schedule(static, 1)
  for (int k = 0; k < parts; ++k) {
    try {
      parsers[k] = std::make_unique<DocumentParser>(path, format, empty_lines, k == 0);
      DocumentParser& parser = *parsers[k];
      for_each_line(fd, path, starts[k], starts[k + 1], [&](std::string_view line, std::uint64_t) {
        parser.line(line, 0);
        return !failed.load(std::memory_order_relaxed);
      });
      parser.finish();
    } catch (...) {
      failed.store(true);
    }
  }
  if (failed.load()) return false;
  out = std::move(parsers[0]->docs);
  empty = parsers[0]->empty;
  for (int k = 1; k < parts; ++k) {
    Documents& part = parsers[k]->docs;
    for (auto [to, from] : {std::pair{&out.texts, &part.texts}, std::pair{&out.labels, &part.labels},
                            std::pair{&out.titles, &part.titles}})
      to->insert(to->end(), std::make_move_iterator(from->begin()), std::make_move_iterator(from->end()));
    empty += parsers[k]->empty;
  }
  return true;
}

}  // namespace

Documents read_documents(const std::string& path, DocumentFormat format, std::uint64_t* skipped_empty,
                         EmptyLines empty_lines, int threads) {
  require_readable_file(path);
  std::string head;
  FilePtr file = open_input_peek(path, format == DocumentFormat::Auto ? kDetectBytes : 0, head);
  const std::int64_t size = file_size(path);
  if (format == DocumentFormat::Auto) {
    if (size >= 0) {
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
  std::uint64_t empty = 0;
  // A regular file is read in parallel parts; standard input, a FIFO, or a
  // file whose parts fail (to report the error) line by line.
  if (size < 0 || !read_document_parts(path, format, empty_lines, threads, static_cast<std::uint64_t>(size),
                                       docs, empty)) {
    LineReader reader(path, std::move(file));
    DocumentParser parser(path, format, empty_lines, true);
    std::string line;
    while (reader.next(line)) parser.line(line, reader.line_number());
    parser.finish();
    docs = std::move(parser.docs);
    empty = parser.empty;
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
