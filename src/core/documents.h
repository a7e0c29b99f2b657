// Document collections: the input of TF-IDF, LSA, bag-of-words and classification.
//
// Formats:
//   Lines    one document per line
//   Labeled  "label<TAB>text" per line (Reuters R8, ...); a first line whose
//            label field is "class" or "label" (any case) is a header and skipped
//   Wikidoc  WikiExtractor's article dump: "<doc …>" … "</doc>" blocks, one
//            document each (the title line after "<doc" is kept as text)
// Auto-detection (Format::Auto) looks at the first non-empty line: "<doc" →
// Wikidoc; a TAB with a short label before it (no spaces, ≤ 64 bytes) on the
// first lines → Labeled; otherwise Lines.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace embkit {

enum class DocumentFormat { Auto, Lines, Labeled, Wikidoc };
DocumentFormat parse_document_format(const std::string& name);  // auto|lines|labeled|wikidoc
const char* document_format_name(DocumentFormat format);

struct Documents {
  std::vector<std::string> texts;
  std::vector<std::string> labels;  // empty unless the format is Labeled
  std::vector<std::string> titles;  // Wikidoc titles (title="…"), empty otherwise
  DocumentFormat format = DocumentFormat::Lines;
};

DocumentFormat detect_document_format(const std::string& path);

// What an empty (or all-blank) line is in Lines format: skipped, or an empty
// document (scikit-learn's vectorizers give every input string a row).
enum class EmptyLines { Skip, Keep };

// Reads the whole collection into memory. Empty lines are skipped in Labeled
// format, and in Lines format unless `empty_lines` is Keep (skipped ones are
// counted in `skipped_empty`); a Labeled line without a TAB is an InputError
// naming file and line; an unterminated <doc> block too. A regular file of
// more than 16 MiB per thread is read by up to `threads` threads, each parsing
// a part cut at a line boundary (wikidoc: at a "<doc" line); the result is the
// same as the serial reading's.
Documents read_documents(const std::string& path, DocumentFormat format = DocumentFormat::Auto,
                         std::uint64_t* skipped_empty = nullptr, EmptyLines empty_lines = EmptyLines::Skip,
                         int threads = 1);

// Cuts every document into consecutive pieces of `words` whitespace-separated
// tokens (the last piece of a document may be shorter); each piece keeps its
// document's label and title. For corpora with no document structure — text8
// is one 100 MB line — so that TF-IDF and LSA see contexts of a chosen size.
// UsageError if words < 1.
Documents split_documents(const Documents& docs, std::int64_t words);

}  // namespace embkit
