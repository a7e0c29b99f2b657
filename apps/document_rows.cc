#include "document_rows.h"

#include <unordered_set>

#include "core/atomic_file.h"
#include "core/error.h"
#include "tfidf_command.h"

namespace embkit::cli {

std::vector<std::string> document_row_labels(const Documents& docs) {
  if (docs.format == DocumentFormat::Wikidoc && docs.titles.size() == docs.texts.size()) {
    // A label is one whitespace-free field of a .vec line: spaces become '_',
    // as in Wikipedia's own URLs ("Albert_Einstein").
    std::vector<std::string> labels;
    std::unordered_set<std::string> seen;
    for (std::string title : docs.titles) {
      for (char& c : title)
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') c = '_';
      if (title.empty() || !seen.insert(title).second) break;
      labels.push_back(std::move(title));
    }
    if (labels.size() == docs.texts.size()) return labels;
  }
  return tfidf::document_row_names(docs.texts.size());
}

void write_document_labels(const std::string& path, const Documents& docs, const std::string& input) {
  if (path.empty()) return;
  const std::vector<std::string>& names = docs.format == DocumentFormat::Wikidoc ? docs.titles : docs.labels;
  if (names.size() != docs.texts.size())
    throw InputError(located(input, 0, "--labels-out needs labeled (label<TAB>text) or wikidoc input; this file was read as " +
                                           std::string(document_format_name(docs.format))));
  AtomicFile file(path, false);
  for (const std::string& name : names) file.stream() << name << '\n';
  file.commit();
}

}  // namespace embkit::cli
