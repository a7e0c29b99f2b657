#include "document_rows.h"

#include <unordered_set>

#include "core/atomic_file.h"
#include "core/error.h"
#include "tfidf_command.h"

namespace embkit::cli {

std::vector<std::string> document_row_labels(const Documents& docs) {
  if (docs.format == DocumentFormat::Wikidoc && docs.titles.size() == docs.texts.size()) {
    std::unordered_set<std::string> seen;
    bool usable = true;
    for (const std::string& title : docs.titles) {
      // A label is one whitespace-free field of a .vec line.
      usable = !title.empty() && title.find_first_of(" \t\n\r") == std::string::npos && seen.insert(title).second;
      if (!usable) break;
    }
    if (usable) return docs.titles;
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
